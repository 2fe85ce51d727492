import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runTribune } from "../../../test/support/cli.ts";
import { sharedDatabases } from "../../../test/support/shared-databases.ts";
import { type DatabaseHandle, openDatabase } from "../../db/database.ts";

const EXPORT = new URL("../../../test/fixtures/wordpress/wpml-site.xml", import.meta.url).pathname;

for (const database of sharedDatabases()) {
  describe(`tribune import wordpress of a WPML export (${database.name})`, () => {
    let dataDir = "";
    let shared: { url: string; drop(): Promise<void> };
    let handle: DatabaseHandle;
    let run = { code: 0 as number | null, stdout: "", stderr: "" };

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "tribune-wpml-"));
      shared = await database.create(dataDir);
      run = await runTribune(["import", "wordpress", EXPORT, "--no-download"], {
        DATA_DIR: dataDir,
        DATABASE_URL: shared.url,
      });
      handle = await openDatabase(shared.url);
    });
    after(async () => {
      await handle?.close();
      await shared?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    test("WPML's language and translation group make one story; pt-br is the pt edition; fr is reported", async () => {
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /posts: 2 imported, 0 updated, 1 skipped/);
      assert.match(run.stdout, /1 skipped: language "fr" has no edition/);
      const articles = await handle.db
        .selectFrom("articles")
        .select(["storyId", "edition", "slug", "title"])
        .orderBy("edition")
        .execute();
      assert.deepEqual(
        articles.map(({ edition, slug }) => [edition, slug]),
        [
          ["en", "basra-port-reopens"],
          ["pt", "porto-de-basra-reabre"],
        ],
      );
      assert.equal(articles[0]?.storyId, articles[1]?.storyId, "the translations are one story");
    });
  });
}
