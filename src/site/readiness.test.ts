import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { sql } from "kysely";
import { testDatabases } from "../../test/support/databases.ts";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { latestMigrationName } from "../db/migrate.ts";

for (const testDatabase of testDatabases()) {
  describe(`/readyz (${testDatabase.name})`, () => {
    test("is ready on a migrated database, and 503 with the reason when a migration is missing or the database is gone", async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "tribune-readyz-"));
      const database = await testDatabase.open();
      const app = await buildApp({
        config: loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir, OEMBED_PROVIDERS: "none" }),
        database,
      });
      try {
        const ready = await app.inject("/readyz");
        assert.equal(ready.statusCode, 200);
        assert.deepEqual(ready.json(), { status: "ready" });
        assert.equal(ready.headers["cache-control"], "no-store");
        assert.equal((await app.inject("/healthz")).statusCode, 200);

        // As if the code were newer than the database: its last migration not yet applied.
        const last = await latestMigrationName(database.db);
        assert.ok(last);
        await sql`delete from kysely_migration where name = ${last}`.execute(database.db);
        const behind = await app.inject("/readyz");
        assert.equal(behind.statusCode, 503);
        assert.equal(behind.headers["content-type"], "application/json; charset=utf-8");
        const body = behind.json();
        assert.equal(body.status, "unavailable");
        assert.match(body.reason, /lacks 1 migration\(s\) this version needs; run "tribune migrate"/);
        assert.deepEqual(body.pendingMigrations, [last]);
        assert.equal((await app.inject("/healthz")).statusCode, 200, "the process itself still answers");

        await database.close();
        const gone = await app.inject("/readyz");
        assert.equal(gone.statusCode, 503);
        assert.match(gone.json().reason, /the database does not answer/);
        assert.equal((await app.inject("/readyz?x=1")).statusCode, 400);
      } finally {
        await app.close();
        await database.close().catch(() => {});
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
