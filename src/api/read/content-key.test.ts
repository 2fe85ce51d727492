import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { TooManyAttemptsError } from "../../shared/errors.ts";
import { KeyRateLimiter } from "./content-key.ts";

describe("a key's rate", () => {
  test("a minute's worth at once, then the steady rate; the refusal says when to come back", () => {
    let now = 0;
    const limiter = new KeyRateLimiter(2, () => now);
    limiter.take(1);
    limiter.take(1);
    assert.throws(
      () => limiter.take(1),
      (error: unknown) => error instanceof TooManyAttemptsError && error.retryAfterSeconds === 30,
    );
    limiter.take(2);
    now += 30_000;
    limiter.take(1);
    assert.throws(() => limiter.take(1), TooManyAttemptsError);
  });
});

for (const database of testDatabases()) {
  describe(`content keys on ${database.name}`, () => {
    let demo: DemoApp;
    let admin: NewsroomSession;

    before(async () => {
      // With the page cache on: a keyed answer must never be served to a request without a key.
      demo = await startDemoApp(database, {
        API_REQUIRE_CONTENT_KEY: "true",
        API_KEY_RATE_PER_MINUTE: "5",
        PAGE_CACHE_MB: "16",
      });
      admin = await signInAs(demo.app, demo.database.db, "admin");
    });
    after(() => demo.close());

    const editions = (headers: Record<string, string> = {}, query = "") =>
      demo.app.inject({ url: `/api/v1/editions${query}`, headers });

    async function makeKey(name: string): Promise<string> {
      await admin.get("/newsroom/webhooks");
      const made = await admin.post("/newsroom/webhooks/keys", { name });
      assert.equal(made.statusCode, 201);
      const key = parsePage(made.body).querySelector("code.secret")?.textContent ?? "";
      assert.match(key, /^[A-Za-z0-9_-]{43}$/);
      return key;
    }

    test("without a key, or with a wrong one, the content API answers a 401 problem", async () => {
      const missing = await editions();
      assert.equal(missing.statusCode, 401);
      assert.equal(missing.headers["content-type"], "application/problem+json");
      assert.match(
        missing.json().detail,
        /needs a content key: send it as \?key= or in the x-tribune-key header/,
      );
      const wrong = await editions({ "x-tribune-key": "A".repeat(43) });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.json().detail, /not valid/);
      assert.equal((await editions({}, "?key=short")).statusCode, 401);
      // The API's document and reference page are not content: they stay open, and say what is asked.
      const openapi = await demo.app.inject("/api/openapi.json");
      assert.equal(openapi.statusCode, 200);
      const document = openapi.json();
      assert.equal(document.components.securitySchemes.contentKey.name, "X-Tribune-Key");
      assert.ok(document.components.schemas.Problem, "the shared schemas are still there");
      const operation = document.paths["/api/v1/editions"].get;
      assert.deepEqual(operation.security, [{ contentKey: [] }, { contentKeyQuery: [] }]);
      assert.ok(operation.responses["401"] && operation.responses["429"]);
    });

    test("an admin makes a key in the newsroom; it opens the API by header or query, and is stored hashed", async () => {
      const key = await makeKey("Partner app");
      const byHeader = await editions({ "x-tribune-key": key });
      assert.equal(byHeader.statusCode, 200);
      assert.ok(Array.isArray(byHeader.json().editions));
      assert.match(String(byHeader.headers["cache-control"]), /^private\b/);
      const byQuery = await editions({}, `?key=${key}`);
      assert.equal(byQuery.statusCode, 200);
      // The answer was not kept by the page cache: the same URL without a key is still refused.
      assert.equal((await editions()).statusCode, 401);
      assert.equal((await demo.app.inject(`/api/v1/editions?key=${key}`)).statusCode, 200);

      const row = await demo.database.db
        .selectFrom("contentKeys")
        .selectAll()
        .where("name", "=", "Partner app")
        .executeTakeFirstOrThrow();
      assert.notEqual(row.keyHash, key);
      assert.ok(row.lastUsedAt, "its last use is noted");
      const page = await admin.get("/newsroom/webhooks");
      assert.ok(!page.body.includes(key), "the key is not shown again");
      assert.match(page.body, /Partner app/);
    });

    test("a key past its rate gets 429 with Retry-After", async () => {
      const key = await makeKey("Busy client");
      for (let request = 0; request < 5; request++) {
        assert.equal((await editions({ "x-tribune-key": key })).statusCode, 200);
      }
      const refused = await editions({ "x-tribune-key": key });
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers["content-type"], "application/problem+json");
      assert.ok(Number(refused.headers["retry-after"]) >= 1);
    });

    test("a revoked key is refused; making and revoking are audited; only admins manage keys", async () => {
      const key = await makeKey("Former partner");
      assert.equal((await editions({ "x-tribune-key": key })).statusCode, 200);
      const row = await demo.database.db
        .selectFrom("contentKeys")
        .select("id")
        .where("name", "=", "Former partner")
        .executeTakeFirstOrThrow();
      const editor = await signInAs(demo.app, demo.database.db, "editor");
      await editor.get("/newsroom");
      assert.equal((await editor.post("/newsroom/webhooks/keys", { name: "Mine" })).statusCode, 403);
      assert.equal(
        (await editor.post(`/newsroom/webhooks/keys/${row.id}/revoke`, { confirm: "yes" })).statusCode,
        403,
      );

      const confirm = await admin.get(`/newsroom/webhooks/keys/${row.id}/revoke`);
      assert.match(confirm.body, /Revoke the key “Former partner”\?/);
      const revoked = await admin.post(`/newsroom/webhooks/keys/${row.id}/revoke`, { confirm: "yes" });
      assert.equal(revoked.statusCode, 303);
      assert.equal((await editions({ "x-tribune-key": key })).statusCode, 401);
      const actions = await demo.database.db
        .selectFrom("auditLog")
        .select("action")
        .where("subjectType", "=", "contentKey")
        .where("subjectId", "=", String(row.id))
        .orderBy("id")
        .execute();
      assert.deepEqual(
        actions.map((entry) => entry.action),
        ["contentKey.create", "contentKey.revoke"],
      );
    });

    test("a key without a name is refused with a message, and nothing is stored", async () => {
      const before = (await demo.database.db.selectFrom("contentKeys").select("id").execute()).length;
      await admin.get("/newsroom/webhooks");
      const refused = await admin.post("/newsroom/webhooks/keys", { name: "  " });
      assert.equal(refused.statusCode, 400);
      assert.match(parsePage(refused.body).querySelector(".error")?.textContent ?? "", /name: is required/);
      assert.equal((await demo.database.db.selectFrom("contentKeys").select("id").execute()).length, before);
    });
  });
}
