import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { NewsroomClient, type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { visibleToReaders } from "../../articles/visibility.ts";
import { createDraft, readerPath } from "../workflow/workflow-test-support.ts";

for (const database of testDatabases()) {
  describe(`the newsroom preview on ${database.name}`, () => {
    let demo: DemoApp;
    let contributor: NewsroomSession;

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      contributor = await signInAs(demo.app, demo.database.db, "contributor");
    });
    after(() => demo.close());

    const db = () => demo.database.db;

    test("renders a published article exactly as the reader page does, with a banner outside it", async () => {
      const article = await db()
        .selectFrom("articles")
        .selectAll()
        .where("edition", "=", "pt")
        .where(visibleToReaders(new Date().toISOString()))
        .orderBy("id")
        .executeTakeFirstOrThrow();
      const edition = demo.config.editions.find((e) => e.code === article.edition);
      assert.ok(edition);
      const reader = await demo.app.inject(readerPath(demo.config.publicUrl, edition, article));
      assert.equal(reader.statusCode, 200);
      const preview = await contributor.get(`/newsroom/articles/${article.id}/preview`);
      assert.equal(preview.statusCode, 200);
      assert.equal(preview.headers["cache-control"], "no-store");
      assert.equal(preview.headers["surrogate-key"], undefined, "nothing for a cache to keep");
      const readerPage = parsePage(reader.body);
      const previewPage = parsePage(preview.body);
      // A reader's visit is counted by the beacon; an editor's look at the preview is not.
      const beacon = readerPage.querySelector('article.article script[src^="/assets/beacon."]');
      assert.ok(beacon, "the reader page counts its view");
      assert.equal(previewPage.querySelector('script[src^="/assets/beacon."]'), null, "the preview does not");
      beacon.remove();
      assert.equal(
        previewPage.querySelector("article.article")?.outerHTML,
        readerPage.querySelector("article.article")?.outerHTML,
        "the same article markup",
      );
      assert.equal(previewPage.querySelector("head")?.innerHTML, readerPage.querySelector("head")?.innerHTML);
      assert.equal(
        previewPage.querySelector("header")?.innerHTML,
        readerPage.querySelector("header")?.innerHTML,
        "the same header: menu and switcher to the translations",
      );
      const banner = previewPage.querySelector("[data-preview-banner]");
      assert.match(banner?.textContent ?? "", /Preview — published\. Readers see the article like this now/);
      assert.equal(banner?.closest("article"), null, "the banner is not part of the article");
      // Without the banner, the whole <main> is the reader's.
      banner?.remove();
      assert.equal(previewPage.querySelector("main")?.innerHTML, readerPage.querySelector("main")?.innerHTML);
      assert.ok(
        !demo.app.pageCache?.keys().some((key) => key.includes("/newsroom/")),
        "the preview never enters the page cache",
      );
    });

    test("shows a draft only to someone signed in, and readers nothing", async () => {
      const draft = await createDraft(db(), contributor.user.id, { title: "A draft nobody has seen yet" });
      const anonymous = await new NewsroomClient(demo.app).get(`/newsroom/articles/${draft.id}/preview`);
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/newsroom\/sign-in\?next=/);
      const preview = await contributor.get(`/newsroom/articles/${draft.id}/preview`);
      assert.equal(preview.statusCode, 200);
      const page = parsePage(preview.body);
      assert.equal(page.querySelector("article.article h1")?.textContent, "A draft nobody has seen yet");
      assert.match(page.querySelector("[data-preview-banner]")?.textContent ?? "", /Preview — not published/);
      assert.match(
        page.querySelector("article.article")?.textContent ?? "",
        /The first paragraph of the story/,
      );
      // A draft is not dated as if it had been published now.
      const dateLine = page.querySelector("article.article .meta")?.textContent ?? "";
      assert.match(dateLine, /Not published yet/);
      assert.doesNotMatch(dateLine, /Published/);
      const front = await demo.app.inject("/en/");
      assert.doesNotMatch(front.body, /A draft nobody has seen yet/);
      assert.equal((await contributor.get("/newsroom/articles/999999/preview")).statusCode, 404);
    });
  });
}
