import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testConfig, testDatabases } from "../../test/support/databases.ts";
import type { Db } from "../db/database.ts";
import { rebuildsAfter } from "../db/migrate.ts";
import { DirectoryMediaStore } from "../media/directory-media-store.ts";
import { seedDemo } from "../seed/demo-seed.ts";
import { rebuildDerivedData } from "./derived-data.ts";

async function derived(db: Db) {
  const [media, terms] = await Promise.all([
    db.selectFrom("media").select(["id", "searchText"]).orderBy("id").execute(),
    db.selectFrom("articleTerms").selectAll().orderBy("articleId").execute(),
  ]);
  // The demo seed joins a picture's texts in the fixture's edition order, the service by edition code.
  const lines = (text: string) => text.split("\n").sort();
  return { media: media.map((row) => ({ id: row.id, searchText: lines(row.searchText) })), terms };
}

describe("derived data after migrations", () => {
  test("migrations that leave derived data empty name it, each kind once", () => {
    assert.deepEqual(rebuildsAfter(["0006-comments"]), []);
    assert.deepEqual(
      rebuildsAfter(["0007-media-uploader", "0008-related-terms", "0009-secret-fingerprints"]),
      ["media-search-text", "article-terms"],
    );
  });

  for (const database of testDatabases()) {
    describe(`on ${database.name}`, () => {
      let handle: TestDatabaseHandle;
      let mediaDir: string;
      before(async () => {
        mediaDir = await mkdtemp(join(tmpdir(), "tribune-derived-"));
        handle = await database.open();
        await seedDemo(handle.db, {
          mediaStore: new DirectoryMediaStore(mediaDir),
          editions: testConfig.editions.map((edition) => edition.code),
        });
      });
      after(async () => {
        await handle.close();
        await rm(mediaDir, { recursive: true, force: true });
      });

      test("what migrations 0007 and 0008 left empty is rebuilt as the services keep it", async () => {
        const kept = await derived(handle.db);
        assert.ok(kept.media.length > 0 && kept.terms.length > 0, "the demo has pictures and articles");
        await handle.db.updateTable("media").set({ searchText: "" }).execute();
        await handle.db.deleteFrom("articleTerms").execute();

        await rebuildDerivedData(handle.db, rebuildsAfter(["0007-media-uploader", "0008-related-terms"]));

        assert.deepEqual(await derived(handle.db), kept);
      });
    });
  }
});
