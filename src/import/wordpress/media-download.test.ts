import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { CommentHasher } from "../../comments/comment-hashing.ts";
import { loadConfig } from "../../config.ts";
import { syncEditions } from "../../editions/edition-service.ts";
import { MediaService } from "../../media/media-service.ts";
import { openMediaStore } from "../../media/open-media-store.ts";
import { WordpressImport } from "./wordpress-import.ts";

const FIXTURES = new URL("../../../test/fixtures/wordpress/", import.meta.url).pathname;
const PHOTO = "/wp-content/uploads/2026/01/kirkuk-soldiers.jpg";

/** The old site's uploads, served by the test: the photo, or (`serving` false) a 404 for it. */
async function startOldSite(): Promise<{ server: Server; origin: string; serving: { photo: boolean } }> {
  const photo = await readFile(join(FIXTURES, "uploads/2026/01/kirkuk-soldiers.jpg"));
  const serving = { photo: true };
  const server = createServer((request, response) => {
    if (request.url === PHOTO && serving.photo) {
      response.writeHead(200, { "content-type": "image/jpeg" }).end(photo);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, serving };
}

for (const database of testDatabases()) {
  describe(`images downloaded from the old site (${database.name})`, () => {
    let dir = "";
    let exportFile = "";
    let site: Awaited<ReturnType<typeof startOldSite>>;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "tribune-wp-download-"));
      site = await startOldSite();
      // The fixture's site, with its uploads at the test's server, and no --media-dir given.
      const xml = await readFile(join(FIXTURES, "polylang-site.xml"), "utf8");
      exportFile = join(dir, "export.xml");
      await writeFile(
        exportFile,
        xml.replaceAll("https://news.example.org/wp-content/", `${site.origin}/wp-content/`),
      );
    });
    after(async () => {
      await new Promise((resolve) => site.server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    });

    async function importInto(allowPrivate: boolean) {
      const handle = await database.open();
      const config = loadConfig({ NODE_ENV: "test", DATA_DIR: join(dir, `data-${Math.random()}`) });
      await syncEditions(handle.db, config.editions);
      const summary = await new WordpressImport({
        db: handle.db,
        media: new MediaService({ db: handle.db, mediaStore: openMediaStore(config) }),
        commentHasher: new CommentHasher("a test secret of thirty-two bytes!"),
        editions: config.editions.map((e) => e.code),
        defaultEdition: config.defaultEdition.code,
        download: { allowPrivate, timeoutMs: 5_000 },
      }).run(exportFile);
      const heroes = await handle.db
        .selectFrom("stories")
        .select("heroMediaId")
        .where("heroMediaId", "is not", null)
        .execute();
      const media = await handle.db.selectFrom("media").select(["credit"]).execute();
      await handle.close();
      return { summary, heroes: heroes.length, media };
    }

    test("an image missing from --media-dir is downloaded through the media library's checks", async () => {
      site.serving.photo = true;
      const { summary, heroes, media } = await importInto(true);
      assert.equal(summary.counts.attachment?.imported, 1, JSON.stringify(summary.counts.attachment));
      assert.deepEqual(media, [{ credit: "Murtadha Al-Sudani/Anadolu Agency" }]);
      assert.equal(heroes, 1);
    });

    test("one that cannot be had is reported, and its post imported without it", async () => {
      site.serving.photo = false;
      const missing = await importInto(true);
      assert.deepEqual(missing.summary.counts.attachment?.reasons, {
        "file missing from --media-dir, and its URL could not be read: it answered 404": 1,
      });
      assert.equal(missing.summary.counts.post?.imported, 9);
      assert.equal(missing.heroes, 0);
      // The old site at a private address is refused unless allowed (tests allow their own server).
      site.serving.photo = true;
      const refused = await importInto(false);
      const reasons = Object.keys(refused.summary.counts.attachment?.reasons ?? {});
      assert.match(reasons[0] ?? "", /could not be read: .*not a public address/);
      assert.equal(refused.summary.counts.post?.imported, 9);
    });
  });
}
