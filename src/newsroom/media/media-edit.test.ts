import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage, visibleText } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { openMediaStore } from "../../media/open-media-store.ts";
import { alertText, jpegPhoto, mediaSnapshot, upload } from "./media-test-support.ts";

for (const database of testDatabases()) {
  describe(`the picture page on ${database.name}`, () => {
    let demo: DemoApp;
    let editor: NewsroomSession;
    let contributor: NewsroomSession;
    let translator: NewsroomSession;
    let pictureId = 0;

    before(async () => {
      demo = await startDemoApp(database);
      editor = await signInAs(demo.app, demo.database.db, "editor");
      contributor = await signInAs(demo.app, demo.database.db, "contributor");
      translator = await signInAs(demo.app, demo.database.db, "translator"); // pt
      await editor.get("/newsroom/media");
      const response = await upload(editor, [
        { name: "Basra port.jpg", data: await jpegPhoto(1000, 700, "basra") },
      ]);
      pictureId = Number(/\/newsroom\/media\/(\d+)/.exec(String(response.headers.location))?.[1]);
      assert.ok(pictureId > 0, response.body.slice(0, 300));
    });
    after(() => demo.close());

    const pageOf = async (client: NewsroomSession, id = pictureId) => {
      const response = await client.get(`/newsroom/media/${id}`);
      assert.equal(response.statusCode, 200);
      return parsePage(response.body);
    };

    test("shows the preview, the original's facts and every variant with its size", async () => {
      const page = await pageOf(editor);
      assert.equal(page.querySelector("h1")?.textContent, "Basra port.jpg");
      assert.match(page.querySelector(".media-preview img")?.getAttribute("src") ?? "", /-1000\.jpg$/);
      const rows = [...page.querySelectorAll("table tbody tr")].map((row) =>
        [...row.querySelectorAll("td")].map((cell) => cell.textContent?.trim()),
      );
      assert.deepEqual(
        rows.map((cells) => `${cells[0]} ${cells[1]}`),
        [
          "JPEG 480 × 336",
          "JPEG 800 × 560",
          "JPEG 1000 × 700",
          "WebP 480 × 336",
          "WebP 800 × 560",
          "WebP 1000 × 700",
        ],
      );
      assert.ok(
        rows.every((cells) => /^\d+ KB$/.test(cells[2] ?? "")),
        JSON.stringify(rows),
      );
      assert.match(visibleText(page), /image\/jpeg, 1000 × 700 pixels/);
      assert.match(visibleText(page), /by Test editor/);
    });

    test("an editor sets the credit and the caption and alt of each edition in one form", async () => {
      await pageOf(editor);
      const saved = await editor.post(`/newsroom/media/${pictureId}`, {
        credit: "Hadi Mizban / Agência",
        "caption.en": "The port of Basra at dawn",
        "alt.en": "Cranes over container ships",
        "caption.pt": "O porto de Basra ao amanhecer",
        "alt.pt": "Guindastes sobre navios",
        "caption.es": "",
        "alt.es": "",
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
      assert.equal(saved.headers.location, `/newsroom/media/${pictureId}?done=saved`);
      const page = parsePage((await editor.get(String(saved.headers.location))).body);
      assert.match(visibleText(page), /The texts have been saved\./);
      assert.equal(
        page.querySelector('input[name="credit"]')?.getAttribute("value"),
        "Hadi Mizban / Agência",
      );
      assert.equal(
        page.querySelector('textarea[name="caption.pt"]')?.textContent,
        "O porto de Basra ao amanhecer",
      );
      assert.equal(
        page.querySelector('input[name="alt.en"]')?.getAttribute("value"),
        "Cranes over container ships",
      );
      const entry = await demo.database.db
        .selectFrom("auditLog")
        .select(["details", "actorUserId"])
        .where("action", "=", "media.edit")
        .where("subjectId", "=", String(pictureId))
        .executeTakeFirstOrThrow();
      assert.equal(entry.actorUserId, editor.user.id);
      assert.deepEqual(JSON.parse(entry.details), { credit: true, editions: ["en", "pt"] });
      const library = await editor.get("/newsroom/media?q=amanhecer");
      assert.match(visibleText(parsePage(library.body)), /O porto de Basra ao amanhecer/);
    });

    test("a refused edit shows the form again with the message and what was typed", async () => {
      await pageOf(editor);
      const long = "a".repeat(301);
      const response = await editor.post(`/newsroom/media/${pictureId}`, {
        credit: long,
        "caption.es": "Puerto",
      });
      assert.equal(response.statusCode, 400);
      assert.equal(alertText(response.body), "Credit: keep it under 300 characters");
      const page = parsePage(response.body);
      assert.equal(page.querySelector('input[name="credit"]')?.getAttribute("value"), long);
      assert.equal(page.querySelector('textarea[name="caption.es"]')?.textContent, "Puerto");
    });

    test("the edit form needs the CSRF token", async () => {
      const before = await mediaSnapshot(demo.database.db, openMediaStore(demo.config));
      const response = await editor.post(`/newsroom/media/${pictureId}`, { _csrf: "", credit: "Forged" });
      assert.equal(response.statusCode, 403);
      assert.deepEqual(await mediaSnapshot(demo.database.db, openMediaStore(demo.config)), before);
    });

    test("a translator sees only their edition's fields enabled, and may change only those", async () => {
      const page = await pageOf(translator);
      const enabled = [...page.querySelectorAll("fieldset")].map((set) => !set.hasAttribute("disabled"));
      assert.deepEqual(enabled, [false, true, false]);
      assert.ok(page.querySelector('input[name="credit"]')?.hasAttribute("disabled"));
      const saved = await translator.post(`/newsroom/media/${pictureId}`, {
        "caption.pt": "O porto de Basra ao amanhecer, no sul do Iraque",
        "alt.pt": "Guindastes sobre navios",
      });
      assert.equal(saved.statusCode, 303);
      await pageOf(translator);
      const refused = await translator.post(`/newsroom/media/${pictureId}`, {
        "caption.en": "Changed by a translator",
      });
      assert.equal(refused.statusCode, 403);
      assert.match(
        alertText(refused.body),
        /A translator may edit media only in their assigned editions \(pt\), not in "en"\./,
      );
    });

    test("a contributor may edit their own uploads' texts, not others'", async () => {
      const others = await pageOf(contributor);
      assert.equal(others.querySelectorAll("fieldset:not([disabled])").length, 0);
      assert.match(visibleText(others), /Your role may not change the texts of this picture\./);
      const refused = await contributor.post(`/newsroom/media/${pictureId}`, { "caption.en": "Mine" });
      assert.equal(refused.statusCode, 403);

      await contributor.get("/newsroom/media");
      const own = await upload(contributor, [{ name: "own.jpg", data: await jpegPhoto(500, 400, "own") }]);
      const ownId = Number(/\/newsroom\/media\/(\d+)/.exec(String(own.headers.location))?.[1]);
      await pageOf(contributor, ownId);
      const saved = await contributor.post(`/newsroom/media/${ownId}`, {
        credit: "C. Contributor",
        "caption.es": "Mío",
      });
      assert.equal(saved.statusCode, 303);
    });

    test("lists where the picture is used: the demo story's hero, and figures in article bodies", async () => {
      const db = demo.database.db;
      const hero = await db
        .selectFrom("stories")
        .select(["id", "heroMediaId"])
        .where("heroMediaId", "is not", null)
        .orderBy("id")
        .executeTakeFirstOrThrow();
      const heroId = hero.heroMediaId ?? 0;
      const heroArticles = await db
        .selectFrom("articles")
        .select("title")
        .where("storyId", "=", hero.id)
        .execute();
      const heroPage = visibleText(await pageOf(editor, heroId));
      assert.match(heroPage, /Hero photo of/);
      for (const { title } of heroArticles) assert.ok(heroPage.includes(title), title);

      // One article shows our picture in a figure; another only mentions the pattern in its text and
      // shows picture 1, whose id our own id begins with or not: neither may count.
      const [withFigure, withText] = await db
        .selectFrom("articles")
        .select(["id", "title"])
        .orderBy("id")
        .limit(2)
        .execute();
      assert.ok(withFigure && withText);
      const figure = (mediaId: number) => ({ type: "figure", attrs: { mediaId } });
      await db
        .updateTable("articles")
        .set({ body: JSON.stringify({ type: "doc", content: [figure(pictureId)] }) })
        .where("id", "=", withFigure.id)
        .execute();
      const mention = { type: "paragraph", content: [{ type: "text", text: `{"mediaId":${pictureId}}` }] };
      await db
        .updateTable("articles")
        .set({ body: JSON.stringify({ type: "doc", content: [mention, figure(Number(`${pictureId}1`))] }) })
        .where("id", "=", withText.id)
        .execute();
      const page = await pageOf(editor);
      const usage = [...page.querySelectorAll(".media-usage li")].map((item) => item.textContent ?? "");
      assert.equal(usage.length, 1, usage.join(" | "));
      assert.ok(usage[0]?.includes(withFigure.title));
    });

    test("an unknown picture is a 404 page", async () => {
      const response = await editor.get("/newsroom/media/999999");
      assert.equal(response.statusCode, 404);
      // Not an id at all: the route's schema refuses it (400), as it does any malformed path.
      assert.equal((await editor.get("/newsroom/media/abc")).statusCode, 400);
    });
  });
}
