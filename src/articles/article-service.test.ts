import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { CommentService } from "../comments/comment-service.ts";
import type { Db } from "../db/database.ts";
import type { CommentStatus, Database, StoryRow } from "../db/schema.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import {
  ConflictError,
  NotFoundError,
  SlugTakenError,
  TribuneError,
  ValidationError,
} from "../shared/errors.ts";
import { TagService } from "../tags/tag-service.ts";
import { ArticleService } from "./article-service.ts";
import { StoryService } from "./story-service.ts";
import { visibleToReaders } from "./visibility.ts";

const PT_TITLE = "Grupos apoiados pelo Irã suspendem ataques contra forças dos EUA no Iraque";
const EN_TITLE = "Iran-backed groups stop attacks on US forces in Iraq";

async function rowCount(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rows of the tables an article save writes, to show that a refused save stored nothing. */
async function contentCounts(db: Db) {
  return {
    stories: await rowCount(db, "stories"),
    articles: await rowCount(db, "articles"),
    revisions: await rowCount(db, "articleRevisions"),
  };
}

function assertValidationError(field: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.equal(error.details.field, field);
    if (message) assert.match(error.message, message);
    return true;
  };
}

const isoNow = () => new Date().toISOString();
const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();

for (const database of testDatabases()) {
  describe(`articles on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let stories: StoryService;
    let articles: ArticleService;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      stories = new StoryService(db);
      articles = new ArticleService(db);
    });
    afterEach(async () => {
      await handle.close();
    });

    async function storyWithOriginal(edition = "en", title = EN_TITLE) {
      const story = await stories.createStory({ originalEdition: edition });
      const article = await articles.createArticle({
        storyId: story.id,
        edition,
        title,
        body: bodyFromParagraphs(["First paragraph."]),
      });
      return { story, article };
    }

    async function visibleIds(now: string): Promise<number[]> {
      const rows = await db.selectFrom("articles").selectAll().where(visibleToReaders(now)).execute();
      return rows.map((row) => row.id);
    }

    describe("creating and saving", () => {
      test("creates the original article as a draft whose revision 1 holds the same title, slug and body", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        const body = bodyFromParagraphs(["Attacks have stopped.", { storyId: story.id }]);
        const article = await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: `  ${EN_TITLE}  `,
          summary: "A pause in the attacks.",
          body,
          savedByUserId: 7,
        });

        assert.equal(article.status, "draft");
        assert.equal(article.edition, "en");
        assert.equal(article.title, EN_TITLE);
        assert.equal(article.slug, "iran-backed-groups-stop-attacks-on-us-forces-in-iraq");
        assert.equal(article.publishedAt, null);
        assert.equal(article.basedOnRevisionId, null);
        assert.deepEqual(JSON.parse(article.body), body);

        const revisions = await articles.revisions(article.id);
        assert.equal(revisions.length, 1);
        const [first] = revisions;
        assert.ok(first);
        assert.equal(article.revisionId, first.id);
        assert.equal(first.number, 1);
        assert.equal(first.title, article.title);
        assert.equal(first.slug, article.slug);
        assert.equal(first.summary, "A pause in the attacks.");
        assert.equal(first.body, article.body);
        assert.equal(first.savedByUserId, 7);
        assert.equal(first.createdAt, article.updatedAt);
      });

      test("records a second save as revision 2 and moves revisionId to it", async () => {
        const { article } = await storyWithOriginal();
        const firstRevisionId = article.revisionId;
        const body = bodyFromParagraphs(["Updated paragraph."]);
        const saved = await articles.updateArticle(article.id, { title: "A new headline", body }, 3);

        const revisions = await articles.revisions(article.id);
        assert.deepEqual(
          revisions.map((r) => r.number),
          [2, 1],
        );
        const [second, first] = revisions;
        assert.ok(second && first);
        assert.equal(first.id, firstRevisionId);
        assert.equal(saved.revisionId, second.id);
        assert.notEqual(saved.revisionId, firstRevisionId);
        assert.equal(second.title, "A new headline");
        assert.equal(second.body, JSON.stringify(body));
        assert.equal(second.savedByUserId, 3);
        assert.equal(first.title, EN_TITLE);
        assert.equal(saved.title, "A new headline");
        assert.equal(saved.slug, article.slug, "a new title does not change the slug");
        assert.equal((await articles.getById(article.id)).revisionId, second.id);
      });

      test("lists revisions newest first", async () => {
        const { article } = await storyWithOriginal();
        for (const title of ["Second", "Third", "Fourth"])
          await articles.updateArticle(article.id, { title });
        const revisions = await articles.revisions(article.id);
        assert.deepEqual(
          revisions.map((r) => [r.number, r.title]),
          [
            [4, "Fourth"],
            [3, "Third"],
            [2, "Second"],
            [1, EN_TITLE],
          ],
        );
      });

      test("keeps the fields a save leaves out", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        const article = await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: EN_TITLE,
          summary: "Kept",
          body: bodyFromParagraphs(["Kept body."]),
        });
        const saved = await articles.updateArticle(article.id, { title: "Only the title" });
        assert.equal(saved.summary, "Kept");
        assert.equal(saved.body, article.body);
        assert.equal(saved.slug, article.slug);
      });

      test("refuses a save with an empty title and keeps the article and its revisions as they were", async () => {
        const { article } = await storyWithOriginal();
        await assert.rejects(
          articles.updateArticle(article.id, { title: "   " }),
          assertValidationError("title"),
        );
        assert.deepEqual(await articles.getById(article.id), article);
        assert.equal((await articles.revisions(article.id)).length, 1);
      });

      test("answers NotFoundError for an article that does not exist", async () => {
        await assert.rejects(articles.getById(424242), NotFoundError);
        await assert.rejects(articles.updateArticle(424242, { title: "x" }), NotFoundError);
        await assert.rejects(articles.publishArticle(424242), NotFoundError);
      });

      test("answers NotFoundError for an article of a story that does not exist, storing nothing", async () => {
        const before = await contentCounts(db);
        await assert.rejects(
          articles.createArticle({
            storyId: 424242,
            edition: "en",
            title: "T",
            body: bodyFromParagraphs(["x"]),
          }),
          (error: unknown) => error instanceof NotFoundError && error.status === 404,
        );
        assert.deepEqual(await contentCounts(db), before);
      });
    });

    describe("slugs", () => {
      test("makes the slug from a Portuguese title with its accents folded", async () => {
        const { article } = await storyWithOriginal("pt", PT_TITLE);
        assert.equal(
          article.slug,
          "grupos-apoiados-pelo-ira-suspendem-ataques-contra-forcas-dos-eua-no-iraque",
        );
      });

      test("appends -2, then -3, to a generated slug already used in the edition", async () => {
        const first = await storyWithOriginal("pt", PT_TITLE);
        const second = await storyWithOriginal("pt", PT_TITLE);
        const third = await storyWithOriginal("pt", PT_TITLE);
        assert.equal(second.article.slug, `${first.article.slug}-2`);
        assert.equal(third.article.slug, `${first.article.slug}-3`);
      });

      test("keeps the letters of a title in another script, and falls back to 'article' for one with none", async () => {
        const { article } = await storyWithOriginal("en", "العراق");
        assert.equal(article.slug, "العراق");
        const { article: symbols } = await storyWithOriginal("en", "!!! ???");
        assert.equal(symbols.slug, "article");
      });

      test("refuses a given slug already used in the edition with SlugTakenError and stores nothing", async () => {
        const { article } = await storyWithOriginal();
        const story = await stories.createStory({ originalEdition: "en" });
        const before = await contentCounts(db);
        await assert.rejects(
          articles.createArticle({
            storyId: story.id,
            edition: "en",
            title: "Another story",
            slug: article.slug,
            body: bodyFromParagraphs(["x"]),
          }),
          (error: unknown) => {
            assert.ok(error instanceof SlugTakenError);
            assert.equal(error.status, 409);
            assert.deepEqual(error.details, { edition: "en", slug: article.slug });
            return true;
          },
        );
        assert.deepEqual(await contentCounts(db), before);
      });

      test("refuses an invalid given slug with a ValidationError naming the slug and stores nothing", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        const before = await contentCounts(db);
        await assert.rejects(
          articles.createArticle({
            storyId: story.id,
            edition: "en",
            title: EN_TITLE,
            slug: "Not A Slug!",
            body: bodyFromParagraphs(["x"]),
          }),
          assertValidationError("slug", /not a valid slug/),
        );
        assert.deepEqual(await contentCounts(db), before);
      });

      test("lets the same slug be used in different editions", async () => {
        const en = await stories.createStory({ originalEdition: "en" });
        const pt = await stories.createStory({ originalEdition: "pt" });
        const a = await articles.createArticle({
          storyId: en.id,
          edition: "en",
          title: "Iraque",
          slug: "iraque",
          body: bodyFromParagraphs(["x"]),
        });
        const b = await articles.createArticle({
          storyId: pt.id,
          edition: "pt",
          title: "Iraque",
          slug: "iraque",
          body: bodyFromParagraphs(["x"]),
        });
        assert.equal(a.slug, "iraque");
        assert.equal(b.slug, "iraque");
      });

      test("does not count another edition's slug as taken when generating one", async () => {
        const first = await storyWithOriginal("en", "Iraque");
        const other = await storyWithOriginal("pt", "Iraque");
        assert.equal(first.article.slug, "iraque");
        assert.equal(other.article.slug, "iraque");
      });

      test("changes the slug on a save, recording it in the new revision", async () => {
        const { article } = await storyWithOriginal();
        const saved = await articles.updateArticle(article.id, { slug: "iran-backed-groups-pause" });
        assert.equal(saved.slug, "iran-backed-groups-pause");
        assert.equal((await articles.revisions(article.id))[0]?.slug, "iran-backed-groups-pause");
      });

      test("accepts a save that repeats the article's own slug", async () => {
        const { article } = await storyWithOriginal();
        const saved = await articles.updateArticle(article.id, { slug: article.slug, title: "Retitled" });
        assert.equal(saved.slug, article.slug);
      });

      test("refuses a save to a slug another article of the edition uses, changing nothing", async () => {
        const first = await storyWithOriginal("en", "First story");
        const second = await storyWithOriginal("en", "Second story");
        await assert.rejects(
          articles.updateArticle(second.article.id, { slug: first.article.slug, title: "Changed" }),
          SlugTakenError,
        );
        assert.deepEqual(await articles.getById(second.article.id), second.article);
        assert.equal((await articles.revisions(second.article.id)).length, 1);
      });
    });

    describe("editions and translations", () => {
      test("refuses a translation before the original exists, naming the original edition", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        const before = await contentCounts(db);
        await assert.rejects(
          articles.createArticle({
            storyId: story.id,
            edition: "pt",
            title: PT_TITLE,
            body: bodyFromParagraphs(["x"]),
          }),
          assertValidationError("edition", /original "en" article/),
        );
        assert.deepEqual(await contentCounts(db), before);
      });

      test("records on a new translation the original's revision it starts from", async () => {
        const { story, article } = await storyWithOriginal();
        const edited = await articles.updateArticle(article.id, { title: "Edited original" });
        const translation = await articles.createArticle({
          storyId: story.id,
          edition: "pt",
          title: PT_TITLE,
          body: bodyFromParagraphs(["Tradução."]),
        });
        assert.equal(translation.basedOnRevisionId, edited.revisionId);
        assert.equal(translation.status, "draft");
        assert.equal((await articles.originalOf(translation))?.id, article.id);
        assert.equal(await articles.originalOf(article), undefined);
        assert.equal((await articles.findByStoryAndEdition(story.id, "pt"))?.id, translation.id);
      });

      test("refuses a second article in the same edition of a story with ConflictError", async () => {
        const { story, article } = await storyWithOriginal();
        const before = await contentCounts(db);
        await assert.rejects(
          articles.createArticle({
            storyId: story.id,
            edition: "en",
            title: "Again",
            body: bodyFromParagraphs(["x"]),
          }),
          (error: unknown) => {
            assert.ok(error instanceof ConflictError);
            assert.equal(error.status, 409);
            assert.match(error.message, new RegExp(`#${article.id}`));
            return true;
          },
        );
        assert.deepEqual(await contentCounts(db), before);
      });

      test("refuses an unknown edition, listing the editions there are", async () => {
        const { story } = await storyWithOriginal();
        const before = await contentCounts(db);
        await assert.rejects(
          articles.createArticle({
            storyId: story.id,
            edition: "fr",
            title: "Titre",
            body: bodyFromParagraphs(["x"]),
          }),
          assertValidationError("edition", /"fr" is not an edition; use one of en, pt, es/),
        );
        assert.deepEqual(await contentCounts(db), before);
      });

      test("refuses an article without a title and stores nothing", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        const before = await contentCounts(db);
        for (const title of ["", "   ", undefined as unknown as string]) {
          await assert.rejects(
            articles.createArticle({
              storyId: story.id,
              edition: "en",
              title,
              body: bodyFromParagraphs(["x"]),
            }),
            assertValidationError("title", /is required/),
          );
        }
        assert.deepEqual(await contentCounts(db), before);
      });

      test("refuses a title over 300 characters", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        await assert.rejects(
          articles.createArticle({
            storyId: story.id,
            edition: "en",
            title: "x".repeat(301),
            body: bodyFromParagraphs(["x"]),
          }),
          assertValidationError("title", /limit is 300/),
        );
      });

      test("refuses a body with a javascript: link and stores nothing", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        const before = await contentCounts(db);
        const body = {
          type: "doc",
          content: [
            {
              type: "paragraph",
              content: [
                {
                  type: "text",
                  text: "click",
                  marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }],
                },
              ],
            },
          ],
        };
        await assert.rejects(
          articles.createArticle({ storyId: story.id, edition: "en", title: EN_TITLE, body }),
          assertValidationError("body", /http, https or mailto/),
        );
        assert.deepEqual(await contentCounts(db), before);
      });

      test("refuses HTML given as a body", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        await assert.rejects(
          articles.createArticle({
            storyId: story.id,
            edition: "en",
            title: EN_TITLE,
            body: "<p onclick=alert(1)>hi</p>",
          }),
          assertValidationError("body"),
        );
        assert.equal(await rowCount(db, "articles"), 0);
      });

      test("accepts the body as JSON text and stores it as the same document", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        const body = bodyFromParagraphs(["As JSON text."]);
        const article = await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: EN_TITLE,
          body: JSON.stringify(body),
        });
        assert.deepEqual(JSON.parse(article.body), body);
      });

      test("refuses markTranslationUpdated on an original", async () => {
        const { article } = await storyWithOriginal();
        await assert.rejects(
          articles.markTranslationUpdated(article.id),
          assertValidationError("articleId", /original/),
        );
      });
    });

    describe("publishing", () => {
      test("publishes now, setting publishedAt to the current time", async () => {
        const { article } = await storyWithOriginal();
        const before = isoNow();
        const published = await articles.publishArticle(article.id);
        const after = isoNow();
        assert.equal(published.status, "published");
        assert.ok(published.publishedAt, "publishedAt is set");
        assert.ok(published.publishedAt >= before && published.publishedAt <= after, published.publishedAt);
        assert.deepEqual(await visibleIds(isoNow()), [article.id]);
      });

      test("schedules a publication at a future time", async () => {
        const { article } = await storyWithOriginal();
        const at = new Date(Date.now() + 86_400_000);
        const scheduled = await articles.publishArticle(article.id, { at });
        assert.equal(scheduled.status, "scheduled");
        assert.equal(scheduled.publishedAt, at.toISOString());
      });

      test("normalises a publication time given with an offset to UTC", async () => {
        const { article } = await storyWithOriginal();
        const published = await articles.publishArticle(article.id, { at: "2020-01-02T10:30:00+02:00" });
        assert.equal(published.publishedAt, "2020-01-02T08:30:00.000Z");
        assert.equal(published.status, "published");
      });

      test("hides a scheduled article from readers until its time, then shows it", async () => {
        const { article } = await storyWithOriginal();
        const at = inOneHour();
        await articles.publishArticle(article.id, { at });
        assert.deepEqual(await visibleIds(isoNow()), []);
        assert.deepEqual(await visibleIds(at), [article.id]);
        assert.deepEqual(await visibleIds(new Date(Date.parse(at) + 60_000).toISOString()), [article.id]);
      });

      test("hides drafts from readers", async () => {
        await storyWithOriginal();
        assert.deepEqual(await visibleIds("2999-01-01T00:00:00.000Z"), []);
      });

      test("hides an unpublished article from readers", async () => {
        const { article } = await storyWithOriginal();
        await articles.publishArticle(article.id);
        const unpublished = await articles.unpublishArticle(article.id);
        assert.equal(unpublished.status, "unpublished");
        assert.deepEqual(await visibleIds(isoNow()), []);
        assert.deepEqual(await visibleIds("2999-01-01T00:00:00.000Z"), []);
      });

      test("keeps the first publication time when an article is republished", async () => {
        const { article } = await storyWithOriginal();
        const first = await articles.publishArticle(article.id, { at: "2025-06-01T08:00:00Z" });
        await articles.unpublishArticle(article.id);
        await articles.updateArticle(article.id, { title: "Corrected" });
        const again = await articles.publishArticle(article.id);
        assert.equal(again.status, "published");
        assert.equal(again.publishedAt, first.publishedAt);
        assert.equal(again.publishedAt, "2025-06-01T08:00:00.000Z");
        assert.deepEqual(await visibleIds(isoNow()), [article.id]);
      });

      test("publishes a scheduled article at once when it is published with no time", async () => {
        const { article } = await storyWithOriginal();
        await articles.publishArticle(article.id, { at: new Date(Date.now() + 86_400_000) });
        const before = isoNow();
        const now = await articles.publishArticle(article.id);
        assert.equal(now.status, "published");
        assert.ok(
          now.publishedAt && now.publishedAt >= before && now.publishedAt <= isoNow(),
          now.publishedAt ?? "",
        );
        assert.deepEqual(await visibleIds(isoNow()), [article.id]);
      });

      test("moves a scheduled publication to a new time", async () => {
        const { article } = await storyWithOriginal();
        await articles.publishArticle(article.id, { at: new Date(Date.now() + 86_400_000) });
        const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
        const moved = await articles.publishArticle(article.id, { at: later });
        assert.equal(moved.status, "scheduled");
        assert.equal(moved.publishedAt, later);
      });

      test("refuses a publication time that is not a date, leaving the article a draft", async () => {
        const { article } = await storyWithOriginal();
        await assert.rejects(
          articles.publishArticle(article.id, { at: "next tuesday" }),
          assertValidationError("at"),
        );
        assert.equal((await articles.getById(article.id)).status, "draft");
      });
    });
  });

  describe(`stories on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let stories: StoryService;
    let tags: TagService;

    beforeEach(async () => {
      handle = await database.open();
      stories = new StoryService(handle.db);
      tags = new TagService(handle.db);
    });
    afterEach(async () => {
      await handle.close();
    });

    async function tagIdsOf(story: StoryRow): Promise<number[]> {
      const rows = await handle.db
        .selectFrom("storyTags")
        .select("tagId")
        .where("storyId", "=", story.id)
        .orderBy("position")
        .execute();
      return rows.map((row) => row.tagId);
    }

    async function relatedIdsOf(story: StoryRow): Promise<number[]> {
      const rows = await handle.db
        .selectFrom("storyRelated")
        .select("relatedStoryId")
        .where("storyId", "=", story.id)
        .orderBy("position")
        .execute();
      return rows.map((row) => row.relatedStoryId);
    }

    async function threeTags(): Promise<number[]> {
      const ids: number[] = [];
      for (const key of ["iran", "iraq", "news"]) {
        ids.push((await tags.upsertTag({ key, kind: "topic", names: { en: key } })).id);
      }
      return ids;
    }

    test("creates a story with a generated key and finds it by that key and id", async () => {
      const story = await stories.createStory({ originalEdition: "pt" });
      assert.match(story.key, /^story-[0-9a-f]{10}$/);
      assert.equal(story.originalEdition, "pt");
      assert.deepEqual(await stories.findByKey(story.key), story);
      assert.deepEqual(await stories.getById(story.id), story);
      assert.equal(await stories.findByKey("no-such-story"), undefined);
      await assert.rejects(stories.getById(424242), NotFoundError);
    });

    test("refuses a story key that is not a slug", async () => {
      await assert.rejects(
        stories.createStory({ key: "Bad Key", originalEdition: "en" }),
        assertValidationError("key"),
      );
      assert.equal(await rowCount(handle.db, "stories"), 0);
    });

    test("keeps the order given to setTags", async () => {
      const [iran, iraq, news] = await threeTags();
      assert.ok(iran && iraq && news);
      const story = await stories.createStory({ originalEdition: "en", tagIds: [news, iran, iraq] });
      assert.deepEqual(await tagIdsOf(story), [news, iran, iraq]);
      await stories.setTags(story.id, [iraq, news, iran]);
      assert.deepEqual(await tagIdsOf(story), [iraq, news, iran]);
    });

    test("replaces the tags on each setTags, keeping a repeated tag once", async () => {
      const [iran, iraq, news] = await threeTags();
      assert.ok(iran && iraq && news);
      const story = await stories.createStory({ originalEdition: "en", tagIds: [iran, iraq] });
      await stories.setTags(story.id, [news, news, iran]);
      assert.deepEqual(await tagIdsOf(story), [news, iran]);
      await stories.setTags(story.id, []);
      assert.deepEqual(await tagIdsOf(story), []);
    });

    test("keeps the story's tags when setTags names a tag that does not exist", async () => {
      const [iran, iraq] = await threeTags();
      assert.ok(iran && iraq);
      const story = await stories.createStory({ originalEdition: "en", tagIds: [iran, iraq] });
      await assert.rejects(stories.setTags(story.id, [iraq, 424242]), /tagIds: there is no tag #424242/);
      assert.deepEqual(await tagIdsOf(story), [iran, iraq]);
    });

    test("keeps the order of related stories", async () => {
      const a = await stories.createStory({ originalEdition: "en" });
      const b = await stories.createStory({ originalEdition: "en" });
      const c = await stories.createStory({ originalEdition: "en", relatedStoryIds: [b.id, a.id] });
      assert.deepEqual(await relatedIdsOf(c), [b.id, a.id]);
      await stories.setRelated(c.id, [a.id]);
      assert.deepEqual(await relatedIdsOf(c), [a.id]);
    });

    test("refuses to relate a story to itself, keeping its related stories", async () => {
      const a = await stories.createStory({ originalEdition: "en" });
      const b = await stories.createStory({ originalEdition: "en", relatedStoryIds: [a.id] });
      await assert.rejects(
        stories.setRelated(b.id, [a.id, b.id]),
        assertValidationError("relatedStoryIds", /cannot be related to itself/),
      );
      assert.deepEqual(await relatedIdsOf(b), [a.id]);
    });

    test("refuses tag and related ids that are not positive whole numbers", async () => {
      const [iran] = await threeTags();
      assert.ok(iran);
      const story = await stories.createStory({ originalEdition: "en", tagIds: [iran] });
      for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "1" as unknown as number]) {
        await assert.rejects(stories.setTags(story.id, [iran, bad]), assertValidationError("tagIds[1]"));
        await assert.rejects(
          stories.setRelated(story.id, [bad]),
          assertValidationError("relatedStoryIds[0]"),
        );
      }
      assert.deepEqual(await tagIdsOf(story), [iran]);
    });

    test("creates no story when its tag ids are invalid", async () => {
      await assert.rejects(
        stories.createStory({ originalEdition: "en", tagIds: [-3] }),
        assertValidationError("tagIds[0]"),
      );
      assert.equal(await rowCount(handle.db, "stories"), 0);
    });

    test("sets and clears the hero image and the source", async () => {
      const story = await stories.createStory({ originalEdition: "en" });
      const source = await handle.db
        .insertInto("sources")
        .values({ name: "Middle East Eye", shortName: "MEE", url: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      await stories.setSource(story.id, source.id);
      assert.equal((await stories.getById(story.id)).sourceId, source.id);
      await stories.setSource(story.id, null);
      await stories.setHero(story.id, null);
      const cleared = await stories.getById(story.id);
      assert.equal(cleared.sourceId, null);
      assert.equal(cleared.heroMediaId, null);
    });
  });

  describe(`comment counts on ${database.name}`, () => {
    let handle: TestDatabaseHandle;

    beforeEach(async () => {
      handle = await database.open();
    });
    afterEach(async () => {
      await handle.close();
    });

    test("counts only the approved comments of the article", async () => {
      const db = handle.db;
      const stories = new StoryService(db);
      const articles = new ArticleService(db);
      const make = async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        return articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: "T",
          body: bodyFromParagraphs(["x"]),
        });
      };
      const article = await make();
      const other = await make();
      const insert = (articleId: number, status: CommentStatus) =>
        db
          .insertInto("comments")
          .values({
            articleId,
            parentId: null,
            status,
            authorName: "Reader",
            authorEmail: "reader@example.org",
            body: "A comment.",
            createdAt: isoNow(),
          })
          .execute();
      for (const status of ["approved", "approved", "pending", "rejected", "spam", "approved"] as const) {
        await insert(article.id, status);
      }
      await insert(other.id, "approved");

      const comments = new CommentService(db);
      assert.equal(await comments.countVisible(article.id), 3);
      assert.equal(await comments.countVisible(other.id), 1);
      assert.equal(await comments.countVisible(424242), 0);
      assert.equal(typeof (await comments.countVisible(article.id)), "number");
    });
  });
}

test("every error a service throws for bad input carries a 4xx status", () => {
  for (const error of [
    new ValidationError("x", "y"),
    new ConflictError("z"),
    new SlugTakenError("en", "s"),
    new NotFoundError("story", 1),
  ]) {
    assert.ok(error instanceof TribuneError);
    assert.ok(error.status >= 400 && error.status < 500, `${error.name} ${error.status}`);
  }
});
