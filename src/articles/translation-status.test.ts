import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { ValidationError } from "../shared/errors.ts";
import { ArticleService } from "./article-service.ts";
import { StoryService } from "./story-service.ts";
import { translationStatus } from "./translation-status.ts";

const EDITIONS = ["en", "pt", "es"] as const;

for (const database of testDatabases()) {
  describe(`translation status on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let stories: StoryService;
    let articles: ArticleService;

    beforeEach(async () => {
      handle = await database.open();
      stories = new StoryService(handle.db);
      articles = new ArticleService(handle.db);
    });
    afterEach(async () => {
      await handle.close();
    });

    /** A story written in `original`, translated into each of `translations`. */
    async function story(original: string, translations: string[] = []) {
      const row = await stories.createStory({ originalEdition: original });
      const write = (edition: string) =>
        articles.createArticle({
          storyId: row.id,
          edition,
          title: `Headline in ${edition}`,
          body: bodyFromParagraphs([`Text in ${edition}.`]),
        });
      const originalArticle = await write(original);
      const translated: Record<string, Awaited<ReturnType<typeof write>>> = {};
      for (const edition of translations) translated[edition] = await write(edition);
      return { id: row.id, original: originalArticle, translated };
    }

    const states = async (storyId: number) =>
      (await translationStatus(handle.db, storyId, EDITIONS)).map((entry) => [entry.edition, entry.state]);

    test("marks the original, and every edition without an article as missing", async () => {
      const { id, original } = await story("pt");
      const status = await translationStatus(handle.db, id, EDITIONS);
      assert.deepEqual(status, [
        { edition: "en", state: "missing", articleId: null, status: null },
        { edition: "pt", state: "original", articleId: original.id, status: "draft" },
        { edition: "es", state: "missing", articleId: null, status: null },
      ]);
    });

    test("marks a fresh translation up to date", async () => {
      const { id, translated } = await story("en", ["pt"]);
      const status = await translationStatus(handle.db, id, EDITIONS);
      assert.deepEqual(status[1], {
        edition: "pt",
        state: "up-to-date",
        articleId: translated.pt?.id,
        status: "draft",
      });
      assert.deepEqual(await states(id), [
        ["en", "original"],
        ["pt", "up-to-date"],
        ["es", "missing"],
      ]);
    });

    test("marks the translations outdated when the original is edited", async () => {
      const { id, original } = await story("en", ["pt", "es"]);
      await articles.updateArticle(original.id, { body: bodyFromParagraphs(["A corrected paragraph."]) });
      assert.deepEqual(await states(id), [
        ["en", "original"],
        ["pt", "outdated"],
        ["es", "outdated"],
      ]);
    });

    test("keeps a translation up to date when only the translation is edited", async () => {
      const { id, translated } = await story("en", ["pt"]);
      const pt = translated.pt;
      assert.ok(pt);
      await articles.updateArticle(pt.id, { title: "Título revisto" });
      assert.deepEqual(await states(id), [
        ["en", "original"],
        ["pt", "up-to-date"],
        ["es", "missing"],
      ]);
    });

    test("makes an outdated translation up to date with markTranslationUpdated", async () => {
      const { id, original, translated } = await story("en", ["pt", "es"]);
      const pt = translated.pt;
      assert.ok(pt);
      const edited = await articles.updateArticle(original.id, { title: "Edited original" });
      const marked = await articles.markTranslationUpdated(pt.id);
      assert.equal(marked.basedOnRevisionId, edited.revisionId);
      assert.deepEqual(await states(id), [
        ["en", "original"],
        ["pt", "up-to-date"],
        ["es", "outdated"],
      ]);
    });

    test("marks a translation outdated again when the original changes after it was updated", async () => {
      const { id, original, translated } = await story("en", ["pt"]);
      const pt = translated.pt;
      assert.ok(pt);
      await articles.updateArticle(original.id, { title: "Edit one" });
      await articles.markTranslationUpdated(pt.id);
      await articles.updateArticle(original.id, { title: "Edit two" });
      assert.equal((await states(id))[1]?.[1], "outdated");
    });

    test("counts a translation up to date again when the original is restored to the text it was made from", async () => {
      const { id, original } = await story("en", ["pt"]);
      const first = await articles.getById(original.id);
      await articles.updateArticle(original.id, { title: "A headline changed by mistake" });
      assert.equal((await states(id))[1]?.[1], "outdated");
      // A new revision, with the text of the one the translation was made from.
      await articles.updateArticle(original.id, {
        title: first.title,
        summary: first.summary,
        body: first.body,
      });
      assert.notEqual((await articles.getById(original.id)).revisionId, first.revisionId);
      assert.equal((await states(id))[1]?.[1], "up-to-date");
    });

    test("refuses markTranslationUpdated on an original, leaving it as it was", async () => {
      const { original } = await story("en", ["pt"]);
      await assert.rejects(articles.markTranslationUpdated(original.id), (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.details.field, "articleId");
        assert.match(error.message, /is an original, not a translation/);
        return true;
      });
      assert.deepEqual(await articles.getById(original.id), original);
    });

    test("reports each article's workflow status alongside its translation state", async () => {
      const { id, translated } = await story("en", ["es"]);
      const es = translated.es;
      assert.ok(es);
      await articles.publishArticle(es.id);
      const status = await translationStatus(handle.db, id, EDITIONS);
      assert.deepEqual(
        status.map((entry) => [entry.edition, entry.status]),
        [
          ["en", "draft"],
          ["pt", null],
          ["es", "published"],
        ],
      );
    });

    test("answers for the editions asked, in the order asked", async () => {
      const { id } = await story("es", ["en"]);
      const status = await translationStatus(handle.db, id, ["es", "en"]);
      assert.deepEqual(
        status.map((entry) => [entry.edition, entry.state]),
        [
          ["es", "original"],
          ["en", "up-to-date"],
        ],
      );
    });

    test("keeps the stories apart", async () => {
      const first = await story("en", ["pt"]);
      const second = await story("en", ["pt"]);
      await articles.updateArticle(first.original.id, { title: "Only the first changes" });
      assert.equal((await states(first.id))[1]?.[1], "outdated");
      assert.equal((await states(second.id))[1]?.[1], "up-to-date");
    });

    test("rejects a story that does not exist", async () => {
      await assert.rejects(translationStatus(handle.db, 424242, EDITIONS));
    });
  });
}
