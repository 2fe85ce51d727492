import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage, visibleText } from "../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../test/support/newsroom.ts";
import { ArticleService } from "../articles/article-service.ts";
import type { ArticleRow } from "../db/schema.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { createDraft } from "./workflow/workflow-test-support.ts";

/**
 * Who reads what, page by page: a contributor their own work and what readers see; a translator
 * their editions' work, the originals it is translated from, and what readers see; editors all.
 */
for (const database of testDatabases()) {
  describe(`read access in the newsroom on ${database.name}`, () => {
    let demo: DemoApp;
    let contributor: NewsroomSession;
    let translator: NewsroomSession;
    let editor: NewsroomSession;
    /** Someone else's draft: nobody but its owner and editors reads it. */
    let othersDraft: ArticleRow;
    /** An embargoed article: scheduled for tomorrow. */
    let embargoed: ArticleRow;
    /** The contributor's own draft. */
    let ownDraft: ArticleRow;
    /** A published article. */
    let published: ArticleRow;
    /** An editor's draft original with a Portuguese translation: the translator reads both. */
    let original: ArticleRow;
    let translation: ArticleRow;

    const token = Math.random().toString(36).slice(2, 8);

    before(async () => {
      demo = await startDemoApp(database);
      const db = demo.database.db;
      contributor = await signInAs(demo.app, db, "contributor");
      const other = await signInAs(demo.app, db, "contributor");
      translator = await signInAs(demo.app, db, "translator", { editions: ["pt"] });
      editor = await signInAs(demo.app, db, "editor");
      const articles = new ArticleService(db);
      othersDraft = await createDraft(db, other.user.id, { title: `Secret draft ${token}` });
      await articles.updateArticle(othersDraft.id, { title: `Secret draft ${token} v2` }, other.user.id);
      embargoed = await createDraft(db, editor.user.id, { title: `Embargoed story ${token}` });
      embargoed = await articles.publishArticle(embargoed.id, { at: new Date(Date.now() + 86_400_000) });
      ownDraft = await createDraft(db, contributor.user.id, { title: `My own draft ${token}` });
      published = await createDraft(db, other.user.id, { title: `Published story ${token}` });
      published = await articles.publishArticle(published.id);
      original = await createDraft(db, editor.user.id, { title: `Original to translate ${token}` });
      translation = await articles.createArticle({
        storyId: original.storyId,
        edition: "pt",
        title: `Tradução ${token}`,
        body: bodyFromParagraphs(["Texto."]),
        savedByUserId: editor.user.id,
      });
      await db
        .updateTable("articles")
        .set({ status: "review" })
        .where("id", "in", [othersDraft.id, original.id])
        .execute();
    });
    after(() => demo.close());

    /** Every page that shows one article, with what each one refuses. */
    const pagesOf = (article: ArticleRow) => [
      `/newsroom/articles/${article.id}/preview`,
      `/newsroom/articles/${article.id}/workflow`,
      `/newsroom/articles/${article.id}/revisions`,
      `/newsroom/articles/${article.id}/revisions/compare?from=${article.revisionId}&to=${article.revisionId}`,
    ];
    const statuses = async (session: NewsroomSession, article: ArticleRow) =>
      Promise.all(pagesOf(article).map(async (url) => (await session.get(url)).statusCode));

    test("a contributor opens their own and published articles, and is refused the others with 403", async () => {
      assert.deepEqual(await statuses(contributor, ownDraft), [200, 200, 200, 200]);
      assert.deepEqual(await statuses(contributor, published), [200, 200, 200, 200]);
      for (const article of [othersDraft, embargoed, original, translation]) {
        assert.deepEqual(await statuses(contributor, article), [403, 403, 403, 403], article.title);
      }
      const refused = await contributor.get(`/newsroom/articles/${othersDraft.id}/preview`);
      assert.match(
        visibleText(parsePage(refused.body)),
        /A contributor may read articles only if they are their own or published/,
      );
      assert.doesNotMatch(refused.body, new RegExp(`Secret draft ${token}`));
    });

    test("a translator opens their edition's work and its original, and is refused the others", async () => {
      assert.deepEqual(await statuses(translator, translation), [200, 200, 200, 200]);
      assert.deepEqual(await statuses(translator, original), [200, 200, 200, 200]);
      assert.deepEqual(await statuses(translator, published), [200, 200, 200, 200]);
      for (const article of [othersDraft, embargoed, ownDraft]) {
        assert.deepEqual(await statuses(translator, article), [403, 403, 403, 403], article.title);
      }
      const page = await translator.get(`/newsroom/translations/${translation.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`Original to translate ${token}`));
    });

    test("an editor opens everything", async () => {
      for (const article of [othersDraft, embargoed, ownDraft, published, original, translation]) {
        assert.deepEqual(await statuses(editor, article), [200, 200, 200, 200], article.title);
      }
    });

    test("the review queue is the editors': contributors and translators are refused", async () => {
      for (const session of [contributor, translator]) {
        const queue = await session.get("/newsroom/review");
        assert.equal(queue.statusCode, 403);
        assert.match(visibleText(parsePage(queue.body)), /may not see the review queue/);
        assert.doesNotMatch(queue.body, new RegExp(token));
        const nav = parsePage((await session.get("/newsroom")).body).querySelector("nav")?.textContent;
        assert.doesNotMatch(nav ?? "", /Review queue/);
      }
      const queue = await editor.get("/newsroom/review");
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, new RegExp(`Secret draft ${token}`));
    });

    test("the article list lists only what the role may read", async () => {
      const listed = async (session: NewsroomSession) => {
        const page = await session.get("/newsroom/articles");
        assert.equal(page.statusCode, 200);
        const titles = [...parsePage(page.body).querySelectorAll("td.title-cell")].map(
          (cell) => cell.textContent ?? "",
        );
        const pattern = new RegExp(
          `^(Secret draft|Embargoed story|My own draft|Published story|Original to translate|Tradução) ${token}`,
        );
        return titles
          .map((title) => pattern.exec(title)?.[1])
          .filter((title) => title !== undefined)
          .sort();
      };
      assert.deepEqual(await listed(contributor), ["My own draft", "Published story"]);
      assert.deepEqual(await listed(translator), ["Original to translate", "Published story", "Tradução"]);
      assert.deepEqual((await listed(editor)).length, 6);
    });

    test("newsroom search finds only what the role may read", async () => {
      const found = async (session: NewsroomSession) => {
        const page = await session.get(`/newsroom/search?q=${token}`);
        assert.equal(page.statusCode, 200);
        return [...parsePage(page.body).querySelectorAll(".search-results tbody tr td:first-child")]
          .map((cell) => (cell.textContent ?? "").replace(` ${token}`, "").replace(/ v2$/, "").trim())
          .sort();
      };
      assert.deepEqual(await found(contributor), ["My own draft", "Published story"]);
      assert.deepEqual(await found(translator), ["Original to translate", "Published story", "Tradução"]);
      assert.equal((await found(editor)).length, 6);
    });

    test("the translation desk lists only stories whose original the role may read", async () => {
      const rows = async (session: NewsroomSession) => {
        const page = await session.get("/newsroom/translations");
        assert.equal(page.statusCode, 200);
        return parsePage(page.body);
      };
      const row = (page: ReturnType<typeof parsePage>, article: ArticleRow) =>
        page.querySelector(`tr[data-story="${article.storyId}"]`);
      const forContributor = await rows(contributor);
      assert.ok(row(forContributor, ownDraft));
      assert.ok(row(forContributor, published));
      for (const hidden of [othersDraft, embargoed, original])
        assert.equal(row(forContributor, hidden), null);
      const forTranslator = await rows(translator);
      assert.ok(row(forTranslator, original));
      assert.ok(row(forTranslator, published));
      for (const hidden of [othersDraft, embargoed, ownDraft]) assert.equal(row(forTranslator, hidden), null);
      assert.equal((await contributor.get(`/newsroom/translations/${translation.id}`)).statusCode, 403);
    });

    test("the editor's READ callouts name only stories the writer may read", async () => {
      const api = await contributor.get(`/newsroom/api/articles/${ownDraft.id}`);
      const { editor: boot } = api.json() as { editor: { article: { revisionId: number } } };
      const saved = await contributor.sendJson("PUT", `/newsroom/api/articles/${ownDraft.id}`, {
        baseRevisionId: boot.article.revisionId,
        body: {
          type: "doc",
          content: [
            { type: "readCallout", attrs: { storyId: othersDraft.storyId } },
            { type: "readCallout", attrs: { storyId: published.storyId } },
          ],
        },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const page = await contributor.get(`/newsroom/articles/${ownDraft.id}/edit`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, new RegExp(`Secret draft ${token}`));
      assert.match(page.body, new RegExp(`Published story ${token}`));
    });

    test("a picture's page lists only the articles the role may read among those using it", async () => {
      const db = demo.database.db;
      const media = await db.selectFrom("media").select("id").orderBy("id").executeTakeFirstOrThrow();
      await db
        .updateTable("stories")
        .set({ heroMediaId: media.id })
        .where("id", "in", [othersDraft.storyId, published.storyId])
        .execute();
      const page = await contributor.get(`/newsroom/media/${media.id}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, new RegExp(`Secret draft ${token}`));
      assert.match(page.body, new RegExp(`Published story ${token}`));
      assert.match(
        (await editor.get(`/newsroom/media/${media.id}`)).body,
        new RegExp(`Secret draft ${token}`),
      );
    });
  });
}
