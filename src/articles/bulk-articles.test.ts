import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { AuthorService } from "../authors/author-service.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import { ConflictError } from "../shared/errors.ts";
import { TagService } from "../tags/tag-service.ts";
import { ArticleService } from "./article-service.ts";
import { createArticlesInBulk, createStoriesInBulk, type NewArticle } from "./bulk-articles.ts";
import { createStoryWithArticle } from "./create-story-with-article.ts";

const BODY = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Text." }] }] };

const article = (changes: Partial<NewArticle> & Pick<NewArticle, "storyId" | "edition">): NewArticle => ({
  title: "Hello world",
  summary: null,
  body: BODY,
  authorId: null,
  tagIds: [],
  heroMediaId: null,
  ...changes,
});

for (const database of testDatabases()) {
  describe(`articles written in bulk (${database.name})`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
    });
    afterEach(async () => {
      await handle.close();
    });

    test("rows as the services write them: revisions, translations, bylines, tags, free slugs, publication", async () => {
      const authors = new AuthorService(db);
      const lead = await authors.upsertAuthor({ name: "Lead Writer" });
      const other = await authors.upsertAuthor({ name: "Other Writer" });
      const tags = new TagService(db);
      const first = await tags.upsertTag({ key: "first", kind: "topic", names: { en: "First" } });
      const second = await tags.upsertTag({ key: "second", kind: "topic", names: { en: "Second" } });
      const existing = await createStoryWithArticle(
        db,
        { originalEdition: "en", key: "existing", tagIds: [first.id] },
        { title: "Hello world", body: BODY, authorId: lead.id },
      );
      const written = await changeContent(db, undefined, async (trx, log) => {
        const stories = await createStoriesInBulk(trx, [
          { key: "made", originalEdition: "en", heroMediaId: null },
        ]);
        const made = stories.get("made") ?? 0;
        return createArticlesInBulk(trx, log, [
          // A translation of a story that exists: its lead byline, based on its original's revision.
          article({
            storyId: existing.story.id,
            edition: "pt",
            authorId: other.id,
            tagIds: [second.id, first.id],
          }),
          // A wanted slug that is taken: one made from the title, free.
          article({
            storyId: made,
            edition: "en",
            slug: "hello-world",
            authorId: other.id,
            publishAt: "2026-01-01T00:00:00.000Z",
          }),
          article({ storyId: made, edition: "pt", slug: "ola-mundo", tagIds: [second.id] }),
        ]);
      });
      assert.deepEqual(
        written.map((a) => [a.edition, a.slug, a.status]),
        [
          ["pt", "hello-world", "draft"],
          ["en", "hello-world-2", "published"],
          ["pt", "ola-mundo", "draft"],
        ],
      );
      const rows = await db.selectFrom("articles").selectAll().orderBy("id").execute();
      const revisions = await db.selectFrom("articleRevisions").selectAll().orderBy("id").execute();
      for (const row of rows) {
        const own = revisions.filter((r) => r.articleId === row.id);
        assert.equal(own.length, 1, `article ${row.slug} has one revision`);
        assert.equal(row.revisionId, own[0]?.id);
        assert.equal(own[0]?.body, row.body);
      }
      const byId = new Map(rows.map((r) => [r.id, r]));
      const [ptExisting, enMade, ptMade] = written.map((w) => byId.get(w.id));
      assert.equal(ptExisting?.basedOnRevisionId, existing.article.revisionId);
      assert.equal(ptExisting?.authorId, lead.id);
      assert.equal(enMade?.basedOnRevisionId, null);
      assert.equal(enMade?.publishedAt, "2026-01-01T00:00:00.000Z");
      assert.equal(ptMade?.basedOnRevisionId, enMade?.revisionId);
      assert.equal(ptMade?.authorId, other.id);
      const storyTags = await db
        .selectFrom("storyTags")
        .select(["storyId", "tagId", "position"])
        .orderBy("storyId")
        .orderBy("position")
        .execute();
      assert.deepEqual(storyTags, [
        { storyId: existing.story.id, tagId: first.id, position: 0 },
        { storyId: existing.story.id, tagId: second.id, position: 1 },
        { storyId: enMade?.storyId, tagId: second.id, position: 0 },
      ]);
      const bylines = await db
        .selectFrom("storyAuthors")
        .select(["storyId", "authorId"])
        .orderBy("storyId")
        .execute();
      assert.deepEqual(bylines, [
        { storyId: existing.story.id, authorId: lead.id },
        { storyId: enMade?.storyId, authorId: other.id },
      ]);
      // Written in bulk, read and edited as any other.
      const edited = await new ArticleService(db).updateArticle(enMade?.id ?? 0, { title: "Edited" });
      assert.equal(edited.title, "Edited");
    });

    test("an edition a story already has is refused, and nothing of the batch stays", async () => {
      const existing = await createStoryWithArticle(
        db,
        { originalEdition: "en" },
        { title: "One", body: BODY },
      );
      await assert.rejects(
        changeContent(db, undefined, (trx, log) =>
          createArticlesInBulk(trx, log, [
            article({ storyId: existing.story.id, edition: "pt" }),
            article({ storyId: existing.story.id, edition: "en" }),
          ]),
        ),
        ConflictError,
      );
      const articles = await db.selectFrom("articles").select("edition").execute();
      assert.deepEqual(articles, [{ edition: "en" }]);
    });
  });
}
