import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { signInAs } from "../../test/support/newsroom.ts";

for (const database of testDatabases()) {
  describe(`the newsroom's access tokens page on ${database.name}`, () => {
    let demo: DemoApp;
    before(async () => {
      demo = await startDemoApp(database);
    });
    after(() => demo.close());

    const api = (token: string, url = "/api/v1/admin/articles/1") =>
      demo.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });

    test("makes a token shown once, lists it, and revokes it after confirming; each step audited", async () => {
      const editor = await signInAs(demo.app, demo.database.db, "editor");
      const empty = await editor.get("/newsroom/account/tokens");
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /You have no tokens/);

      const made = await editor.post("/newsroom/account/tokens", { name: "Newsletter", expiresDays: "30" });
      assert.equal(made.statusCode, 201, made.body.slice(0, 500));
      const token = parsePage(made.body)
        .querySelector('input[aria-label="The new token"]')
        ?.getAttribute("value");
      assert.match(token ?? "", /^trb_[A-Za-z0-9_-]{43}$/);
      assert.equal(made.headers["cache-control"]?.includes("no-store"), true);

      const used = await api(String(token));
      assert.equal(used.statusCode, 200, used.body);

      const listed = await editor.get("/newsroom/account/tokens");
      const row = parsePage(listed.body).querySelector("tr[data-token-id]");
      assert.match(row?.textContent ?? "", /Newsletter/);
      assert.match(row?.textContent ?? "", /expires \d{4}-/);
      assert.doesNotMatch(row?.textContent ?? "", /never/, "last used is shown once the token was used");
      assert.ok(!listed.body.includes(String(token)), "the token is never shown again");
      const id = row?.getAttribute("data-token-id");

      // Another user cannot see or revoke it.
      const other = await signInAs(demo.app, demo.database.db, "admin");
      await other.get("/newsroom/account/tokens");
      assert.equal(
        (await other.post(`/newsroom/account/tokens/${id}/revoke`, { confirm: "yes" })).statusCode,
        404,
      );
      assert.equal((await api(String(token))).statusCode, 200);

      const confirm = await editor.post(`/newsroom/account/tokens/${id}/revoke`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Revoke this token\?/);
      assert.equal((await api(String(token))).statusCode, 200, "asking is not revoking");

      const revoked = await editor.post(`/newsroom/account/tokens/${id}/revoke`, { confirm: "yes" });
      assert.equal(revoked.statusCode, 303);
      const refused = await api(String(token));
      assert.equal(refused.statusCode, 401);
      assert.match(refused.json().detail, /revoked/);
      assert.match((await editor.get("/newsroom/account/tokens")).body, /revoked \d{4}-/);

      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select(["action", "actorUserId"])
        .where("action", "in", ["token.create", "token.revoke"])
        .orderBy("id")
        .execute();
      assert.deepEqual(audit, [
        { action: "token.create", actorUserId: editor.user.id },
        { action: "token.revoke", actorUserId: editor.user.id },
      ]);
    });

    test("refuses a form without the CSRF token, and a bad expiry with a message", async () => {
      const contributor = await signInAs(demo.app, demo.database.db, "contributor");
      await contributor.get("/newsroom/account/tokens");
      const forged = await contributor.post("/newsroom/account/tokens", { name: "x", _csrf: "forged" });
      assert.equal(forged.statusCode, 403);
      const bad = await contributor.post("/newsroom/account/tokens", { name: "x", expiresDays: "-3" });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /expiresDays: must be a whole number of days/);
      const count = await demo.database.db
        .selectFrom("accessTokens")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("userId", "=", contributor.user.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    test("a token acts with its user's role: a contributor's token cannot publish", async () => {
      const contributor = await signInAs(demo.app, demo.database.db, "contributor");
      await contributor.get("/newsroom/account/tokens");
      const made = await contributor.post("/newsroom/account/tokens", { name: "mine" });
      const token = parsePage(made.body)
        .querySelector('input[aria-label="The new token"]')
        ?.getAttribute("value");
      const response = await demo.app.inject({
        method: "POST",
        url: "/api/v1/articles/1/publish",
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.statusCode, 403);
      assert.match(response.json().detail, /A contributor may not publish articles/);
    });
  });
}
