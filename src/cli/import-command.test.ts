import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { runTribune } from "../../test/support/cli.ts";
import { sharedDatabases } from "../../test/support/shared-databases.ts";
import { buildApp } from "../app.ts";
import { startContentRelay } from "../cache/cluster-relay.ts";
import { loadConfig } from "../config.ts";
import { type DatabaseHandle, openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { syncEditions } from "../editions/edition-service.ts";

const FIXTURES = new URL("../../test/fixtures/wordpress/", import.meta.url).pathname;
const HEADLINE = /Iran-backed groups will stop attacks/;
const ARTICLE = "/en/2026/01/15/iraq-withdrawal-deal";

for (const database of sharedDatabases()) {
  describe(`an import into a running site's database (${database.name})`, () => {
    let dataDir = "";
    let shared: { url: string; drop(): Promise<void> };
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    let relay: { stop(): Promise<void> };

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "tribune-import-live-"));
      shared = await database.create(dataDir);
      handle = await openDatabase(shared.url);
      await migrateToLatest(handle);
      const config = loadConfig({
        NODE_ENV: "test",
        DATA_DIR: dataDir,
        DATABASE_URL: shared.url,
        PUBLIC_URL: "http://tribune.test",
        PAGE_CACHE_MB: "8",
        OEMBED_PROVIDERS: "none",
      });
      await syncEditions(handle.db, config.editions);
      app = await buildApp({ config, database: handle });
      // As `tribune serve` does: changes other processes wrote to the outbox reach this one.
      relay = await startContentRelay({
        events: app.contentEvents,
        db: handle.db,
        origin: "the-running-site",
        onError: (error) => assert.fail(String(error)),
        intervalMs: 50,
      });
    });
    after(async () => {
      await relay?.stop();
      await app?.close();
      await handle?.close();
      await shared?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    test("reaches readers: the cached front page shows the new story, the article and its old link answer", async () => {
      await app.inject({ url: "/en/" });
      const cached = await app.inject({ url: "/en/" });
      assert.equal(cached.headers["x-page-cache"], "HIT");
      assert.doesNotMatch(cached.body, HEADLINE);
      assert.equal((await app.inject({ url: ARTICLE })).statusCode, 404);
      // Nothing imported yet: the old link is not an imported post's (and that answer is kept).
      assert.notEqual((await app.inject({ url: "/2026/01/15/iraq-withdrawal-deal/" })).statusCode, 301);

      const run = await runTribune(
        [
          "import",
          "wordpress",
          join(FIXTURES, "polylang-site.xml"),
          "--media-dir",
          join(FIXTURES, "uploads"),
        ],
        { DATA_DIR: dataDir, DATABASE_URL: shared.url },
      );
      assert.equal(run.code, 0, run.stderr);

      let front = await app.inject({ url: "/en/" });
      for (let tries = 0; tries < 100 && !HEADLINE.test(front.body); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        front = await app.inject({ url: "/en/" });
      }
      assert.match(front.body, HEADLINE, "the front page was purged");
      assert.equal((await app.inject({ url: ARTICLE })).statusCode, 200);
      const oldLink = await app.inject({ url: "/2026/01/15/iraq-withdrawal-deal/" });
      assert.equal(oldLink.statusCode, 301);
      assert.match(oldLink.headers.location ?? "", /\/en\/2026\/01\/15\/iraq-withdrawal-deal$/);
    });
  });
}
