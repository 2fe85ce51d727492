import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import exifr from "exifr";
import sharp from "sharp";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage, visibleText } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { originalKey, readObject, variantKey } from "../../media/media-store.ts";
import { openMediaStore } from "../../media/open-media-store.ts";
import {
  AGENCY_PHOTO,
  agencyPhoto,
  CAMERA_SERIAL,
  jpegWithBrokenMetadata,
  LENS_SERIAL,
} from "../../media/photo-metadata-test-support.ts";
import { upload } from "./media-test-support.ts";

/** Every tag exifr finds in a file, every block asked for, as text to search. */
async function everyTag(file: Buffer): Promise<string> {
  const tags = await exifr
    .parse(file, {
      tiff: true,
      ifd1: true,
      exif: true,
      gps: true,
      interop: true,
      makerNote: true,
      xmp: true,
      iptc: true,
      icc: true,
      mergeOutput: false,
    })
    .catch(() => undefined);
  return JSON.stringify(tags ?? {});
}

for (const database of testDatabases()) {
  describe(`an agency photo's own metadata on upload, on ${database.name}`, () => {
    let demo: DemoApp;
    let editor: NewsroomSession;

    before(async () => {
      demo = await startDemoApp(database);
      editor = await signInAs(demo.app, demo.database.db, "editor");
      await editor.get("/newsroom/media");
    });
    after(() => demo.close());

    const uploadOne = async (name: string, data: Buffer, fields: Record<string, string> = {}) => {
      const response = await upload(editor, [{ name, data }], { fields });
      assert.equal(response.statusCode, 303, response.body.slice(0, 400));
      const id = Number(
        /^\/newsroom\/media\/(\d+)\?done=uploaded$/.exec(String(response.headers.location))?.[1],
      );
      assert.ok(id > 0, String(response.headers.location));
      return id;
    };
    const rowOf = (id: number) =>
      demo.database.db.selectFrom("media").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

    test("prefills the credit and the uploader's caption from the file, keeps the date, and says so", async () => {
      const id = await uploadOne("flood.jpg", await agencyPhoto());
      const row = await rowOf(id);
      assert.equal(row.credit, "Jane Doe / Reuters");
      assert.equal(row.takenAt, "2024-05-06T09:30:00");
      const texts = await demo.database.db
        .selectFrom("mediaTexts")
        .select(["edition", "caption", "alt"])
        .where("mediaId", "=", id)
        .execute();
      // The editor has no assigned edition: the site's first (default) one gets the caption.
      assert.deepEqual(texts, [{ edition: "en", caption: AGENCY_PHOTO.caption, alt: null }]);

      const page = parsePage((await editor.get(`/newsroom/media/${id}`)).body);
      assert.equal(page.querySelector('input[name="credit"]')?.getAttribute("value"), "Jane Doe / Reuters");
      assert.equal(page.querySelector('textarea[name="caption.en"]')?.textContent, AGENCY_PHOTO.caption);
      const marked = [...page.querySelectorAll("label")]
        .filter((label) => label.querySelector("[data-from-file]"))
        .map((label) => label.querySelector("input, textarea")?.getAttribute("name"));
      assert.deepEqual(marked, ["credit", "caption.en"]);
      assert.equal(
        page.querySelector("[data-taken-at]")?.getAttribute("data-taken-at"),
        "2024-05-06T09:30:00",
      );
      assert.match(visibleText(page), /Taken2024-05-06 09:30:00 \(from the file, camera time\)/);

      // Once the editor changes the credit, it is theirs: no longer marked as the file's.
      await editor.post(`/newsroom/media/${id}`, { credit: "Jane Doe / Reuters / Tribune" });
      const changed = parsePage((await editor.get(`/newsroom/media/${id}`)).body);
      assert.equal(
        changed.querySelector('input[name="credit"]')?.closest("label")?.querySelector("[data-from-file]"),
        null,
      );
    });

    test("a credit typed in the upload form wins over the file's", async () => {
      const photo = await agencyPhoto({ width: 1000, height: 700 });
      const id = await uploadOne("flood-2.jpg", photo, { credit: "Tribune staff" });
      assert.equal((await rowOf(id)).credit, "Tribune staff");
      assert.equal((await rowOf(id)).fileCredit, "Jane Doe / Reuters");
    });

    test("a photo whose metadata is broken still uploads, with nothing prefilled", async () => {
      const id = await uploadOne("broken-metadata.jpg", await jpegWithBrokenMetadata());
      const row = await rowOf(id);
      assert.deepEqual([row.credit, row.takenAt, row.fileCaption], [null, null, null]);
      const page = parsePage((await editor.get(`/newsroom/media/${id}`)).body);
      assert.equal(page.querySelector("[data-from-file]"), null);
      assert.equal(page.querySelector("[data-taken-at]"), null);
    });

    test("no variant readers get carries the location, serial numbers or any other metadata", async () => {
      const id = await uploadOne("flood-3.jpg", await agencyPhoto({ width: 1700, height: 1100 }));
      const row = await rowOf(id);
      const storage = openMediaStore(demo.config);
      // The original keeps what the agency sent (so this test can fail): GPS and serials are there.
      const original = await readObject(storage, originalKey(row.storageKey));
      assert.ok(original, "the original is in the store");
      const originalTags = await everyTag(original);
      assert.match(originalTags, /GPSLatitude/);
      assert.match(originalTags, new RegExp(CAMERA_SERIAL));

      const variants = await demo.database.db
        .selectFrom("mediaVariants")
        .select(["file", "format"])
        .where("mediaId", "=", id)
        .execute();
      assert.equal(variants.length, 8, "four widths, JPEG and WebP");
      for (const variant of variants) {
        const served = await demo.app.inject(`/media/${variant.file}`);
        assert.equal(served.statusCode, 200, variant.file);
        const bytes = served.rawPayload;
        assert.deepEqual(bytes, await readObject(storage, variantKey(variant.file)));
        const tags = await everyTag(bytes);
        for (const secret of ["GPS", "latitude", CAMERA_SERIAL, LENS_SERIAL, "SerialNumber", "Jane Doe"]) {
          assert.ok(!tags.includes(secret), `${variant.file} carries ${secret}: ${tags}`);
        }
        const metadata = await sharp(bytes).metadata();
        assert.deepEqual([metadata.exif, metadata.xmp, metadata.iptc], [undefined, undefined, undefined]);
      }
      // The original itself is never served, not even under its own name.
      assert.equal((await demo.app.inject(`/media/${row.storageKey}`)).statusCode, 404);
    });
  });
}
