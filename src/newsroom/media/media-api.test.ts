import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { NewsroomClient, type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { openMediaStore } from "../../media/open-media-store.ts";
import { jpegPhoto, mediaSnapshot, pngImage, upload } from "./media-test-support.ts";

const ITEM_KEYS = ["createdAt", "credit", "height", "id", "originalName", "texts", "thumbUrl", "width"];

for (const database of testDatabases()) {
  describe(`the media JSON API for the editor's picker on ${database.name}`, () => {
    let demo: DemoApp;
    let editor: NewsroomSession;
    let translator: NewsroomSession;
    const api = { url: "/newsroom/api/media", csrf: "header" as const };

    before(async () => {
      demo = await startDemoApp(database);
      editor = await signInAs(demo.app, demo.database.db, "editor");
      translator = await signInAs(demo.app, demo.database.db, "translator");
    });
    after(() => demo.close());

    test("uploads one image with its texts and answers the item, 201", async () => {
      const response = await upload(
        editor,
        [{ name: "Mosul bridge.jpg", data: await jpegPhoto(1400, 900, "mosul") }],
        {
          ...api,
          fields: {
            credit: "Reuters",
            "caption.pt": "A ponte de Mossul reconstruída",
            "alt.en": "A rebuilt bridge",
          },
        },
      );
      assert.equal(response.statusCode, 201, response.body);
      assert.match(String(response.headers["content-type"]), /^application\/json/);
      const item = response.json();
      assert.deepEqual(Object.keys(item).sort(), ITEM_KEYS);
      assert.equal(item.originalName, "Mosul bridge.jpg");
      assert.deepEqual([item.width, item.height], [1400, 900]);
      assert.equal(item.credit, "Reuters");
      assert.deepEqual(item.texts, {
        en: { caption: null, alt: "A rebuilt bridge" },
        pt: { caption: "A ponte de Mossul reconstruída", alt: null },
        es: { caption: null, alt: null },
      });
      assert.match(item.thumbUrl, /^\/media\/[0-9a-f]{2}\/[0-9a-f]{20}-mosul-bridge-480\.jpg$/);
      assert.equal((await demo.app.inject({ method: "GET", url: item.thumbUrl })).statusCode, 200);

      const again = await upload(
        editor,
        [{ name: "Mosul bridge.jpg", data: await jpegPhoto(1400, 900, "mosul") }],
        api,
      );
      assert.equal(again.statusCode, 200, "the same image again is the same item");
      assert.equal(again.json().id, item.id);
    });

    test("lists newest first with a keyset cursor, and searches captions without accents", async () => {
      await upload(editor, [{ name: "second.png", data: await pngImage(600, 400), type: "image/png" }], api);
      const first = await editor.get("/newsroom/api/media?limit=1");
      assert.equal(first.statusCode, 200);
      const page = first.json();
      assert.deepEqual(Object.keys(page).sort(), ["items", "next"]);
      assert.equal(page.items.length, 1);
      assert.equal(page.items[0].originalName, "second.png");
      assert.equal(typeof page.next, "number");
      const second = (await editor.get(`/newsroom/api/media?limit=1&before=${page.next}`)).json();
      assert.equal(second.items[0].originalName, "Mosul bridge.jpg");

      const found = (
        await editor.get(`/newsroom/api/media?q=${encodeURIComponent("ponte reconstruida")}`)
      ).json();
      assert.deepEqual(
        found.items.map((item: { originalName: string }) => item.originalName),
        ["Mosul bridge.jpg"],
      );
      assert.equal(found.next, null);
      const none = (await editor.get("/newsroom/api/media?q=zzzz")).json();
      assert.deepEqual(none, { items: [], next: null });
    });

    test("answers one item by id, and a 404 in JSON for none", async () => {
      const [latest] = (await editor.get("/newsroom/api/media?limit=1")).json().items;
      const one = await editor.get(`/newsroom/api/media/${latest.id}`);
      assert.deepEqual(one.json(), latest);
      const missing = await editor.get("/newsroom/api/media/999999");
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error, "NOT_FOUND");
    });

    test("refusals answer JSON with a code and a message, and leave nothing behind", async () => {
      const before = await mediaSnapshot(demo.database.db, openMediaStore(demo.config));
      const bad = await upload(editor, [{ name: "notes.jpg", data: Buffer.from("not an image") }], api);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error, "FILE_REFUSED");
      assert.match(bad.json().message, /“notes\.jpg”: this file is not an image we can read/);

      const photo = { name: "p.jpg", data: await jpegPhoto(300, 200, "p") };
      const two = await upload(editor, [photo, { ...photo, name: "q.jpg" }], api);
      assert.equal(two.statusCode, 413);
      assert.equal(two.json().message, "Send one image per request.");

      const late = await upload(editor, [photo], { ...api, after: { credit: "late" } });
      assert.equal(late.statusCode, 400);
      assert.match(late.json().message, /send the text fields before the files/);

      const none = await upload(editor, [], api);
      assert.equal(none.statusCode, 400);
      assert.equal(none.json().error, "ONE_FILE_ONLY");

      const json = await editor.postJson("/newsroom/api/media", { file: "x" });
      assert.equal(json.statusCode, 400);
      assert.match(json.json().message, /multipart\/form-data/);

      const noToken = await upload(editor, [photo], { ...api, csrf: "none" });
      assert.equal(noToken.statusCode, 403);
      assert.equal(noToken.json().error, "CSRF_REJECTED");

      const forbidden = await upload(translator, [photo], api);
      assert.equal(forbidden.statusCode, 403);
      assert.deepEqual(forbidden.json(), {
        error: "FORBIDDEN",
        message: "A translator may not upload media.",
        action: "media.upload",
        role: "translator",
      });

      const anonymous = await upload(new NewsroomClient(demo.app), [photo], api);
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error, "UNAUTHENTICATED");
      assert.equal((await new NewsroomClient(demo.app).get("/newsroom/api/media")).statusCode, 401);

      assert.deepEqual(await mediaSnapshot(demo.database.db, openMediaStore(demo.config)), before);
    });
  });
}
