import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testConfig, testDatabases } from "../../test/support/databases.ts";
import { syncEditions } from "../editions/edition-service.ts";
import { DirectoryMediaStore } from "../media/directory-media-store.ts";
import { seedDemo } from "../seed/demo-seed.ts";
import { AudienceCounter, hourOf } from "./audience-counter.ts";

const AT = new Date("2026-12-07T14:25:00Z");

for (const database of testDatabases()) {
  describe(`the audience counter on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let articleId: number;
    let mediaDir: string;

    beforeEach(async () => {
      mediaDir = await mkdtemp(join(tmpdir(), "tribune-audience-"));
      handle = await database.open();
      await syncEditions(handle.db, testConfig.editions);
      await seedDemo(handle.db, {
        mediaStore: new DirectoryMediaStore(mediaDir),
        editions: ["en", "pt", "es"],
      });
      const article = await handle.db
        .selectFrom("articles")
        .select("id")
        .where("edition", "=", "en")
        .executeTakeFirstOrThrow();
      articleId = article.id;
    });
    afterEach(async () => {
      await handle.close();
      await rm(mediaDir, { recursive: true, force: true });
    });

    const counter = () =>
      new AudienceCounter({
        db: handle.db,
        flushEveryMs: 60_000,
        onError: (error) => assert.fail(String(error)),
        clock: () => AT,
      });

    test("20,000 views of one article and referrer kind are one row written by one statement", async () => {
      const views = counter();
      for (let i = 0; i < 20_000; i++) views.view(articleId, "en", "search");
      await views.flush();
      assert.equal(views.writes, 1);
      const rows = await handle.db.selectFrom("audienceViews").selectAll().execute();
      assert.deepEqual(
        rows.map((row) => ({ ...row, views: Number(row.views) })),
        [{ hour: "2026-12-07T14:00:00Z", articleId, edition: "en", referrerKind: "search", views: 20_000 }],
      );
      assert.equal(hourOf(AT), "2026-12-07T14:00:00Z");
    });

    test("closing writes what was tallied since the last flush (the graceful shutdown's drain)", async () => {
      const views = counter().start();
      views.view(articleId, "en", "direct");
      views.view(articleId, "en", "direct");
      await views.close();
      const row = await handle.db.selectFrom("audienceViews").select("views").executeTakeFirst();
      assert.equal(Number(row?.views), 2);
      // Nothing left: a second close writes nothing.
      const writes = views.writes;
      await views.close();
      assert.equal(views.writes, writes);
    });
  });
}
