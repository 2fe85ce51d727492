import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import sharp from "sharp";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import type { Db } from "../db/database.ts";
import { NotFoundError, UnknownEditionError, ValidationError } from "../shared/errors.ts";
import { MediaService, variantWidths } from "./media-service.ts";
import { type MediaStore, originalKey, variantKey } from "./media-store.ts";
import { type TestMediaStore, testMediaStores } from "./media-store-test-support.ts";
import { generatePlaceholderPhoto } from "./placeholder-photo.ts";

/** A real JPEG whose header claims 8000×6000 pixels, so only the pixel limit can refuse it. */
async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const data = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#888" } })
    .jpeg({ progressive: false })
    .toBuffer();
  const sof = data.indexOf(Buffer.from([0xff, 0xc0]));
  data.writeUInt16BE(height, sof + 5);
  data.writeUInt16BE(width, sof + 7);
  return data;
}

test("keeps the standard widths below the original's, and the original's own when under 1600", () => {
  assert.deepEqual(variantWidths(3000), [480, 800, 1200, 1600]);
  assert.deepEqual(variantWidths(1600), [480, 800, 1200, 1600]);
  assert.deepEqual(variantWidths(1000), [480, 800, 1000]);
  assert.deepEqual(variantWidths(300), [300]);
});

const stores = await testMediaStores();
// Each store on SQLite, and the directory on PostgreSQL too: the store does not depend on the database.
for (const database of testDatabases()) {
  for (const kind of stores.filter((store) => store.name === "directory" || database.name === "sqlite")) {
    describe(`media service on ${database.name}, ${kind.name} store`, { skip: kind.skip }, () => {
      let handle: TestDatabaseHandle;
      let stored: TestMediaStore;
      let media: MediaService;

      beforeEach(async () => {
        handle = await database.open();
        stored = await kind.open();
        media = new MediaService({ db: handle.db, mediaStore: stored.store });
      });
      afterEach(async () => {
        await handle.close();
        await stored.close();
      });

      test("keeps the uploaded bytes and writes WebP and JPEG variants at each width, as recorded", async () => {
        const data = await generatePlaceholderPhoto(1300, 867, "kirkuk");
        const row = await media.importImage({
          data,
          originalName: "Kirkuk Soldiers.JPG",
          credit: "Ana Lima / Tribune",
          texts: { en: { caption: "Soldiers in Kirkuk.", alt: "Soldiers walk past a checkpoint" } },
        });

        const hash = createHash("sha256").update(data).digest("hex");
        assert.equal(row.storageKey, `${hash.slice(0, 2)}/${hash.slice(0, 20)}-kirkuk-soldiers.jpg`);
        assert.equal(row.mimeType, "image/jpeg");
        assert.deepEqual([row.width, row.height, row.sizeBytes], [1300, 867, data.length]);
        assert.equal(row.credit, "Ana Lima / Tribune");
        assert.match(row.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.deepEqual(await stored.read(originalKey(row.storageKey)), data);

        const texts = await handle.db.selectFrom("mediaTexts").selectAll().execute();
        assert.deepEqual(texts, [
          {
            mediaId: row.id,
            edition: "en",
            caption: "Soldiers in Kirkuk.",
            alt: "Soldiers walk past a checkpoint",
          },
        ]);
        const variants = await handle.db.selectFrom("mediaVariants").selectAll().orderBy("width").execute();
        assert.equal(variants.length, 8);
        for (const variant of variants) {
          const bytes = await stored.read(variantKey(variant.file));
          const decoded = await sharp(bytes).metadata();
          assert.equal(decoded.format, variant.format);
          assert.equal(decoded.width, variant.width);
          assert.equal(decoded.height, variant.height);
          assert.equal(variant.height, Math.round((867 * variant.width) / 1300));
          assert.equal(bytes.length, variant.sizeBytes);
          assert.equal(decoded.exif, undefined);
        }
        assert.deepEqual([...new Set(variants.map((variant) => variant.width))], [480, 800, 1200, 1300]);
      });

      test("turns a photo upright by its EXIF orientation and keeps no metadata in the variants", async () => {
        const sideways = await sharp(await generatePlaceholderPhoto(600, 400, "rotated"))
          .withMetadata({ orientation: 6 })
          .jpeg()
          .toBuffer();
        const row = await media.importImage({ data: sideways, originalName: "phone.jpg" });
        assert.deepEqual([row.width, row.height], [400, 600]);
        const [variant] = await handle.db
          .selectFrom("mediaVariants")
          .selectAll()
          .where("format", "=", "jpeg")
          .execute();
        assert.ok(variant);
        const decoded = await sharp(await stored.read(variantKey(variant.file))).metadata();
        assert.deepEqual(
          [decoded.width, decoded.height, decoded.orientation, decoded.exif],
          [400, 600, undefined, undefined],
        );
      });

      test("accepts PNG, WebP, GIF, AVIF and TIFF, judged by their content and not their name", async () => {
        const photo = sharp(await generatePlaceholderPhoto(120, 80, "formats"));
        for (const format of ["png", "webp", "gif", "avif", "tiff"] as const) {
          const data = await photo.clone().toFormat(format).toBuffer();
          const row = await media.importImage({ data, originalName: "upload.bin" });
          assert.equal(row.mimeType, `image/${format}`);
          assert.match(row.storageKey, new RegExp(`-upload\\.${format}$`));
          assert.deepEqual([row.width, row.height], [120, 80]);
        }
      });

      test("refuses a text file named .jpg with a clear message, leaving no file and no row", async () => {
        const attempt = media.importImage({
          data: Buffer.from("Not a photo at all.\n"),
          originalName: "photo.jpg",
        });
        await assert.rejects(attempt, (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          assert.equal(error.details.field, "file");
          assert.match(error.message, /not an image we can read \(JPEG, PNG, WebP, GIF, AVIF/);
          return true;
        });
        assert.deepEqual(await stored.files(), []);
        assert.deepEqual(await handle.db.selectFrom("media").selectAll().execute(), []);
      });

      test("refuses an upload cut off halfway, which only decoding reveals", async () => {
        const data = await generatePlaceholderPhoto(800, 600, "cut");
        const cut = data.subarray(0, Math.floor(data.length / 2));
        await assert.rejects(
          media.importImage({ data: cut, originalName: "cut.jpg" }),
          /not an image we can read/,
        );
        assert.deepEqual(await stored.files(), []);
      });

      test("refuses an SVG, which sharp could draw but which can carry script", async () => {
        const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
        await assert.rejects(
          media.importImage({ data: svg, originalName: "logo.svg" }),
          /not an image we can read/,
        );
      });

      test("refuses a file bigger than the byte limit, saying how big it may be", async () => {
        const small = new MediaService({ db: handle.db, mediaStore: stored.store, maxBytes: 1024 * 1024 });
        const data = Buffer.concat([await generatePlaceholderPhoto(100, 100), Buffer.alloc(1024 * 1024)]);
        await assert.rejects(
          small.importImage({ data, originalName: "big.jpg" }),
          /more than the 1\.0 MB we accept/,
        );
        assert.deepEqual(await stored.files(), []);
      });

      test("refuses an image over 40 megapixels before decoding it", async () => {
        const data = await jpegClaiming(8000, 6000);
        await assert.rejects(
          media.importImage({ data, originalName: "huge.jpg" }),
          /8000×6000 pixels, more than 40/,
        );
        assert.deepEqual(await stored.files(), []);
      });

      test("gives back the stored row when the same bytes are imported again under the same key", async () => {
        const data = await generatePlaceholderPhoto(500, 300, "seed");
        const first = await media.importImage({ data, originalName: "hero.jpg", key: "demo-hero" });
        const files = await stored.files();
        const again = await media.importImage({
          data,
          originalName: "other.jpg",
          key: "demo-hero",
          credit: "x",
        });
        assert.deepEqual(again, first);
        assert.match(first.storageKey, /-demo-hero\.jpg$/);
        assert.equal((await handle.db.selectFrom("media").selectAll().execute()).length, 1);
        assert.deepEqual(await stored.files(), files);
      });

      test("removes the files it wrote when the database refuses the rows", async () => {
        const failing = new Proxy(handle.db, {
          get(target, property) {
            if (property === "transaction") throw new Error("database went away");
            const value = Reflect.get(target, property, target);
            return typeof value === "function" ? value.bind(target) : value;
          },
        }) as Db;
        const broken = new MediaService({ db: failing, mediaStore: stored.store });
        const data = await generatePlaceholderPhoto(300, 200);
        await assert.rejects(broken.importImage({ data, originalName: "a.jpg" }), /database went away/);
        assert.deepEqual(await stored.files(), []);
      });

      test("writes no row when a put fails, and removes the files it had put", async () => {
        let puts = 0;
        // The store refuses the third file (a variant): the original and one variant are in by then.
        const real = stored.store;
        const failing: MediaStore = {
          location: real.location,
          stage: () => real.stage(),
          put: (key, staged) => {
            puts += 1;
            return puts === 3 ? Promise.reject(new Error("the store went away")) : real.put(key, staged);
          },
          head: (key) => real.head(key),
          get: (key) => real.get(key),
          delete: (keys) => real.delete(keys),
          list: () => real.list(),
          close: () => real.close(),
        };
        const broken = new MediaService({ db: handle.db, mediaStore: failing });
        const data = await generatePlaceholderPhoto(300, 200);
        await assert.rejects(broken.importImage({ data, originalName: "a.jpg" }), /the store went away/);
        assert.equal(puts, 3);
        assert.deepEqual(await handle.db.selectFrom("media").selectAll().execute(), []);
        assert.deepEqual(await handle.db.selectFrom("mediaVariants").selectAll().execute(), []);
        assert.deepEqual(await stored.files(), []);
      });

      const stagingInMediaDir =
        kind.name === "directory" ? false : "only the directory store stages in its folder";
      test("removes a staging folder a killed process left a day ago, and leaves one in use alone", {
        skip: stagingInMediaDir,
      }, async () => {
        const dir = stored.env.MEDIA_DIR ?? "";
        const dead = join(dir, ".incoming-0000000000000dead");
        const busy = join(dir, ".incoming-000000000000b0sy");
        for (const folder of [dead, busy]) {
          await mkdir(folder, { recursive: true });
          await writeFile(join(folder, "1.upload"), "half an upload");
        }
        const dayAndMinuteAgo = new Date(Date.now() - 24 * 60 * 60 * 1000 - 60_000);
        await utimes(dead, dayAndMinuteAgo, dayAndMinuteAgo);
        await media.importImage({ data: await generatePlaceholderPhoto(200, 100), originalName: "next.jpg" });
        const left = (await readdir(dir)).filter((name) => name.startsWith("."));
        assert.deepEqual(left, [".incoming-000000000000b0sy"]);
      });

      test("shows captions in the edition, falling back to the original language's text", async () => {
        const first = await media.importImage({
          data: await generatePlaceholderPhoto(1000, 500, "one"),
          originalName: "one.jpg",
          credit: "Reuters",
          texts: { en: { caption: "Flooded streets in Porto Alegre.", alt: "A street under water" } },
        });
        const second = await media.importImage({
          data: await generatePlaceholderPhoto(400, 400, "two"),
          originalName: "two.png",
          texts: { en: { caption: "A market.", alt: "Stalls" }, es: { caption: "Un mercado." } },
        });
        const pictures = await media.getPictures([first.id, second.id, 9999], "pt", "en");
        assert.deepEqual([...pictures.keys()], [first.id, second.id]);
        const picture = pictures.get(first.id);
        assert.ok(picture);
        assert.equal(picture.caption, "Flooded streets in Porto Alegre.");
        assert.equal(picture.alt, "A street under water");
        assert.equal(picture.credit, "Reuters");
        assert.deepEqual([picture.width, picture.height], [1000, 500]);
        const stem = first.storageKey.replace(/\.jpg$/, "");
        assert.equal(picture.src, `/media/${stem}-1000.jpg`);
        assert.equal(
          picture.srcset,
          `/media/${stem}-480.jpg 480w, /media/${stem}-800.jpg 800w, /media/${stem}-1000.jpg 1000w`,
        );
        assert.deepEqual(picture.sources, [
          {
            type: "image/webp",
            srcset: `/media/${stem}-480.webp 480w, /media/${stem}-800.webp 800w, /media/${stem}-1000.webp 1000w`,
          },
        ]);

        // A caption in the reader's language serves as alt before a foreign alt does.
        const spanish = (await media.getPictures([second.id], "es", "en")).get(second.id);
        assert.deepEqual([spanish?.caption, spanish?.alt], ["Un mercado.", "Un mercado."]);
      });

      test("changes texts and credit, refusing unknown media and editions", async () => {
        const row = await media.importImage({
          data: await generatePlaceholderPhoto(200, 100),
          originalName: "x.jpg",
        });
        await media.setTexts(row.id, "pt", { caption: "  Uma legenda. ", alt: "Um texto" });
        await media.setTexts(row.id, "pt", { alt: "" });
        await media.setCredit(row.id, "AFP");
        const picture = (await media.getPictures([row.id], "pt", "en")).get(row.id);
        assert.deepEqual(
          [picture?.caption, picture?.alt, picture?.credit],
          ["Uma legenda.", "Uma legenda.", "AFP"],
        );

        await assert.rejects(media.setTexts(row.id, "xx", { caption: "?" }), UnknownEditionError);
        await assert.rejects(media.setTexts(row.id + 1, "pt", { caption: "?" }), NotFoundError);
        await assert.rejects(media.setCredit(row.id + 1, "AFP"), NotFoundError);
      });
    });
  }
}
