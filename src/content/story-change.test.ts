import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Db } from "../db/database.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { TagService } from "../tags/tag-service.ts";
import { describeStoryChange, describeStoryChanges } from "./story-change.ts";

for (const database of testDatabases()) {
  describe(`describing story changes on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let region: number;
    let country: number;
    let topic: number;
    let first: { storyId: number; en: number; pt: number };
    let second: { storyId: number; en: number };

    const story = async (tagIds: number[], editions: string[]) => {
      const { id: storyId } = await new StoryService(db).createStory({ originalEdition: "en" });
      const ids: Record<string, number> = {};
      for (const edition of editions) {
        const article = await new ArticleService(db).createArticle({
          storyId,
          edition,
          title: `A story in ${edition}`,
          body: bodyFromParagraphs(["Text."]),
        });
        ids[edition] = article.id;
      }
      await new StoryService(db).setTags(storyId, tagIds);
      return { storyId, ids };
    };

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      const tags = new TagService(db);
      region = (await tags.upsertTag({ key: "middle-east", kind: "region", names: { en: "Middle East" } }))
        .id;
      country = (
        await tags.upsertTag({ key: "iraq", kind: "country", parent: "middle-east", names: { en: "Iraq" } })
      ).id;
      topic = (await tags.upsertTag({ key: "elections", kind: "topic", names: { en: "Elections" } })).id;
      const a = await story([country], ["en", "pt"]);
      first = { storyId: a.storyId, en: a.ids.en as number, pt: a.ids.pt as number };
      const b = await story([topic], ["en"]);
      second = { storyId: b.storyId, en: b.ids.en as number };
    });

    afterEach(async () => {
      await handle.close();
    });

    test("several changes described together read as each described alone", async () => {
      const [one, two, both] = await describeStoryChanges(db, [
        { reasons: ["article.updated"], storyIds: [first.storyId], articleIds: [first.pt] },
        { reasons: ["story.tags"], storyIds: [second.storyId], formerTagIds: [country] },
        { reasons: ["article.published"], storyIds: [first.storyId, second.storyId] },
      ]);
      assert.deepEqual(one, {
        reasons: ["article.updated"],
        articleIds: [first.pt],
        storyIds: [first.storyId],
        editions: ["pt"],
        // The country and the region above it.
        tagIds: [region, country].sort((x, y) => x - y),
      });
      assert.deepEqual(two, {
        reasons: ["story.tags"],
        articleIds: [second.en],
        storyIds: [second.storyId],
        editions: ["en"],
        // Its topic, and the tags it had before with theirs: a retag purges both archives.
        tagIds: [region, country, topic].sort((x, y) => x - y),
      });
      assert.deepEqual(new Set(both?.articleIds), new Set([first.en, first.pt, second.en]));
      assert.deepEqual(new Set(both?.editions), new Set(["en", "pt"]));
      assert.deepEqual(
        both?.tagIds,
        [region, country, topic].sort((x, y) => x - y),
      );
      assert.deepEqual(
        await describeStoryChange(db, {
          reasons: ["story.tags"],
          storyIds: [second.storyId],
          formerTagIds: [country],
        }),
        two,
      );
    });

    test("a change naming no story names nothing", async () => {
      assert.deepEqual(await describeStoryChanges(db, [{ reasons: ["story.hero"], storyIds: [] }]), [
        { reasons: ["story.hero"], articleIds: [], storyIds: [], editions: [], tagIds: [] },
      ]);
    });
  });
}
