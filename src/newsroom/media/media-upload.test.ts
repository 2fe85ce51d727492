import assert from "node:assert/strict";

import { after, before, beforeEach, describe, test } from "node:test";
import sharp from "sharp";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { NewsroomClient, type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { originalKey } from "../../media/media-store.ts";
import { type TestMediaStore, testMediaStores } from "../../media/media-store-test-support.ts";

import {
  alertText,
  jpegClaiming,
  jpegPhoto,
  largeJpeg,
  type MediaSnapshot,
  mediaSnapshot,
  multipartBody,
  pngImage,
  truncatedJpeg,
  type UploadFile,
  upload,
} from "./media-test-support.ts";

const stores = await testMediaStores();
// Each store on SQLite, and the directory on PostgreSQL too: the store does not depend on the database.
for (const database of testDatabases()) {
  for (const kind of stores.filter((store) => store.name === "directory" || database.name === "sqlite")) {
    describe(`uploading to the media library on ${database.name}, ${kind.name} store`, {
      skip: kind.skip,
    }, () => {
      let stored: TestMediaStore;
      let demo: DemoApp;
      let editor: NewsroomSession;
      let contributor: NewsroomSession;
      let translator: NewsroomSession;
      const snapshot = () => mediaSnapshot(demo.database.db, stored.store);

      before(async () => {
        // A 1 MB limit keeps the over-limit file small.
        stored = await kind.open();
        demo = await startDemoApp(database, { MEDIA_MAX_MB: "1", ...stored.env });
        editor = await signInAs(demo.app, demo.database.db, "editor", { name: "Eda Editor" });
        contributor = await signInAs(demo.app, demo.database.db, "contributor");
        translator = await signInAs(demo.app, demo.database.db, "translator");
      });
      after(async () => {
        await demo.close();
        await stored.close();
      });
      beforeEach(async () => {
        // Every client's token is the one of its latest page.
        for (const client of [editor, contributor, translator]) await client.get("/newsroom/media");
      });

      test("an editor uploads a JPEG: the original is kept, variants are written and served, the upload is audited", async () => {
        const data = await jpegPhoto(1300, 867, "kirkuk");
        const response = await upload(editor, [{ name: "Kirkuk Soldiers.jpg", data }], {
          fields: { credit: "Ana Lima / Tribune" },
        });
        assert.equal(response.statusCode, 303, response.body.slice(0, 500));
        const location = String(response.headers.location);
        const id = Number(/^\/newsroom\/media\/(\d+)\?done=uploaded$/.exec(location)?.[1]);
        assert.ok(id > 0, location);

        const db = demo.database.db;
        const row = await db.selectFrom("media").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
        assert.equal(row.originalName, "Kirkuk Soldiers.jpg");
        assert.equal(row.mimeType, "image/jpeg");
        assert.equal(row.credit, "Ana Lima / Tribune");
        assert.equal(row.uploadedByUserId, editor.user.id);
        assert.equal((await stored.store.head(originalKey(row.storageKey)))?.size, data.length);

        const variants = await db.selectFrom("mediaVariants").selectAll().where("mediaId", "=", id).execute();
        assert.deepEqual(variants.map((v) => `${v.format} ${v.width}`).sort(), [
          "jpeg 1200",
          "jpeg 1300",
          "jpeg 480",
          "jpeg 800",
          "webp 1200",
          "webp 1300",
          "webp 480",
          "webp 800",
        ]);
        for (const variant of variants) {
          const served = await demo.app.inject({ method: "GET", url: `/media/${variant.file}` });
          assert.equal(served.statusCode, 200, variant.file);
          assert.equal(
            served.headers["content-type"],
            variant.format === "jpeg" ? "image/jpeg" : "image/webp",
          );
          const decoded = await sharp(served.rawPayload).metadata();
          assert.equal(decoded.width, variant.width);
        }

        const detail = await editor.get(location);
        assert.equal(detail.statusCode, 200);
        assert.match(detail.body, /Uploaded\. Write its caption and alt text/);
        const audit = await db
          .selectFrom("auditLog")
          .selectAll()
          .where("action", "=", "media.upload")
          .where("subjectId", "=", String(id))
          .executeTakeFirstOrThrow();
        assert.equal(audit.actorUserId, editor.user.id);
        assert.equal(JSON.parse(audit.details).originalName, "Kirkuk Soldiers.jpg");

        const library = parsePage((await editor.get("/newsroom/media")).body);
        const card = library.querySelector(`a[href="/newsroom/media/${id}"]`);
        assert.ok(card, "the new picture is in the grid");
        assert.match(card.querySelector("img")?.getAttribute("src") ?? "", /-480\.jpg$/);
      });

      test("the reader's front page shows the pictures, each served from the store at /media", async () => {
        const front = parsePage((await demo.app.inject("/en/")).body);
        const sources = [...front.querySelectorAll("img")]
          .map((img) => img.getAttribute("src") ?? "")
          .filter((src) => src.startsWith("/media/"));
        assert.ok(sources.length > 0, "the demo's front page has pictures");
        const keys = await stored.files();
        for (const src of sources.slice(0, 3)) {
          assert.ok(keys.includes(`variants/${src.slice("/media/".length)}`), `${src} is in the store`);
          const served = await demo.app.inject(src);
          assert.equal(served.statusCode, 200, src);
          assert.match(String(served.headers["content-type"]), /^image\/(jpeg|webp)$/);
          assert.equal(served.rawPayload.length, Number(served.headers["content-length"]));
        }
      });

      test("several pictures at once: a PNG and a JPEG, by a contributor", async () => {
        const response = await upload(contributor, [
          { name: "map.png", data: await pngImage(900, 600), type: "image/png" },
          { name: "square.jpg", data: await jpegPhoto(700, 700, "square") },
        ]);
        assert.equal(response.statusCode, 303, response.body.slice(0, 500));
        assert.equal(response.headers.location, "/newsroom/media?done=uploaded-many");
        const rows = await demo.database.db
          .selectFrom("media")
          .select(["originalName", "mimeType", "uploadedByUserId"])
          .where("originalName", "in", ["map.png", "square.jpg"])
          .orderBy("originalName")
          .execute();
        assert.deepEqual(rows, [
          { originalName: "map.png", mimeType: "image/png", uploadedByUserId: contributor.user.id },
          { originalName: "square.jpg", mimeType: "image/jpeg", uploadedByUserId: contributor.user.id },
        ]);
      });

      const refusals: {
        name: string;
        file: () => Promise<UploadFile>;
        status: number;
        message: RegExp;
      }[] = [
        {
          name: "a text file named .jpg",
          file: async () => ({ name: "notes.jpg", data: Buffer.from("Meeting notes: call the agency.\n") }),
          status: 400,
          message: /“notes\.jpg”: this file is not an image we can read \(JPEG, PNG, WebP, GIF, AVIF, TIFF\)/,
        },
        {
          name: "an HTML file sent as a PNG",
          file: async () => ({
            name: "photo.png",
            type: "image/png",
            data: Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>"),
          }),
          status: 400,
          message: /“photo\.png”: this file is not an image we can read/,
        },
        {
          name: "a truncated JPEG",
          file: async () => ({ name: "cut-off.jpg", data: await truncatedJpeg() }),
          status: 400,
          message: /“cut-off\.jpg”: this file is not an image we can read/,
        },
        {
          name: "an empty file",
          file: async () => ({ name: "empty.jpg", data: Buffer.alloc(0) }),
          status: 400,
          message: /“empty\.jpg”: the file is empty; choose the image again/,
        },
        {
          name: "a file over MEDIA_MAX_MB",
          file: async () => ({ name: "huge.jpg", data: await largeJpeg(1.3) }),
          status: 413,
          message: /“huge\.jpg” is larger than the 1 MB we accept; export a smaller JPEG/,
        },
        {
          name: "an image of too many pixels",
          file: async () => ({ name: "panorama.jpg", data: await jpegClaiming(9000, 6000) }),
          status: 400,
          message: /“panorama\.jpg”: the image is 9000×6000 pixels, more than 40 megapixels/,
        },
      ];

      for (const refusal of refusals) {
        test(`refuses ${refusal.name} with a clear message, the form again, and nothing left behind`, async () => {
          const file = await refusal.file();
          const before: MediaSnapshot = await snapshot();
          const response = await upload(editor, [file], { fields: { credit: "Kept Credit" } });
          assert.equal(response.statusCode, refusal.status, response.body.slice(0, 300));
          assert.match(alertText(response.body), refusal.message);
          const page = parsePage(response.body);
          assert.ok(
            page.querySelector('form[enctype="multipart/form-data"] input[type="file"]'),
            "the form again",
          );
          assert.equal(
            page.querySelector<HTMLInputElement>('input[name="credit"]')?.getAttribute("value"),
            "Kept Credit",
          );
          assert.deepEqual(await snapshot(), before);
        });
      }

      test("a batch with a bad file stores none of it, names the refused file and says nothing was uploaded", async () => {
        const before = await snapshot();
        const response = await upload(editor, [
          { name: "good.jpg", data: await jpegPhoto(640, 480, "good") },
          { name: "résumé.jpg", data: Buffer.from("%PDF-1.7 not an image") },
          { name: "also-good.png", data: await pngImage(300, 200), type: "image/png" },
        ]);
        assert.equal(response.statusCode, 400);
        const alert = alertText(response.body);
        assert.match(alert, /This file was refused:\s*“résumé\.jpg”: this file is not an image/);
        assert.match(alert, /Nothing was uploaded/);
        assert.doesNotMatch(response.body, /Uploaded:/);
        assert.deepEqual(await snapshot(), before);
      });

      test("a batch with a file over MEDIA_MAX_MB stores none of it: 413 naming the file", async () => {
        const before = await snapshot();
        const response = await upload(editor, [
          { name: "first.jpg", data: await jpegPhoto(500, 400, "first") },
          { name: "huge.jpg", data: await largeJpeg(1.3) },
        ]);
        assert.equal(response.statusCode, 413);
        assert.match(alertText(response.body), /“huge\.jpg” is larger than the 1 MB we accept/);
        assert.deepEqual(await snapshot(), before);
      });

      test("21 files, one more than a form may carry, are refused with 413 and none of them is stored", async () => {
        const before = await snapshot();
        const files = await Promise.all(
          Array.from({ length: 21 }, async (_, i) => ({
            name: `many-${i}.jpg`,
            data: await jpegPhoto(120, 80, `many-${i}`),
          })),
        );
        const response = await upload(editor, files);
        assert.equal(response.statusCode, 413);
        assert.match(alertText(response.body), /Upload at most 20 images at once/);
        assert.deepEqual(await snapshot(), before);
      });

      test("a field sent after the files refuses the whole upload, files before it included", async () => {
        const before = await snapshot();
        const response = await upload(
          editor,
          [{ name: "early.jpg", data: await jpegPhoto(400, 300, "early") }],
          { after: { credit: "Late Credit" } },
        );
        assert.equal(response.statusCode, 400);
        assert.match(alertText(response.body), /The field “credit” came after a file/);
        assert.deepEqual(await snapshot(), before);
      });

      test("says to choose a file when the form had none", async () => {
        const before = await snapshot();
        const response = await upload(editor, [
          { name: "", data: Buffer.alloc(0), type: "application/octet-stream" },
        ]);
        assert.equal(response.statusCode, 400);
        assert.match(alertText(response.body), /Choose one or more images to upload/);
        assert.deepEqual(await snapshot(), before);
      });

      test("refuses an upload whose declared length is beyond any it could accept, before reading it", async () => {
        const before = await snapshot();
        const response = await editor.inject({
          method: "POST",
          url: "/newsroom/media",
          headers: {
            "content-type": "multipart/form-data; boundary=x",
            "content-length": String(30 * 2 ** 20),
          },
          payload: "--x--\r\n",
        });
        assert.equal(response.statusCode, 413);
        assert.match(response.body, /at most 20 images of 1 MB each/);
        assert.deepEqual(await snapshot(), before);
      });

      test("refuses an upload without the CSRF token, or with the token after the file", async () => {
        const before = await snapshot();
        const photo = { name: "csrf.jpg", data: await jpegPhoto(400, 300, "csrf") };
        const missing = await upload(editor, [photo], { csrf: "none" });
        assert.equal(missing.statusCode, 403);
        assert.match(missing.body, /security token/);
        const wrong = await upload(editor, [photo], { csrf: "none", fields: { _csrf: "forged" } });
        assert.equal(wrong.statusCode, 403);
        const late = await upload(editor, [photo], { csrf: "none", after: { _csrf: editor.csrfToken } });
        assert.equal(late.statusCode, 403, "the token must come before the files");
        assert.deepEqual(await snapshot(), before);
      });

      test("a translator may not upload: 403 naming the role, nothing read or stored", async () => {
        const before = await snapshot();
        const response = await upload(translator, [{ name: "t.jpg", data: await jpegPhoto(400, 300, "t") }]);
        assert.equal(response.statusCode, 403);
        assert.match(response.body, /A translator may not upload media\./);
        assert.deepEqual(await snapshot(), before);
        const page = parsePage((await translator.get("/newsroom/media")).body);
        assert.equal(page.querySelector('input[type="file"]'), null, "no upload form for translators");
      });

      test("someone not signed in is sent to sign in, and nothing is stored", async () => {
        const before = await snapshot();
        const body = multipartBody({}, [{ name: "anon.jpg", data: await jpegPhoto(300, 200, "anon") }]);
        const response = await new NewsroomClient(demo.app).inject({
          method: "POST",
          url: "/newsroom/media",
          headers: { "content-type": body.contentType },
          payload: body.payload,
        });
        assert.equal(response.statusCode, 303);
        assert.equal(response.headers.location, "/newsroom/sign-in");
        assert.deepEqual(await snapshot(), before);
      });
    });
  }
}
