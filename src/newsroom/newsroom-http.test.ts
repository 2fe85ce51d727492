import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage, visibleText } from "../../test/support/html.ts";
import {
  createTestUser,
  NewsroomClient,
  type NewsroomSession,
  setCookieLine,
  signInAs,
  TEST_PASSWORD,
} from "../../test/support/newsroom.ts";
import { UserService } from "../accounts/user-service.ts";

const PROTECTIVE_HEADERS = {
  "x-robots-tag": "noindex, nofollow",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
};

for (const database of testDatabases()) {
  describe(`the newsroom over HTTP on ${database.name}`, () => {
    let demo: DemoApp;
    let admin: NewsroomSession;

    before(async () => {
      demo = await startDemoApp(database);
      admin = await signInAs(demo.app, demo.database.db, "admin", { name: "Ada Admin" });
    });
    after(() => demo.close());

    const anonymous = (ip?: string) => new NewsroomClient(demo.app, ip);

    test("sends a visitor who is not signed in to the sign-in page, keeping where they were going", async () => {
      const page = await anonymous().get("/newsroom/users?done=role");
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, "/newsroom/sign-in?next=%2Fnewsroom%2Fusers%3Fdone%3Drole");
      assert.equal((await anonymous().get("/newsroom")).headers.location, "/newsroom/sign-in");
      const api = await anonymous().get("/newsroom/api/me");
      assert.equal(api.statusCode, 401);
      assert.equal(api.json().error, "UNAUTHENTICATED");
      const unknownPage = await anonymous().get("/newsroom/anything/at/all");
      assert.equal(unknownPage.statusCode, 303, "even unknown newsroom paths say nothing before sign-in");
    });

    test("signs in and out through the forms, with an HttpOnly, SameSite=Lax session cookie on /newsroom", async () => {
      const user = await createTestUser(demo.database.db, "editor");
      const browser = anonymous();
      const form = await browser.get("/newsroom/sign-in");
      assert.equal(form.statusCode, 200);
      const csrfCookie = setCookieLine(form, "tribune_csrf") ?? "";
      assert.match(csrfCookie, /; Path=\/newsroom; HttpOnly; SameSite=Lax/);
      const signedIn = await browser.post("/newsroom/sign-in", {
        email: user.email,
        password: TEST_PASSWORD,
      });
      assert.equal(signedIn.statusCode, 303);
      assert.equal(signedIn.headers.location, "/newsroom");
      const cookie = setCookieLine(signedIn, "tribune_session") ?? "";
      assert.match(cookie, /^tribune_session=[A-Za-z0-9_-]{43};/);
      assert.match(cookie, /; Path=\/newsroom/);
      assert.match(cookie, /; HttpOnly/);
      assert.match(cookie, /; SameSite=Lax/);
      assert.match(cookie, /; Expires=/);
      assert.doesNotMatch(cookie, /Secure/, "plain HTTP: not Secure, or the browser would drop it");

      const dashboard = await browser.get("/newsroom");
      assert.equal(dashboard.statusCode, 200);
      const header = parsePage(dashboard.body).querySelector("header")?.textContent ?? "";
      assert.match(header, /Test editor/);
      assert.match(header, /editor/);

      const stolen = browser.cookies.tribune_session;
      const out = await browser.post("/newsroom/sign-out");
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, "/newsroom/sign-in?signedOut=1");
      assert.match(
        setCookieLine(out, "tribune_session") ?? "",
        /tribune_session=;.*Expires=Thu, 01 Jan 1970/,
      );
      const replay = await demo.app.inject({
        url: "/newsroom",
        headers: { cookie: `tribune_session=${stolen}` },
      });
      assert.equal(replay.statusCode, 303, "a signed-out session's cookie opens nothing");
      assert.match((await browser.get("/newsroom/sign-in?signedOut=1")).body, /You have been signed out\./);
    });

    test("makes its cookies Secure behind an HTTPS proxy, and on an https site", async () => {
      const user = await createTestUser(demo.database.db, "editor");
      const https = { "x-forwarded-proto": "https" };
      const browser = anonymous();
      const form = await browser.get("/newsroom/sign-in", https);
      assert.match(setCookieLine(form, "tribune_csrf") ?? "", /; Secure/);
      const signedIn = await browser.post(
        "/newsroom/sign-in",
        { email: user.email, password: TEST_PASSWORD },
        https,
      );
      assert.match(
        setCookieLine(signedIn, "tribune_session") ?? "",
        /; HttpOnly; Secure; SameSite=Lax|; Secure/,
      );

      const site = await startDemoApp(database, { PUBLIC_URL: "https://news.example.org" });
      try {
        const page = await site.app.inject("/newsroom/sign-in");
        assert.match(setCookieLine(page, "tribune_csrf") ?? "", /; Secure/);
      } finally {
        await site.close();
      }
    });

    test("keeps the email typed after a refused sign-in, and says what went wrong", async () => {
      const browser = anonymous("203.0.113.10");
      await browser.get("/newsroom/sign-in");
      const refused = await browser.post("/newsroom/sign-in", {
        email: "Someone@Example.org",
        password: "wrong password",
      });
      assert.equal(refused.statusCode, 401);
      assert.equal(browser.cookies.tribune_session, undefined);
      const page = parsePage(refused.body);
      assert.equal(page.querySelector('input[name="email"]')?.getAttribute("value"), "Someone@Example.org");
      assert.equal(
        page.querySelector('input[name="password"]')?.getAttribute("value"),
        null,
        "never the password",
      );
      assert.match(page.querySelector('[role="alert"]')?.textContent ?? "", /do not match an account/);
    });

    test("follows `next` only inside the newsroom: no open redirect", async () => {
      const user = await createTestUser(demo.database.db, "editor");
      const attempts = [
        "https://evil.example/",
        "//evil.example/newsroom",
        "/\\evil.example",
        "/newsroom/../../evil",
        "javascript:alert(1)",
        "/newsroomevil",
        "/%2F%2Fevil.example",
        "/newsroom\t//evil.example",
        "http:/evil.example",
        "",
      ];
      for (const next of attempts) {
        const browser = anonymous();
        const form = await browser.get(`/newsroom/sign-in?next=${encodeURIComponent(next)}`);
        assert.ok(!parsePage(form.body).querySelector('input[name="next"]'), `next=${next} is not carried`);
        const response = await browser.post("/newsroom/sign-in", {
          email: user.email,
          password: TEST_PASSWORD,
          next,
        });
        assert.equal(response.statusCode, 303);
        assert.equal(response.headers.location, "/newsroom", `next=${JSON.stringify(next)}`);
      }
      const browser = anonymous();
      await browser.get("/newsroom/sign-in?next=%2Fnewsroom%2Fusers%3Fdone%3Drole");
      const good = await browser.post("/newsroom/sign-in", {
        email: user.email,
        password: TEST_PASSWORD,
        next: "/newsroom/users?done=role",
      });
      assert.equal(good.headers.location, "/newsroom/users?done=role");
      // Already signed in, the sign-in page forwards, and just as carefully.
      assert.equal(
        (await browser.get("/newsroom/sign-in?next=//evil.example")).headers.location,
        "/newsroom",
      );
    });

    test("refuses every state-changing request without the right CSRF token, changing nothing", async () => {
      const db = demo.database.db;
      const victim = await signInAs(demo.app, db, "contributor");
      const other = await signInAs(demo.app, db, "admin");
      const invite = await admin.post("/newsroom/users/invite", {
        email: "csrf-invitee@example.org",
        role: "editor",
      });
      const inviteUrl = /\/newsroom\/invite\/[A-Za-z0-9_-]{43}/.exec(invite.body)?.[0] ?? "";
      assert.ok(inviteUrl);
      const before = await snapshot();

      const routes: { who: NewsroomClient; url: string; fields: Record<string, string> }[] = [
        {
          who: admin,
          url: "/newsroom/users/invite",
          fields: { email: "nobody@example.org", role: "editor" },
        },
        { who: admin, url: `/newsroom/users/${victim.user.id}/role`, fields: { role: "admin" } },
        { who: admin, url: `/newsroom/users/${victim.user.id}/disable`, fields: {} },
        {
          who: victim,
          url: "/newsroom/change-password",
          fields: {
            currentPassword: TEST_PASSWORD,
            newPassword: "changed by someone else",
            repeatPassword: "changed by someone else",
          },
        },
        { who: victim, url: "/newsroom/sign-out", fields: {} },
        { who: victim, url: "/newsroom/sign-out-everywhere", fields: {} },
        {
          who: anonymous(),
          url: "/newsroom/sign-in",
          fields: { email: victim.user.email, password: TEST_PASSWORD },
        },
        {
          who: anonymous(),
          url: inviteUrl,
          fields: { name: "Mallory", password: "mallory's password", repeatPassword: "mallory's password" },
        },
      ];
      for (const { who, url, fields } of routes) {
        if (!who.csrfToken) await who.get("/newsroom/sign-in");
        for (const [label, token] of [
          ["no token", undefined],
          ["an empty token", ""],
          ["a wrong token", "x".repeat(43)],
          ["another session's token", other.csrfToken],
        ] as const) {
          const response = await who.inject({
            method: "POST",
            url,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            payload: new URLSearchParams(
              token === undefined ? fields : { ...fields, _csrf: token },
            ).toString(),
          });
          assert.equal(response.statusCode, 403, `${url} with ${label}`);
          assert.match(
            visibleText(parsePage(response.body)),
            /did not carry the newsroom's security token/,
            url,
          );
          assert.equal(
            response.headers["set-cookie"] === undefined ||
              !String(response.headers["set-cookie"]).includes("tribune_session="),
            true,
          );
        }
        // The header works for scripts, with the same rule.
        const wrongHeader = await who.inject({
          method: "POST",
          url,
          headers: { "content-type": "application/json", "x-csrf-token": "x".repeat(43) },
          payload: JSON.stringify(fields),
        });
        assert.equal(wrongHeader.statusCode, 403, `${url} with a wrong header`);
      }
      assert.deepEqual(await snapshot(), before, "nothing changed");

      // And the right token in the header is accepted (here: signing out through fetch).
      const viaHeader = await victim.inject({
        method: "POST",
        url: "/newsroom/sign-out",
        headers: { "x-csrf-token": victim.csrfToken },
      });
      assert.equal(viaHeader.statusCode, 303);

      async function snapshot() {
        return {
          users: await db
            .selectFrom("users")
            .select(["id", "role", "disabledAt", "passwordHash"])
            .orderBy("id")
            .execute(),
          sessions: (await db.selectFrom("sessions").select("id").orderBy("id").execute()).length,
          invites: await db
            .selectFrom("invites")
            .select(["tokenHash", "usedAt"])
            .orderBy("tokenHash")
            .execute(),
        };
      }
    });

    test("answers 429 with a clear message after repeated failures, per account and per address", async () => {
      const target = await createTestUser(demo.database.db, "editor");
      const browser = anonymous("198.51.100.1");
      await browser.get("/newsroom/sign-in");
      for (let i = 0; i < 5; i += 1) {
        const response = await browser.post("/newsroom/sign-in", {
          email: target.email,
          password: `guess ${i}`,
        });
        assert.equal(response.statusCode, 401);
      }
      const limited = await anonymous("198.51.100.2").post("/newsroom/sign-in", {
        email: target.email,
        password: TEST_PASSWORD,
      });
      assert.equal(limited.statusCode, 403, "without the form's token first");
      const fromElsewhere = anonymous("198.51.100.2");
      await fromElsewhere.get("/newsroom/sign-in");
      const locked = await fromElsewhere.post("/newsroom/sign-in", {
        email: target.email,
        password: TEST_PASSWORD,
      });
      assert.equal(locked.statusCode, 429);
      assert.match(
        locked.body,
        /Too many failed sign-in attempts for this account\. Try again in 15 minutes/,
      );
      assert.ok(Number(locked.headers["retry-after"]) > 800);
      assert.match(
        parsePage(locked.body).querySelector('input[name="email"]')?.getAttribute("value") ?? "",
        /editor-/,
      );

      const sprayer = anonymous("198.51.100.3");
      await sprayer.get("/newsroom/sign-in");
      for (let i = 0; i < 30; i += 1) {
        const response = await sprayer.post("/newsroom/sign-in", {
          email: `spray${i}@example.org`,
          password: "Password123!",
        });
        assert.equal(response.statusCode, 401);
      }
      const sprayed = await sprayer.post("/newsroom/sign-in", {
        email: "spray-more@example.org",
        password: "Password123!",
      });
      assert.equal(sprayed.statusCode, 429);
      assert.match(sprayed.body, /from your network/);
    });

    test("sends a user with a one-time password to change it before anything else", async () => {
      const { user, oneTimePassword } = await new UserService(demo.database.db).createUser(
        { email: "fresh@example.org", role: "editor", name: "Fresh Editor" },
        { via: "test" },
      );
      const browser = anonymous();
      await browser.get("/newsroom/sign-in?next=%2Fnewsroom%2Faudit");
      const signedIn = await browser.post("/newsroom/sign-in", {
        email: user.email,
        password: oneTimePassword ?? "",
        next: "/newsroom/audit",
      });
      assert.equal(signedIn.headers.location, "/newsroom/change-password?next=%2Fnewsroom%2Faudit");
      assert.equal((await browser.get("/newsroom")).headers.location, "/newsroom/change-password");
      assert.equal((await browser.get("/newsroom/api/me")).json().error, "PASSWORD_CHANGE_REQUIRED");
      const form = await browser.get("/newsroom/change-password");
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /You signed in with a one-time password/);
      const mismatch = await browser.post("/newsroom/change-password", {
        currentPassword: oneTimePassword ?? "",
        newPassword: "my own new password",
        repeatPassword: "my own new passw0rd",
      });
      assert.equal(mismatch.statusCode, 400);
      assert.match(mismatch.body, /New password again: the two new passwords are not the same/);
      const changed = await browser.post("/newsroom/change-password", {
        currentPassword: oneTimePassword ?? "",
        newPassword: "my own new password",
        repeatPassword: "my own new password",
        next: "/newsroom",
      });
      assert.equal(changed.statusCode, 303);
      assert.equal(changed.headers.location, "/newsroom");
      assert.equal((await browser.get("/newsroom")).statusCode, 200);
    });

    test("guesses of the current password count against the account like failed sign-ins, then 429, audited", async () => {
      const user = await createTestUser(demo.database.db, "editor");
      const thief = anonymous("198.51.100.40");
      await thief.signIn(user.email, user.password);
      await thief.get("/newsroom/change-password");
      const guess = (currentPassword: string) =>
        thief.post("/newsroom/change-password", {
          currentPassword,
          newPassword: "the thief's own password",
          repeatPassword: "the thief's own password",
        });
      for (let i = 0; i < 5; i += 1) {
        const wrong = await guess(`guess number ${i}`);
        assert.equal(wrong.statusCode, 400);
        assert.match(wrong.body, /Current password: is not your current password/);
      }
      const limited = await guess(TEST_PASSWORD);
      assert.equal(limited.statusCode, 429, "even the right password waits: no oracle past the limit");
      assert.ok(Number(limited.headers["retry-after"]) > 800, String(limited.headers["retry-after"]));
      assert.match(visibleText(parsePage(limited.body)), /Too many failed .* Try again in 15 minutes/);

      // The same count holds the sign-in form: the owner, too, waits.
      const owner = anonymous("198.51.100.41");
      await owner.get("/newsroom/sign-in");
      const signIn = await owner.post("/newsroom/sign-in", { email: user.email, password: TEST_PASSWORD });
      assert.equal(signIn.statusCode, 429);

      const entries = await demo.database.db
        .selectFrom("auditLog")
        .select(["action", "details"])
        .where("subjectType", "=", "user")
        .where("subjectId", "=", String(user.id))
        .where("action", "like", "password.%")
        .orderBy("id")
        .execute();
      assert.deepEqual(
        entries.map((entry) => [entry.action, JSON.parse(entry.details).reason]),
        [
          ...Array.from({ length: 5 }, () => ["password.change.failed", "wrong-password"]),
          ["password.change.failed", "rate-limited"],
        ],
      );
    });

    test("a right current password clears the account's failures, as a sign-in does", async () => {
      const user = await createTestUser(demo.database.db, "contributor");
      const browser = anonymous("198.51.100.42");
      await browser.signIn(user.email, user.password);
      await browser.get("/newsroom/change-password");
      for (let i = 0; i < 4; i += 1) {
        const wrong = await browser.post("/newsroom/change-password", {
          currentPassword: `not it ${i}`,
          newPassword: "a new long password",
          repeatPassword: "a new long password",
        });
        assert.equal(wrong.statusCode, 400);
      }
      const changed = await browser.post("/newsroom/change-password", {
        currentPassword: TEST_PASSWORD,
        newPassword: "a new long password",
        repeatPassword: "a new long password",
      });
      assert.equal(changed.statusCode, 303);
      const elsewhere = anonymous("198.51.100.43");
      await elsewhere.get("/newsroom/sign-in");
      for (let i = 0; i < 4; i += 1) {
        const failed = await elsewhere.post("/newsroom/sign-in", { email: user.email, password: `x${i}` });
        assert.equal(failed.statusCode, 401, "four failures left to the account, not none");
      }
      await elsewhere.signIn(user.email, "a new long password");
    });

    test("refuses NULs and out-of-range ids at the edge with 400 naming the field, storing nothing", async () => {
      const browser = anonymous("198.51.100.50");
      await browser.get("/newsroom/sign-in");
      const signIn = await browser.inject({
        method: "POST",
        url: "/newsroom/sign-in",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: `_csrf=${encodeURIComponent(browser.csrfToken)}&email=ana%00%40example.org&password=x`,
      });
      assert.equal(signIn.statusCode, 400);
      assert.match(visibleText(parsePage(signIn.body)), /email: must not contain NUL characters/);

      await admin.get("/newsroom/users");
      const invited = await admin.post("/newsroom/users/invite", {
        email: "nul\u0000@example.org",
        role: "editor",
      });
      assert.equal(invited.statusCode, 400);
      assert.match(visibleText(parsePage(invited.body)), /email: must not contain NUL characters/);
      const invites = await demo.database.db
        .selectFrom("invites")
        .select("email")
        .where("email", "like", "nul%")
        .execute();
      assert.deepEqual(invites, []);

      const search = await admin.get("/newsroom/search?q=a%00b");
      assert.equal(search.statusCode, 400);
      assert.match(visibleText(parsePage(search.body)), /q: must not contain NUL characters/);
      const api = await admin.postJson("/newsroom/api/articles", { edition: "en", title: "a\u0000b" });
      assert.equal(api.statusCode, 400);
      assert.equal(api.json().field, "title");

      await admin.get("/newsroom/comments/en");
      const bulk = await admin.post("/newsroom/comments/en/bulk", {
        action: "approve",
        ids: ["1", "2147483648"],
      });
      assert.equal(bulk.statusCode, 400);
      assert.match(visibleText(parsePage(bulk.body)), /ids: "2147483648" is not a comment's id/);
      for (const url of ["/newsroom/audit?before=2147483648", "/newsroom/translations?story=2147483648"]) {
        const response = url.includes("/role")
          ? await admin.post(url, { role: "editor" })
          : await admin.get(url);
        assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
      }
    });

    test("signing out everywhere ends the sessions in every browser", async () => {
      const user = await createTestUser(demo.database.db, "translator");
      const laptop = anonymous();
      const phone = anonymous();
      await laptop.signIn(user.email, user.password);
      await phone.signIn(user.email, user.password);
      const account = await laptop.get("/newsroom/change-password");
      assert.match(account.body, /on 2 browsers or devices/);
      const out = await laptop.post("/newsroom/sign-out-everywhere");
      assert.equal(out.headers.location, "/newsroom/sign-in?signedOut=everywhere");
      assert.equal((await phone.get("/newsroom")).statusCode, 303);
      assert.equal((await laptop.get("/newsroom")).statusCode, 303);
    });

    test("gives non-admins 403 on the users and audit pages and on user actions", async () => {
      for (const role of ["contributor", "translator", "editor"] as const) {
        const user = await signInAs(demo.app, demo.database.db, role);
        const nav = parsePage((await user.get("/newsroom")).body).querySelector("nav")?.textContent ?? "";
        assert.doesNotMatch(nav, /Users|Audit log/, `${role} sees no admin links`);
        for (const [url, says] of [
          ["/newsroom/users", /may not see the list of users/],
          ["/newsroom/audit", /may not view the audit log/],
        ] as const) {
          const page = await user.get(url);
          assert.equal(page.statusCode, 403, `${role} ${url}`);
          assert.match(visibleText(parsePage(page.body)), says);
        }
        const invite = await user.post("/newsroom/users/invite", { email: "x@example.org", role: "admin" });
        assert.equal(invite.statusCode, 403);
        assert.match(invite.body, new RegExp(`An? ${role} may not invite users`));
        const promote = await user.post(`/newsroom/users/${user.user.id}/role`, { role: "admin" });
        assert.equal(promote.statusCode, 403, `${role} cannot make themselves admin`);
        const disable = await user.post(`/newsroom/users/${admin.user.id}/disable`);
        assert.equal(disable.statusCode, 403);
      }
      const api = await admin.get("/newsroom/api/me");
      assert.equal(api.json().user.role, "admin");
    });

    test("shows admins the sign-ins, failures and changes in the audit log", async () => {
      const user = await createTestUser(demo.database.db, "editor", { email: "audited@example.org" });
      const browser = anonymous("192.0.2.44");
      await browser.get("/newsroom/sign-in");
      await browser.post("/newsroom/sign-in", { email: user.email, password: "wrong password" });
      await browser.post("/newsroom/sign-in", { email: user.email, password: TEST_PASSWORD });
      const page = await admin.get("/newsroom/audit");
      assert.equal(page.statusCode, 200);
      const rows = [...parsePage(page.body).querySelectorAll("tbody tr")].map((row) => ({
        action: row.getAttribute("data-action"),
        text: row.textContent ?? "",
      }));
      const signIn = rows.find((row) => row.action === "sign-in" && row.text.includes("audited@example.org"));
      assert.ok(signIn, "the sign-in is listed with who signed in");
      assert.match(signIn.text, /192\.0\.2\.44/);
      const failure = rows.find(
        (row) => row.action === "sign-in.failed" && row.text.includes("audited@example.org"),
      );
      assert.match(failure?.text ?? "", /wrong-password/);
      assert.ok(failure && rows.indexOf(signIn) < rows.indexOf(failure), "newest first");
    });

    test("lets admins invite, and the invitation link works once", async () => {
      const invited = await admin.post("/newsroom/users/invite", {
        email: "new.translator@example.org",
        role: "translator",
        editions: ["pt", "es"],
      });
      assert.equal(invited.statusCode, 201);
      const link = parsePage(invited.body).querySelector("#invite-link")?.getAttribute("value") ?? "";
      assert.match(link, /^http:\/\/tribune\.test\/newsroom\/invite\/[A-Za-z0-9_-]{43}$/);
      assert.equal((await admin.get("/newsroom/users")).body.includes(link), false, "the link is shown once");

      const path = new URL(link).pathname;
      const newcomer = anonymous();
      const form = await newcomer.get(path);
      assert.equal(form.statusCode, 200);
      assert.match(
        visibleText(parsePage(form.body)),
        /invited as translator for pt, es with the email new.translator@example.org/,
      );
      const weak = await newcomer.post(path, { name: "Nia", password: "short", repeatPassword: "short" });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /Password: must be at least 12 characters/);
      const accepted = await newcomer.post(path, {
        name: "Nia Tradutora",
        password: "uma senha comprida",
        repeatPassword: "uma senha comprida",
      });
      assert.equal(accepted.statusCode, 303);
      // Signed in at once: no second form to type the e-mail and password into again.
      assert.equal(accepted.headers.location, "/newsroom");
      assert.equal((await newcomer.get(path)).statusCode, 410);
      const me = (await newcomer.get("/newsroom/api/me")).json();
      assert.deepEqual(
        { role: me.user.role, editions: me.user.editions, name: me.user.name },
        { role: "translator", editions: ["es", "pt"], name: "Nia Tradutora" },
      );
      assert.equal((await anonymous().get("/newsroom/invite/not-a-token")).statusCode, 404);
    });

    test("lets admins change a role and disable a user from the users page", async () => {
      const target = await signInAs(demo.app, demo.database.db, "contributor");
      const promoted = await admin.post(`/newsroom/users/${target.user.id}/role`, {
        role: "translator",
        editions: ["es"],
      });
      assert.equal(promoted.statusCode, 303);
      assert.equal(promoted.headers.location, "/newsroom/users?done=role");
      assert.match((await admin.get("/newsroom/users?done=role")).body, /The role has been changed\./);
      assert.deepEqual((await target.get("/newsroom/api/me")).json().user.editions, ["es"]);
      const noEdition = await admin.post(`/newsroom/users/${target.user.id}/role`, { role: "translator" });
      assert.equal(noEdition.statusCode, 400);
      assert.match(noEdition.body, /a translator needs at least one edition/);
      const self = await admin.post(`/newsroom/users/${admin.user.id}/role`, { role: "editor" });
      assert.equal(self.statusCode, 400);

      const disabled = await admin.post(`/newsroom/users/${target.user.id}/disable`);
      assert.equal(disabled.headers.location, "/newsroom/users?done=disabled");
      assert.equal((await target.get("/newsroom")).statusCode, 303, "their session is over");
      const again = anonymous();
      await again.get("/newsroom/sign-in");
      const refused = await again.post("/newsroom/sign-in", {
        email: target.user.email,
        password: TEST_PASSWORD,
      });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /has been disabled/);
    });

    test("lists the articles of all editions by story on the article list", async () => {
      const page = parsePage((await admin.get("/newsroom/articles")).body);
      assert.equal(page.querySelectorAll("main").length, 1);
      const rows = [...page.querySelectorAll("tbody tr")].map((row) => row.textContent ?? "");
      const articles = await demo.database.db.selectFrom("articles").select("id").execute();
      assert.equal(rows.length, articles.length, "the demo's stories fit on one page");
      assert.ok(
        rows.some((row) => /Grupos apoiados pelo Irã/.test(row) && /pt/.test(row) && /published/.test(row)),
      );
    });

    test("marks every newsroom response noindex, no-store, unframeable, same-origin referrer", async () => {
      const responses = [
        await anonymous().get("/newsroom/sign-in"),
        await anonymous().get("/newsroom/users"),
        await admin.get("/newsroom"),
        await admin.get("/newsroom/nothing-here"),
        await admin.get("/newsroom/api/me"),
        await admin.post(
          "/newsroom/users/invite",
          {},
          { "content-type": "application/x-www-form-urlencoded" },
        ),
        await anonymous().get("/newsroom/invite/unknown"),
      ];
      for (const response of responses) {
        for (const [name, value] of Object.entries(PROTECTIVE_HEADERS)) {
          assert.equal(response.headers[name], value, `${name} on a ${response.statusCode}`);
        }
        assert.equal(response.headers.etag, undefined);
      }
      assert.equal(responses[3]?.statusCode, 404);
      const css =
        parsePage(responses[2]?.body ?? "")
          .querySelector('link[rel="stylesheet"]')
          ?.getAttribute("href") ?? "";
      assert.match(css, /^\/assets\/newsroom\.[0-9a-f]{10}\.css$/);
      const sheet = await demo.app.inject(css);
      assert.equal(sheet.statusCode, 200);
      assert.match(String(sheet.headers["cache-control"]), /immutable/);
      const robots = await demo.app.inject("/robots.txt");
      assert.match(robots.body, /Disallow: \/newsroom/);
    });
  });
}
