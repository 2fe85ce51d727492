import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import { keysForChange } from "../cache/surrogate-keys.ts";
import type { Db } from "../db/database.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { CHANGE_REASONS, type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { parseQuery } from "../shared/text/query-parser.ts";
import { TagService } from "../tags/tag-service.ts";
import { searchEngineOf } from "./search-index.ts";
import { changeContent, joinCommits, mergeChanges } from "./unit-of-work.ts";

const now = () => new Date().toISOString();

describe("the purge rules", () => {
  const change = (reasons: ContentChange["reasons"]): ContentChange => ({
    reasons,
    articleIds: [1],
    storyIds: [2],
    editions: ["en"],
    tagIds: [3],
    mediaIds: [4],
    authorIds: [5],
  });
  const facts = {
    articles: [{ id: 1, storyId: 2, edition: "en", status: "published", publishedAt: now() }],
    timeZoneOf: () => "UTC",
    now: now(),
  };

  test("every reason has one, and `unknown` purges at least what any other does", () => {
    const everything = new Set(keysForChange(change(["unknown"]), facts));
    for (const reason of CHANGE_REASONS) {
      for (const key of keysForChange(change([reason]), facts))
        assert.ok(everything.has(key), `${reason}: ${key}`);
    }
  });

  test("a change of several reasons purges the union of theirs", () => {
    const union = new Set([
      ...keysForChange(change(["article.updated"]), facts),
      ...keysForChange(change(["story.tags"]), facts),
    ]);
    assert.deepEqual(new Set(keysForChange(change(["article.updated", "story.tags"]), facts)), union);
  });

  test("bylines purge the story's pages, the feeds listing them and its authors' archives; a profile, its archives and bylines", () => {
    assert.deepEqual(
      new Set(keysForChange(change(["story.authors"]), facts)),
      new Set(["article:1", "modified:1", "author:5:en"]),
    );
    assert.deepEqual(
      new Set(keysForChange(change(["author.changed"]), facts)),
      new Set(["byline:5", "author:5:en", "missing:en"]),
    );
    // A publication lists the article in its story's authors' archives.
    assert.ok(keysForChange(change(["article.published"]), facts).includes("author:5:en"));
  });

  test("merging changes keeps every id once", () => {
    assert.deepEqual(
      mergeChanges([
        { reasons: ["story.tags"], articleIds: [1, 2], storyIds: [9], editions: ["en"], tagIds: [5, 3] },
        {
          reasons: ["story.hero", "story.tags"],
          articleIds: [2],
          storyIds: [9],
          editions: ["pt"],
          tagIds: [3],
        },
      ]),
      {
        reasons: ["story.tags", "story.hero"],
        articleIds: [1, 2],
        storyIds: [9],
        editions: ["en", "pt"],
        tagIds: [3, 5],
      },
    );
  });
});

for (const database of testDatabases()) {
  describe(`one unit of work on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let events: ContentEvents;
    let heard: ContentChange[];
    let published: { storyId: number; articleId: number };
    let tagId: number;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      heard = [];
      events = new ContentEvents((error) => {
        throw error;
      });
      events.subscribe((change) => void heard.push(change));
      const tag = await new TagService(db).upsertTag({ key: "iraq", kind: "country", names: { en: "Iraq" } });
      tagId = tag.id;
      const story = await new StoryService(db).createStory({ originalEdition: "en" });
      const article = await new ArticleService(db).createArticle({
        storyId: story.id,
        edition: "en",
        title: "Kirkuk votes",
        body: bodyFromParagraphs(["Polls opened at dawn."]),
      });
      await new ArticleService(db).publishArticle(article.id);
      published = { storyId: story.id, articleId: article.id };
    });
    afterEach(async () => {
      await handle.close();
    });

    test("services called inside a unit join it: one transaction, one announcement after the commit", async () => {
      let heardInside = -1;
      await changeContent(db, events, async (trx) => {
        await new ArticleService(trx, events).updateArticle(published.articleId, { title: "Kirkuk counts" });
        await new StoryService(trx, events).setTags(published.storyId, [tagId]);
        await new StoryService(trx, events).setHero(published.storyId, null);
        heardInside = heard.length;
      });
      assert.equal(heardInside, 0, "nothing is announced before the commit");
      assert.equal(heard.length, 1);
      assert.deepEqual(heard[0]?.reasons, ["article.updated", "story.tags", "story.hero"]);
      assert.deepEqual(heard[0]?.articleIds, [published.articleId]);
      assert.ok(heard[0]?.tagIds.includes(tagId), "the new tag's archives are named");
      const listed = await db
        .selectFrom("storyTags")
        .select("tagId")
        .where("storyId", "=", published.storyId)
        .execute();
      assert.deepEqual(listed, [{ tagId }]);
    });

    test("a unit that fails stores nothing and announces nothing", async () => {
      await assert.rejects(
        changeContent(db, events, async (trx) => {
          await new ArticleService(trx, events).updateArticle(published.articleId, { title: "Never saved" });
          throw new Error("the process died halfway");
        }),
        /died halfway/,
      );
      assert.equal(heard.length, 0);
      const article = await new ArticleService(db).getById(published.articleId);
      assert.equal(article.title, "Kirkuk votes");
    });

    test("a commit participant sees each change inside the transaction, and its failure undoes the change", async () => {
      const seen: { reasons: string[]; titleInside: string | undefined }[] = [];
      const leave = joinCommits(events, async (trx, changes) => {
        const row = await trx
          .selectFrom("articles")
          .select("title")
          .where("id", "=", published.articleId)
          .executeTakeFirst();
        seen.push({ reasons: changes.flatMap((change) => [...change.reasons]), titleInside: row?.title });
        if (row?.title === "Refused by the outbox") throw new Error("the outbox could not be written");
      });
      try {
        await new ArticleService(db, events).updateArticle(published.articleId, { title: "Kirkuk counts" });
        assert.deepEqual(seen, [{ reasons: ["article.updated"], titleInside: "Kirkuk counts" }]);
        assert.equal(heard.length, 1, "announced after the commit, as before");

        await assert.rejects(
          new ArticleService(db, events).updateArticle(published.articleId, {
            title: "Refused by the outbox",
          }),
          /outbox could not be written/,
        );
        assert.equal((await new ArticleService(db).getById(published.articleId)).title, "Kirkuk counts");
        assert.equal(heard.length, 1, "a change rolled back is not announced");
        // A unit that announces nothing (no events) runs no participant.
        await new ArticleService(db).updateArticle(published.articleId, { title: "Quietly" });
        assert.equal(seen.length, 2);
      } finally {
        leave();
      }
    });

    test("participants joined last run after the others, with the merged change that is then announced", async () => {
      const order: string[] = [];
      let mergedInside: ContentChange | undefined;
      const leaveLast = joinCommits(
        events,
        async (_trx, _changes, merged) => {
          order.push("last");
          mergedInside = merged;
        },
        { last: true },
      );
      const leaveFirst = joinCommits(events, async () => void order.push("first"));
      try {
        await changeContent(db, events, async (trx) => {
          await new ArticleService(trx, events).updateArticle(published.articleId, {
            title: "Kirkuk counts",
          });
          await new StoryService(trx, events).setHero(published.storyId, null);
        });
        assert.deepEqual(order, ["first", "last"]);
        assert.equal(heard.length, 1);
        assert.equal(heard[0], mergedInside, "the very object announced");
        assert.deepEqual(heard[0]?.reasons, ["article.updated", "story.hero"]);
      } finally {
        leaveLast();
        leaveFirst();
      }
    });

    test("the search index follows the stories a unit changed, before it commits", async () => {
      const search = (word: string) =>
        searchEngineOf(db).query({
          edition: "en",
          query: parseQuery(word),
          now: now(),
          offset: 0,
          limit: 10,
          candidateCap: 100,
        });
      await new ArticleService(db, events).updateArticle(published.articleId, {
        body: bodyFromParagraphs(["Turnout was high in Sulaymaniyah."]),
      });
      assert.equal((await search("sulaymaniyah")).total, 1);
      assert.equal(heard.length, 1);
    });

    test("a draft's edits refresh indexes but announce nothing: readers see nothing of them", async () => {
      const story = await new StoryService(db).createStory({ originalEdition: "en" });
      const draft = await new ArticleService(db).createArticle({
        storyId: story.id,
        edition: "en",
        title: "Draft",
        body: bodyFromParagraphs(["Not yet."]),
      });
      await new ArticleService(db, events).updateArticle(draft.id, { title: "Still a draft" });
      assert.equal(heard.length, 0);
    });

    test("on a transaction opened elsewhere, a unit refreshes and stays silent: the opener owns the commit", async () => {
      await db.transaction().execute(async (trx) => {
        await new StoryService(trx, events).setTags(published.storyId, [tagId]);
      });
      assert.equal(heard.length, 0);
      const listed = await db
        .selectFrom("tagListings")
        .select("articleId")
        .where("tagId", "=", tagId)
        .execute();
      assert.deepEqual(listed, [{ articleId: published.articleId }]);
    });
  });
}
