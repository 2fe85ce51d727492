import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage, visibleText } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { openMediaStore } from "../../media/open-media-store.ts";
import { alertText, jpegPhoto, mediaSnapshot, upload } from "./media-test-support.ts";

const NUL = "\u0000";
const ID_RANGE = /must be an id: a whole number from 1 to 2147483647/;

for (const database of testDatabases()) {
  describe(`the media routes refuse NULs and out-of-range ids with a 400 on ${database.name}`, () => {
    let demo: DemoApp;
    let editor: NewsroomSession;
    let pictureId = 0;
    const snapshot = () => mediaSnapshot(demo.database.db, openMediaStore(demo.config));
    const api = { url: "/newsroom/api/media", csrf: "header" as const };

    before(async () => {
      demo = await startDemoApp(database);
      editor = await signInAs(demo.app, demo.database.db, "editor");
      await editor.get("/newsroom/media");
      const response = await upload(editor, [{ name: "kept.jpg", data: await jpegPhoto(600, 400, "kept") }]);
      pictureId = Number(/\/newsroom\/media\/(\d+)/.exec(String(response.headers.location))?.[1]);
      assert.ok(pictureId > 0, response.body.slice(0, 300));
    });
    after(() => demo.close());
    beforeEach(async () => {
      await editor.get("/newsroom/media");
    });

    test("a NUL in an uploaded file's name refuses the upload, naming the file, and stores nothing", async () => {
      const before = await snapshot();
      const photo = await jpegPhoto(500, 300, "nul-name");
      const page = await upload(editor, [
        { name: "fine.jpg", data: await jpegPhoto(300, 200, "fine") },
        { name: `evil${NUL}.jpg`, data: photo },
      ]);
      assert.equal(page.statusCode, 400, page.body.slice(0, 300));
      assert.match(
        alertText(page.body),
        /“evil\uFFFD\.jpg”: its name holds a NUL character; rename the file/,
      );
      const json = await upload(editor, [{ name: `evil${NUL}.jpg`, data: photo }], api);
      assert.equal(json.statusCode, 400, json.body);
      assert.equal(json.json().error, "FILE_REFUSED");
      assert.equal(json.json().field, "file");
      assert.deepEqual(await snapshot(), before);
    });

    test("a NUL in an upload's credit or caption is a 400 naming the field, and nothing is stored", async () => {
      const before = await snapshot();
      const photo = { name: "captioned.jpg", data: await jpegPhoto(500, 300, "captioned") };
      const page = await upload(editor, [photo], { fields: { credit: `Agency${NUL}` } });
      assert.equal(page.statusCode, 400, page.body.slice(0, 300));
      assert.match(alertText(page.body), /Credit: must not contain NUL characters\. Nothing was uploaded\./);
      const json = await upload(editor, [photo], { ...api, fields: { "caption.pt": `Legenda${NUL}` } });
      assert.equal(json.statusCode, 400, json.body);
      assert.deepEqual(json.json(), {
        error: "VALIDATION_FAILED",
        message: "caption.pt: must not contain NUL characters",
        field: "caption.pt",
      });
      assert.deepEqual(await snapshot(), before);
    });

    test("a NUL in the picture's form is a 400, and nothing is changed", async () => {
      const before = await snapshot();
      const response = await editor.post(`/newsroom/media/${pictureId}`, {
        credit: "Reuters",
        "caption.pt": `Uma legenda${NUL}`,
      });
      assert.equal(response.statusCode, 400);
      assert.match(visibleText(parsePage(response.body)), /must not contain NUL characters/);
      const row = await demo.database.db
        .selectFrom("media")
        .select("credit")
        .where("id", "=", pictureId)
        .executeTakeFirstOrThrow();
      assert.equal(row.credit, null);
      assert.deepEqual(await snapshot(), before);
    });

    const outOfRange: { url: string; method?: "GET" | "POST"; field: string; message?: RegExp }[] = [
      { url: "/newsroom/api/media?before=2147483648", field: "before" },
      { url: "/newsroom/api/media?before=99999999999999999999", field: "before" },
      { url: "/newsroom/api/media?before=-1", field: "before" },
      { url: "/newsroom/api/media?limit=2147483648", field: "limit", message: /from 1 to 60/ },
      { url: "/newsroom/api/media?limit=0", field: "limit", message: /from 1 to 60/ },
      { url: "/newsroom/api/media?limit=61", field: "limit", message: /from 1 to 60/ },
      { url: "/newsroom/api/media/2147483648", field: "id" },
      { url: "/newsroom/media?before=2147483648", field: "before" },
      { url: "/newsroom/media/2147483648", field: "id" },
      { url: "/newsroom/media/2147483648", method: "POST", field: "id" },
    ];
    for (const { url, method = "GET", field, message = ID_RANGE } of outOfRange) {
      test(`${method} ${url} answers 400 naming “${field}”`, async () => {
        const response = method === "POST" ? await editor.post(url, { credit: "x" }) : await editor.get(url);
        assert.equal(response.statusCode, 400, response.body.slice(0, 300));
        if (url.startsWith("/newsroom/api/")) {
          assert.equal(response.json().field, field);
          assert.match(response.json().message, message);
        } else {
          const text = visibleText(parsePage(response.body));
          assert.match(text, new RegExp(`${field}: ${message.source}`));
        }
      });
    }

    test("the largest id is a valid one: a picture that is not there is a 404", async () => {
      assert.equal((await editor.get("/newsroom/api/media/2147483647")).statusCode, 404);
      assert.equal((await editor.get("/newsroom/media/2147483647")).statusCode, 404);
      const page = await editor.get("/newsroom/api/media?before=2147483647&limit=60");
      assert.equal(page.statusCode, 200);
      assert.ok(page.json().items.some((item: { id: number }) => item.id === pictureId));
    });
  });
}
