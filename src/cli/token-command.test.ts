import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runTribune as run } from "../../test/support/cli.ts";
import { AccessTokenService } from "../accounts/access-token-service.ts";
import { hashToken } from "../accounts/tokens.ts";
import { openDatabase } from "../db/database.ts";

describe("tribune token", () => {
  let dataDir = "";
  let env: Record<string, string> = {};
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tribune-token-cli-"));
    env = { DATA_DIR: dataDir, PUBLIC_URL: "https://news.example.org" };
    const added = await run(
      [
        "user",
        "add",
        "--email",
        "ed@example.org",
        "--role",
        "editor",
        "--password",
        "a long enough password",
      ],
      env,
    );
    assert.equal(added.code, 0, added.stderr);
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  const withDatabase = async <T>(
    work: (service: AccessTokenService, db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<T>,
  ) => {
    const database = await openDatabase(`sqlite:${join(dataDir, "tribune.db")}`);
    try {
      return await work(new AccessTokenService(database.db), database.db);
    } finally {
      await database.close();
    }
  };

  test("add prints a token once, stores only its hash, and the token acts as the user", async () => {
    const result = await run(
      ["token", "add", "--email", "Ed@Example.org", "--name", "CI", "--expires-days", "30"],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Token \d+ "CI" for editor ed@example\.org \(expires \d{4}-\d\d-\d\dT/m);
    const token = /^(trb_[A-Za-z0-9_-]{43})$/m.exec(result.stdout)?.[1];
    assert.ok(token, result.stdout);
    assert.match(result.stdout, /shown this once/);
    await withDatabase(async (service, db) => {
      const rows = await db.selectFrom("accessTokens").selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.tokenHash, hashToken(token));
      assert.ok(!JSON.stringify(rows).includes(token.slice(4)));
      const check = await service.authenticate(token, "127.0.0.1");
      assert.ok("user" in check && check.user.email === "ed@example.org" && check.user.role === "editor");
      const audit = await db
        .selectFrom("auditLog")
        .select(["action", "details"])
        .where("action", "=", "token.create")
        .execute();
      assert.equal(audit.length, 1);
      assert.ok(!audit[0]?.details.includes(token));
    });
  });

  test("list shows the user's tokens without the tokens; revoke stops one at once", async () => {
    const listed = await run(["token", "list", "--email", "ed@example.org"], env);
    assert.equal(listed.code, 0, listed.stderr);
    const id = /^(\d+)\tCI\tcreated /m.exec(listed.stdout)?.[1];
    assert.ok(id, listed.stdout);
    assert.doesNotMatch(listed.stdout, /trb_/);

    const revoked = await run(["token", "revoke", id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`Revoked token ${id} "CI"`));
    const again = await run(["token", "revoke", id], env);
    assert.match(again.stdout, /already revoked/);
    assert.match((await run(["token", "list", "--email", "ed@example.org"], env)).stdout, /\trevoked \d{4}-/);
    await withDatabase(async (_service, db) => {
      const audit = await db
        .selectFrom("auditLog")
        .select("action")
        .where("action", "=", "token.revoke")
        .execute();
      assert.equal(audit.length, 1);
    });
  });

  test("says clearly what is wrong: an unknown e-mail, a missing flag, a bad id or expiry", async () => {
    const unknown = await run(["token", "add", "--email", "nobody@example.org"], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no newsroom user has the email nobody@example\.org/);
    const missing = await run(["token", "add"], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--email is required/);
    const badId = await run(["token", "revoke", "abc"], env);
    assert.equal(badId.code, 2);
    assert.match(badId.stderr, /"abc" is not a token id/);
    const noSuch = await run(["token", "revoke", "999"], env);
    assert.equal(noSuch.code, 1);
    assert.match(noSuch.stderr, /there is no access token 999/);
    const expiry = await run(["token", "add", "--email", "ed@example.org", "--expires-days", "0"], env);
    assert.equal(expiry.code, 1);
    assert.match(expiry.stderr, /expiresDays: must be a whole number of days from 1 to 3650/);
    const sub = await run(["token", "mint"], env);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /unknown subcommand "mint"/);
  });
});
