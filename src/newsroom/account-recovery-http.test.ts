import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage, visibleText } from "../../test/support/html.ts";
import { bodyOf, type Mailbox, startMailbox } from "../../test/support/mailbox.ts";
import {
  createTestUser,
  NewsroomClient,
  type NewsroomSession,
  signInAs,
  TEST_PASSWORD,
} from "../../test/support/newsroom.ts";

const NEW_PASSWORD = "a brand new long password";

/** The path of the reset link in an e-mail. */
const linkIn = (message: string) =>
  /http:\/\/tribune\.test(\/newsroom\/reset-password\/[A-Za-z0-9_-]{43})/.exec(bodyOf(message))?.[1] ?? "";

const textOf = (html: string) => visibleText(parsePage(html));

for (const database of testDatabases()) {
  describe(`account recovery over HTTP on ${database.name}`, () => {
    let demo: DemoApp;
    let mailbox: Mailbox;
    let admin: NewsroomSession;

    before(async () => {
      mailbox = await startMailbox();
      demo = await startDemoApp(database, {
        SMTP_URL: mailbox.url,
        SMTP_FROM: "Newsroom <news@tribune.test>",
      });
      admin = await signInAs(demo.app, demo.database.db, "admin", { name: "Ada Admin" });
    });
    after(async () => {
      await demo.close();
      await mailbox.close();
    });

    const anonymous = (ip?: string) => new NewsroomClient(demo.app, ip);

    /** Asks for a link from a fresh browser; returns the answer. */
    const ask = async (email: string, ip = "10.1.0.1") => {
      const browser = anonymous(ip);
      await browser.get("/newsroom/forgot-password");
      return browser.post("/newsroom/forgot-password", { email });
    };

    test("forgot password: the same answer for any address, and a link mailed only to an account", async () => {
      const user = await createTestUser(demo.database.db, "editor", { email: "forgetful@example.org" });
      const signInPage = parsePage((await anonymous().get("/newsroom/sign-in")).body);
      assert.equal(
        signInPage.querySelector('a[href="/newsroom/forgot-password"]')?.textContent,
        "Forgot your password?",
      );
      const sentBefore = mailbox.messages.length;
      const unknown = await ask("nobody-here@example.org");
      const known = await ask("Forgetful@Example.org");
      for (const answer of [unknown, known]) {
        assert.equal(answer.statusCode, 303);
        assert.equal(answer.headers.location, "/newsroom/forgot-password?sent=1");
      }
      const sent = await anonymous().get("/newsroom/forgot-password?sent=1");
      assert.match(textOf(sent.body), /If an account exists for that address, we have sent it a link/);

      const mail = await mailbox.next();
      assert.match(mail, /^To: forgetful@example\.org/im);
      assert.match(mail, /^From: Newsroom <news@tribune\.test>/im);
      const link = linkIn(mail);
      assert.ok(link, "the e-mail carries the link");
      await sleep(200);
      assert.equal(mailbox.messages.length, sentBefore + 1, "nothing was sent to the unknown address");

      const browser = anonymous("10.1.0.2");
      const page = await browser.get(link);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers["referrer-policy"], "no-referrer", "the link is nobody's referrer");
      const form = parsePage(page.body).querySelector("form");
      assert.equal(form?.getAttribute("action"), link);
      assert.match(textOf(page.body), /For the account forgetful@example\.org/);

      const mismatch = await browser.post(link, {
        newPassword: NEW_PASSWORD,
        repeatPassword: "something else",
      });
      assert.equal(mismatch.statusCode, 400);
      assert.match(textOf(mismatch.body), /New password again: the two new passwords are not the same/);
      const tooShort = await browser.post(link, { newPassword: "short", repeatPassword: "short" });
      assert.equal(tooShort.statusCode, 400);
      assert.match(textOf(tooShort.body), /New password: must be at least 12 characters/);

      const done = await browser.post(link, { newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, "/newsroom/sign-in?reset=1&email=forgetful%40example.org");
      const signIn = parsePage((await browser.get(String(done.headers.location))).body);
      assert.match(signIn.querySelector(".notice")?.textContent ?? "", /Your password has been changed/);
      assert.equal(
        signIn.querySelector('input[name="email"]')?.getAttribute("value"),
        "forgetful@example.org",
      );
      await browser.signIn(user.email, NEW_PASSWORD);
      const forged = await anonymous().inject({
        method: "POST",
        url: "/newsroom/forgot-password",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "email=forgetful%40example.org",
      });
      assert.equal(forged.statusCode, 403, "a form without its CSRF token is refused");

      const again = await anonymous().get(link);
      assert.equal(again.statusCode, 410);
      assert.match(textOf(again.body), /already been used/);
      assert.ok(parsePage(again.body).querySelector('a[href="/newsroom/forgot-password"]'));
      const reused = await browser.post(link, {
        newPassword: "another long password",
        repeatPassword: "another long password",
      });
      assert.equal(reused.statusCode, 410);
      assert.equal((await anonymous().get("/newsroom/reset-password/not-a-token")).statusCode, 404);
    });

    test("the old password stops working once a link is used", async () => {
      const user = await createTestUser(demo.database.db, "contributor", { email: "oldpass@example.org" });
      const signedIn = anonymous("10.1.1.1");
      await signedIn.signIn(user.email, TEST_PASSWORD);
      await ask(user.email, "10.1.1.2");
      const link = linkIn(await mailbox.next());
      const browser = anonymous("10.1.1.3");
      await browser.get(link);
      await browser.post(link, { newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD });
      const ended = await signedIn.get("/newsroom");
      assert.equal(ended.statusCode, 303, "the session signed in before the reset has ended");
      const old = anonymous("10.1.1.4");
      await old.get("/newsroom/sign-in");
      const refused = await old.post("/newsroom/sign-in", { email: user.email, password: TEST_PASSWORD });
      assert.equal(refused.statusCode, 401);
    });

    test("a fourth request for one address within the hour is refused, with when to try again", async () => {
      for (let i = 0; i < 3; i++)
        assert.equal((await ask("flood@example.org", `10.1.2.${i}`)).statusCode, 303);
      const refused = await ask("flood@example.org", "10.1.2.9");
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers["retry-after"]) > 0);
      assert.match(textOf(refused.body), /Too many password reset requests\. Try again in 60 minutes/);
      const malformed = await ask("not an address", "10.1.2.10");
      assert.equal(malformed.statusCode, 400);
      assert.match(textOf(malformed.body), /Email: "not an address" is not an email address/);
    });

    test("an admin resets another user's password after confirming, and sees the one-time password once", async () => {
      const user = await createTestUser(demo.database.db, "editor", {
        email: "locked-out@example.org",
        name: "Lou",
      });
      const userBrowser = anonymous("10.1.3.1");
      await userBrowser.signIn(user.email, TEST_PASSWORD);

      const users = parsePage((await admin.get("/newsroom/users")).body);
      const resetLink = users.querySelector(`a[href="/newsroom/users/${user.id}/reset-password"]`);
      assert.equal(resetLink?.textContent?.trim(), "Reset password");
      assert.equal(
        users.querySelector(`a[href="/newsroom/users/${admin.user.id}/reset-password"]`),
        null,
        "not for oneself",
      );
      const question = await admin.get(`/newsroom/users/${user.id}/reset-password`);
      assert.equal(question.statusCode, 200);
      assert.match(textOf(question.body), /Reset this password\?.*Lou \(locked-out@example\.org\)/s);

      const unconfirmed = await admin.post(`/newsroom/users/${user.id}/reset-password`);
      assert.equal(unconfirmed.statusCode, 303);
      assert.equal(unconfirmed.headers.location, `/newsroom/users/${user.id}/reset-password`);
      assert.equal((await userBrowser.get("/newsroom")).statusCode, 200, "nothing happened yet");

      const confirmed = await admin.post(`/newsroom/users/${user.id}/reset-password`, { confirm: "yes" });
      assert.equal(confirmed.statusCode, 200);
      const oneTime =
        parsePage(confirmed.body).querySelector("#one-time-password")?.getAttribute("value") ?? "";
      assert.match(oneTime, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      assert.equal((await userBrowser.get("/newsroom")).statusCode, 303, "signed out everywhere");

      const again = anonymous("10.1.3.2");
      await again.get("/newsroom/sign-in");
      const signedIn = await again.post("/newsroom/sign-in", { email: user.email, password: oneTime });
      assert.equal(signedIn.statusCode, 303);
      assert.equal(signedIn.headers.location, "/newsroom/change-password");

      const own = await admin.post(`/newsroom/users/${admin.user.id}/reset-password`, { confirm: "yes" });
      assert.equal(own.statusCode, 400);
      assert.match(textOf(own.body), /you cannot reset your own password here/);
      const editor = await signInAs(demo.app, demo.database.db, "editor", { ip: "10.1.3.3" });
      await editor.get("/newsroom");
      const forbidden = await editor.post(`/newsroom/users/${user.id}/reset-password`, { confirm: "yes" });
      assert.equal(forbidden.statusCode, 403);
    });
  });

  describe(`account recovery without SMTP on ${database.name}`, () => {
    let demo: DemoApp;
    before(async () => {
      demo = await startDemoApp(database);
    });
    after(() => demo.close());

    test("forgot password says plainly that the site sends no e-mail, and offers no form", async () => {
      const browser = new NewsroomClient(demo.app);
      const page = await browser.get("/newsroom/forgot-password");
      assert.equal(page.statusCode, 200);
      assert.match(textOf(page.body), /This site does not send e-mail.*Ask an administrator/s);
      assert.equal(parsePage(page.body).querySelector('input[name="email"]'), null);
      const posted = await browser.post("/newsroom/forgot-password", { email: "someone@example.org" });
      assert.equal(posted.statusCode, 503);
      assert.match(textOf(posted.body), /does not send e-mail/);
      const stored = await demo.database.db.selectFrom("passwordResets").selectAll().execute();
      assert.deepEqual(stored, []);
    });
  });
}
