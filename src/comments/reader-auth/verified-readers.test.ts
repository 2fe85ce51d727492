import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { parsePage, visibleText } from "../../../test/support/html.ts";
import { bodyOf, type Mailbox, startMailbox } from "../../../test/support/mailbox.ts";
import { type CommentsDemo, commentForm, postForm, startCommentsDemo } from "../comment-test-support.ts";

const cookieOf = (setCookie: unknown) =>
  String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(";")[0] ?? "";

for (const database of testDatabases()) {
  describe(`verified readers on ${database.name}`, () => {
    let demo: CommentsDemo;
    let mailbox: Mailbox;
    let cookie = "";

    before(async () => {
      mailbox = await startMailbox();
      demo = await startCommentsDemo(database, {
        SMTP_URL: mailbox.url,
        SMTP_FROM: "Tribune <comments@tribune.test>",
        COMMENT_POLICY_EN: "premoderate-first",
      });
    });
    after(async () => {
      await demo.close();
      await mailbox.close();
    });

    const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      demo.app.inject({
        method: "POST",
        url,
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        payload: new URLSearchParams(fields).toString(),
      });

    test("a reader asks for a link, gets it by e-mail, confirms with a button and is signed in", async () => {
      const article = await demo.article("en");
      const threadPage = (await demo.app.inject(article.threadPath)).body;
      const signInLink = parsePage(threadPage).querySelector("#comment-email-help a")?.getAttribute("href");
      // The return path is inside the edition (no prefix, no host): nowhere else can be named.
      const inside = article.threadPath.replace(/^\/en/, "");
      assert.equal(signInLink, `/en/comments/sign-in?return=${encodeURIComponent(inside)}`);
      assert.equal((await demo.app.inject(signInLink ?? "")).statusCode, 200);

      const asked = await form("/en/comments/sign-in", { email: "Reader@Example.org", return: inside });
      assert.equal(asked.statusCode, 200);
      assert.match(
        parsePage(asked.body).querySelector(".comment-notice")?.textContent ?? "",
        /sign-in link is on its way/,
      );
      const mail = await mailbox.next();
      assert.match(mail, /^To: reader@example\.org/im);
      assert.match(mail, /^From: Tribune <comments@tribune\.test>/im);
      const link = /http:\/\/tribune\.test(\/en\/comments\/verify\?token=[A-Za-z0-9_-]{43})/.exec(
        bodyOf(mail),
      )?.[1];
      assert.ok(link, "the e-mail carries the link");

      // Opening the link (as a mail scanner would) signs nobody in: it shows a button.
      const confirmPage = await demo.app.inject(link);
      assert.equal(confirmPage.statusCode, 200);
      assert.equal(confirmPage.headers["referrer-policy"], "no-referrer");
      assert.equal(confirmPage.headers["set-cookie"], undefined);
      const token =
        parsePage(confirmPage.body).querySelector('input[name="token"]')?.getAttribute("value") ?? "";

      const confirmed = await form("/en/comments/verify", { token });
      assert.equal(confirmed.statusCode, 303);
      assert.equal(confirmed.headers.location, article.threadPath);
      const setCookie = String(confirmed.headers["set-cookie"]);
      assert.match(
        setCookie,
        /^tribune_reader=\d+\.\d+\.[A-Za-z0-9_-]{43}; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/,
      );
      cookie = cookieOf(setCookie);

      // The link works once.
      assert.equal((await form("/en/comments/verify", { token })).statusCode, 400);
    });

    test("the script learns who is signed in, never their e-mail", async () => {
      const me = await demo.app.inject({ url: "/en/comments/me", headers: { cookie } });
      assert.equal(me.headers["cache-control"], "private, no-store");
      assert.equal(me.json().signedIn, true);
      assert.ok(!me.body.includes("example.org"));
      const forged = await demo.app.inject({
        url: "/en/comments/me",
        headers: { cookie: cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A")) },
      });
      assert.deepEqual(forged.json(), { signedIn: false });
    });

    test("a verified reader comments without typing the e-mail, and the comment says they are verified", async () => {
      const article = await demo.article("en");
      const posted = await postForm(
        demo.app,
        article.threadPath,
        commentForm({ name: "Vera", email: "", text: "Verified and first." }),
        { cookie },
      );
      assert.equal(posted.statusCode, 303);
      const id = Number(/#comment-(\d+)$|notice=pending/.exec(String(posted.headers.location))?.[1] ?? 0);
      const row = await demo.database.db
        .selectFrom("comments")
        .select(["id", "authorEmail", "verifiedReaderId", "status"])
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      assert.ok(id === 0 || id === row.id);
      assert.equal(row.authorEmail, "reader@example.org");
      assert.ok(row.verifiedReaderId !== null);
      assert.equal(row.status, "pending", "a first comment waits, verified or not");
      await demo.database.db
        .updateTable("comments")
        .set({ status: "approved" })
        .where("id", "=", row.id)
        .execute();
      // Known now: the next one is published at once, marked as a verified reader's.
      const second = await postForm(
        demo.app,
        article.threadPath,
        commentForm({ name: "", email: "", text: "Verified, second." }),
        { cookie },
      );
      assert.match(String(second.headers.location), /notice=posted/);
      const page = parsePage((await demo.app.inject(String(second.headers.location))).body);
      const item = page.querySelector(
        `#comment-${/#comment-(\d+)$/.exec(String(second.headers.location))?.[1]}`,
      );
      assert.equal(item?.querySelector(".comment-author")?.textContent, "Vera", "the name was remembered");
      assert.match(item?.querySelector(".comment-verified")?.textContent ?? "", /Verified reader/);
    });

    test("sign-in links are limited per address, and bad or expired tokens are refused", async () => {
      for (let i = 0; i < 3; i++)
        assert.equal(
          (await form("/en/comments/sign-in", { email: "often@example.org", return: "/" })).statusCode,
          200,
        );
      for (let i = 0; i < 3; i++) await mailbox.next();
      const limited = await form("/en/comments/sign-in", { email: "often@example.org", return: "/" });
      assert.equal(limited.statusCode, 429);
      assert.equal((await form("/en/comments/sign-in", { email: "nonsense", return: "/" })).statusCode, 400);
      assert.equal((await form("/en/comments/verify", { token: "x".repeat(43) })).statusCode, 400);
      await demo.database.db
        .updateTable("readerLoginTokens")
        .set({ expiresAt: "2000-01-01T00:00:00.000Z" })
        .execute();
      const mail = bodyOf(mailbox.messages.at(-1) ?? "");
      const token = /token=([A-Za-z0-9_-]{43})/.exec(mail)?.[1] ?? "";
      assert.equal((await form("/en/comments/verify", { token })).statusCode, 400);
    });

    test("a return address outside the site is ignored", async () => {
      await form("/en/comments/sign-in", { email: "redirect@example.org", return: "//evil.example/x" });
      const token = /token=([A-Za-z0-9_-]{43})/.exec(bodyOf(await mailbox.next()))?.[1] ?? "";
      const confirmed = await form("/en/comments/verify", { token });
      assert.equal(confirmed.headers.location, "/en/");
    });

    test("signing out clears the cookie", async () => {
      const out = await demo.app.inject({
        method: "POST",
        url: "/en/comments/sign-out?return=/en/",
        headers: { cookie },
      });
      assert.equal(out.statusCode, 303);
      assert.match(String(out.headers["set-cookie"]), /^tribune_reader=; Path=\/; Expires=Thu, 01 Jan 1970/);
    });
  });
}

describe("without an SMTP server", () => {
  test("verified readers are off: no sign-in link, and the sign-in pages answer 404 saying so", async () => {
    const [database] = testDatabases();
    assert.ok(database);
    const demo = await startCommentsDemo(database);
    try {
      const article = await demo.article("en");
      const page = parsePage((await demo.app.inject(article.threadPath)).body);
      assert.equal(page.querySelector("#comment-email-help a"), null);
      assert.equal(page.querySelector("#comment-email")?.hasAttribute("required"), true);
      for (const request of [
        { url: "/en/comments/sign-in" },
        { url: "/en/comments/verify?token=abc" },
        { method: "POST" as const, url: "/en/comments/sign-in", payload: "email=a%40example.org" },
      ]) {
        const signIn = await demo.app.inject({
          ...request,
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
        assert.equal(signIn.statusCode, 404, `${request.url} is switched off, not failing`);
        assert.match(visibleText(parsePage(signIn.body)), /e-mail|sign-in|verified/i);
      }
    } finally {
      await demo.close();
    }
  });
});
