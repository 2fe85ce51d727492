import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../../test/support/databases.ts";
import type { Db } from "../../db/database.ts";
import type { BlockNode, BodyDocument } from "../../shared/body/body-document.ts";
import { type SyntheticOptions, seedSynthetic } from "./synthetic-seed.ts";

const UNTIL = new Date("2026-11-25T08:00:00.000Z");
const EDITIONS = ["en", "pt", "es"];
const options = (seed: number, count = 200): SyntheticOptions => ({
  count,
  seed,
  editions: EDITIONS,
  until: UNTIL,
});

async function count(db: Db, table: "stories" | "articles" | "articleRevisions" | "tags"): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a reader would see of every synthetic article, in a stable order. */
async function snapshot(db: Db) {
  const rows = await db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .select(["stories.key", "articles.edition", "title", "slug", "summary", "status", "publishedAt"])
    .orderBy("stories.key")
    .orderBy("articles.edition")
    .execute();
  const tags = await db
    .selectFrom("storyTags")
    .innerJoin("stories", "stories.id", "storyTags.storyId")
    .innerJoin("tags", "tags.id", "storyTags.tagId")
    .select(["stories.key as story", "tags.key as tag", "storyTags.position"])
    .orderBy("stories.key")
    .orderBy("storyTags.position")
    .execute();
  return { rows, tags };
}

function blocksOf(body: string): BlockNode[] {
  return (JSON.parse(body) as BodyDocument).content;
}

function indexOf(key: string): number {
  return Number(key.split("-").at(-1));
}

for (const database of testDatabases()) {
  describe(`synthetic seed on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    beforeEach(async () => {
      handle = await database.open();
    });
    afterEach(async () => {
      await handle.close();
    });

    test("writes 200 stories with the articles, revisions and tags it reports", async () => {
      const progress: number[] = [];
      const result = await seedSynthetic(handle, {
        ...options(7),
        onProgress: (done) => progress.push(done),
      });
      assert.equal(result.stories, 200);
      assert.equal(await count(handle.db, "stories"), 200);
      assert.equal(await count(handle.db, "articles"), result.articles);
      assert.equal(await count(handle.db, "articleRevisions"), result.revisions);
      assert.ok(result.articles > 400 && result.articles < 550, `${result.articles} articles`);
      assert.ok(result.revisions > result.articles * 1.1, `${result.revisions} revisions`);
      assert.ok(result.tags > 100, `${result.tags} tags`);
      assert.deepEqual(progress, [200]);

      const articles = await handle.db.selectFrom("articles").selectAll().execute();
      const latest = await handle.db
        .selectFrom("articleRevisions")
        .select(["articleId", (eb) => eb.fn.max("id").as("id"), (eb) => eb.fn.max("number").as("number")])
        .groupBy("articleId")
        .execute();
      const latestByArticle = new Map(latest.map((r) => [r.articleId, Number(r.id)]));
      for (const article of articles) {
        assert.equal(
          article.revisionId,
          latestByArticle.get(article.id),
          `article ${article.id} shows its latest revision`,
        );
        const words = article.title.split(/\s+/).length;
        assert.ok(words >= 8 && words <= 16, `"${article.title}" has ${words} words`);
        const paragraphs = blocksOf(article.body).filter((b) => b.type === "paragraph").length;
        assert.ok(paragraphs >= 6 && paragraphs <= 30, `${paragraphs} paragraphs`);
        if (article.status === "published")
          assert.ok(article.publishedAt && article.publishedAt <= UNTIL.toISOString());
        else assert.equal(article.publishedAt, null);
      }
      assert.ok(
        articles.some((a) => a.status === "draft"),
        "a few drafts",
      );
      assert.ok(
        articles.filter((a) => a.status === "published").length > articles.length * 0.9,
        "mostly published",
      );
    });

    test("writes the same stories for the same seed and different ones for another seed", async () => {
      await seedSynthetic(handle, options(42));
      const other = await database.open();
      try {
        await seedSynthetic(other, options(42));
        assert.deepEqual(await snapshot(other.db), await snapshot(handle.db));
        const third = await database.open();
        try {
          await seedSynthetic(third, options(43));
          const titles = (await snapshot(third.db)).rows.map((r) => r.title);
          const sameSeedTitles = (await snapshot(handle.db)).rows.map((r) => r.title);
          assert.notDeepEqual(titles, sameSeedTitles);
        } finally {
          await third.close();
        }
      } finally {
        await other.close();
      }
    });

    test("adds nothing when run again and resumes after the highest stored index", async () => {
      await seedSynthetic(handle, options(5));
      const before = await snapshot(handle.db);
      const counts = [await count(handle.db, "articles"), await count(handle.db, "tags")];
      const again = await seedSynthetic(handle, options(5));
      assert.deepEqual([again.stories, again.articles, again.revisions, again.tags], [0, 0, 0, 0]);
      assert.deepEqual([await count(handle.db, "articles"), await count(handle.db, "tags")], counts);

      // As if the first run had stopped after story 119: the rest comes back identical.
      const stories = await handle.db.selectFrom("stories").select(["id", "key"]).execute();
      const later = stories.filter((s) => indexOf(s.key) >= 120).map((s) => s.id);
      await handle.db.deleteFrom("stories").where("id", "in", later).execute();
      const resumed = await seedSynthetic(handle, options(5));
      assert.equal(resumed.stories, 80);
      assert.deepEqual(await snapshot(handle.db), before);
    });

    test("leaves some translations missing and some outdated", async () => {
      await seedSynthetic(handle, options(11));
      const articles = await handle.db
        .selectFrom("articles")
        .select(["storyId", "edition", "revisionId", "basedOnRevisionId"])
        .execute();
      const perStory = new Map<number, typeof articles>();
      for (const a of articles) perStory.set(a.storyId, [...(perStory.get(a.storyId) ?? []), a]);
      const sizes = [...perStory.values()].map((list) => list.length);
      assert.ok(sizes.filter((n) => n === 3).length > 90, "most stories in every edition");
      assert.ok(sizes.some((n) => n === 2) && sizes.some((n) => n === 1), "some translations missing");

      const revisions = await handle.db.selectFrom("articleRevisions").select(["id", "articleId"]).execute();
      let outdated = 0;
      for (const list of perStory.values()) {
        const original = list.find((a) => a.basedOnRevisionId === null);
        assert.ok(original, "every story has one original");
        for (const translation of list.filter((a) => a !== original)) {
          if (translation.basedOnRevisionId === original.revisionId) continue;
          outdated++;
          const base = revisions.find((r) => r.id === translation.basedOnRevisionId);
          assert.ok(
            base && base.id < (original.revisionId ?? 0),
            "based on an older revision of the original",
          );
        }
      }
      assert.ok(outdated > 0, "some translations are outdated");
    });

    test("points every READ callout at an earlier story that exists", async () => {
      await seedSynthetic(handle, options(3));
      const stories = await handle.db.selectFrom("stories").select(["id", "key"]).execute();
      const indexById = new Map(stories.map((s) => [s.id, indexOf(s.key)]));
      const bodies = [
        ...(await handle.db.selectFrom("articles").select(["storyId", "body"]).execute()),
        ...(await handle.db
          .selectFrom("articleRevisions")
          .innerJoin("articles", "articles.id", "articleRevisions.articleId")
          .select(["articles.storyId", "articleRevisions.body"])
          .execute()),
      ];
      let callouts = 0;
      for (const { storyId, body } of bodies) {
        for (const block of blocksOf(body)) {
          if (block.type !== "readCallout") continue;
          callouts++;
          const target = indexById.get(block.attrs.storyId);
          assert.ok(target !== undefined, `story ${block.attrs.storyId} exists`);
          assert.ok(target < (indexById.get(storyId) ?? 0), "the callout points back in time");
        }
      }
      assert.ok(callouts > 50, `${callouts} callouts`);
    });

    test("keeps slugs unique per edition and names every tag in every edition", async () => {
      await seedSynthetic(handle, options(9));
      const articles = await handle.db.selectFrom("articles").select(["edition", "slug"]).execute();
      const keys = articles.map((a) => `${a.edition}/${a.slug}`);
      assert.equal(new Set(keys).size, keys.length);
      for (const a of articles) assert.match(a.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);

      const used = await handle.db.selectFrom("storyTags").select("tagId").distinct().execute();
      const names = await handle.db
        .selectFrom("tagNames")
        .select(["tagId", "edition", "name", "slug"])
        .execute();
      for (const { tagId } of used) {
        const editions = names.filter((n) => n.tagId === tagId).map((n) => n.edition);
        assert.deepEqual(editions.sort(), [...EDITIONS].sort(), `tag ${tagId} is named in every edition`);
      }
      const iran = await handle.db
        .selectFrom("tags")
        .innerJoin("tagNames", "tagNames.tagId", "tags.id")
        .select(["tagNames.edition", "tagNames.name"])
        .where("tags.key", "=", "iran")
        .orderBy("tagNames.edition")
        .execute();
      assert.deepEqual(
        iran.map((n) => n.name),
        ["Iran", "Irán", "Irã"],
      );
      const perStory = await handle.db
        .selectFrom("storyTags")
        .select(["storyId", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("storyId")
        .execute();
      for (const { n } of perStory) assert.ok(Number(n) >= 2 && Number(n) <= 5, `${n} tags`);
    });

    test("lists every published article under its tags and their regions for the archives", async () => {
      await seedSynthetic(handle, options(4, 60));
      const listed = await handle.db
        .selectFrom("tagListings")
        .select(["articleId", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("articleId")
        .execute();
      const listings = new Map(listed.map((l) => [l.articleId, Number(l.n)]));
      const articles = await handle.db
        .selectFrom("articles")
        .innerJoin("storyTags", "storyTags.storyId", "articles.storyId")
        .select(["articles.id", "articles.status", (eb) => eb.fn.countAll<number>().as("tags")])
        .groupBy(["articles.id", "articles.status"])
        .execute();
      for (const article of articles) {
        const expected = article.status === "published" ? Number(article.tags) : 0;
        assert.equal(listings.get(article.id) ?? 0, expected, `article ${article.id} (${article.status})`);
      }
    });

    test("lets the database number new rows after the synthetic ones", async () => {
      await seedSynthetic(handle, options(1, 20));
      const highest = await handle.db
        .selectFrom("stories")
        .select((eb) => eb.fn.max("id").as("id"))
        .executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      const inserted = await handle.db
        .insertInto("stories")
        .values({ key: "after-synthetic", originalEdition: "en", createdAt: now, updatedAt: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      assert.ok(inserted.id > Number(highest.id));
    });

    test("refuses an edition it cannot write in", async () => {
      await assert.rejects(seedSynthetic(handle, { ...options(1), editions: ["en", "fr"] }), /en, pt and es/);
    });
  });
}
