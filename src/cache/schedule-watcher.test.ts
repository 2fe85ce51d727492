import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Db } from "../db/database.ts";
import { PromotionService } from "../promotions/promotion-service.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { type ChangeReason, type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { TagService } from "../tags/tag-service.ts";
import { ContentOutbox, relayLocalChanges } from "./cluster-relay.ts";
import { ScheduleWatcher } from "./schedule-watcher.ts";

for (const database of testDatabases()) {
  describe(`the schedule watcher on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let events: ContentEvents;
    let watcher: ScheduleWatcher;
    const heard: (ContentChange & { at: number })[] = [];

    before(async () => {
      handle = await database.open();
      events = new ContentEvents((error) => {
        throw error;
      });
      events.subscribe((change) => {
        heard.push({ ...change, at: Date.now() });
      });
      watcher = new ScheduleWatcher({ db: handle.db, events, editions: ["en", "pt", "es"] });
      await watcher.start();
    });
    after(async () => {
      await watcher.stop();
      await handle.close();
    });

    const waitFor = async (reason: ChangeReason, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = heard.find((change) => change.reasons.includes(reason));
        if (found) return found;
        if (Date.now() > deadline) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    test("announces a publication scheduled a second ahead when its time comes, with its story's tags", async () => {
      const region = await new TagService(handle.db).upsertTag({
        key: "middle-east",
        kind: "region",
        names: { en: "Middle East" },
      });
      const country = await new TagService(handle.db).upsertTag({
        key: "iraq",
        kind: "country",
        parent: "middle-east",
        names: { en: "Iraq" },
      });
      const stories = new StoryService(handle.db, events);
      const articles = new ArticleService(handle.db, events);
      const story = await stories.createStory({ originalEdition: "en", tagIds: [country.id] });
      const article = await articles.createArticle({
        storyId: story.id,
        edition: "en",
        title: "Embargoed report",
        body: bodyFromParagraphs(["Out at the stroke of the second."]),
      });
      const at = Date.now() + 1000;
      await articles.publishArticle(article.id, { at: new Date(at) });
      assert.deepEqual(heard.at(-1)?.reasons, ["article.scheduled"], "scheduling shows readers nothing yet");

      const due = await waitFor("schedule.due", 3000);
      assert.ok(due, "schedule.due was announced");
      assert.ok(due.at >= at, "not before its time");
      assert.ok(due.at - at < 500, `soon after its time (${due.at - at} ms)`);
      assert.deepEqual(due.articleIds, [article.id]);
      assert.deepEqual(due.storyIds, [story.id]);
      assert.deepEqual(due.editions, ["en"]);
      assert.deepEqual(
        due.tagIds,
        [region.id, country.id].sort((a, b) => a - b),
      );
    });

    test("announces a promotion's start in its editions", async () => {
      await new PromotionService(handle.db, events).upsertPromotion({
        key: "book",
        placement: "after-article",
        headline: "The book",
        cta: "Buy",
        href: "https://example.org/book",
        editions: ["pt"],
        startsAt: new Date(Date.now() + 500).toISOString(),
      });
      const window = await waitFor("promotion.window", 3000);
      assert.ok(window);
      assert.deepEqual(window.editions, ["pt"]);
    });

    test("announces the end of a promotion limited to a tag with that tag, apart from the others", async () => {
      const tag = await new TagService(handle.db).upsertTag({
        key: "books",
        kind: "topic",
        names: { en: "Books" },
      });
      const promotions = new PromotionService(handle.db, events);
      const endsAt = new Date(Date.now() + 600).toISOString();
      const promotion = (key: string, tagIds: number[], editions: string[]) =>
        promotions.upsertPromotion({
          key,
          placement: "after-article",
          headline: key,
          cta: "Buy",
          href: "https://example.org/book",
          editions,
          tagIds,
          endsAt,
        });
      await promotion("for-readers-of-books", [tag.id], ["en"]);
      await promotion("for-everyone", [], ["es"]);
      const from = heard.length;
      const deadline = Date.now() + 3000;
      const windows = () => heard.slice(from).filter((change) => change.reasons.includes("promotion.window"));
      while (windows().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(
        windows().map((change) => ({ editions: change.editions, tagIds: change.tagIds })),
        [
          { editions: ["es"], tagIds: [] },
          { editions: ["en"], tagIds: [tag.id] },
        ],
      );
    });

    test("announces the end of a front page pin in its edition", async () => {
      const story = await new StoryService(handle.db).createStory({ originalEdition: "pt" });
      await handle.db
        .insertInto("frontPageSlots")
        .values({
          edition: "pt",
          position: 1,
          storyId: story.id,
          pinnedUntil: new Date(Date.now() + 500).toISOString(),
          pinnedByUserId: null,
          pinnedAt: new Date().toISOString(),
        })
        .execute();
      // A pin is stored through a content change (front.arranged): that makes the watcher look again.
      await events.announce({
        reasons: ["front.arranged"],
        articleIds: [],
        storyIds: [],
        editions: ["pt"],
        tagIds: [],
      });
      const expired = await waitFor("front.expired", 3000);
      assert.ok(expired);
      assert.deepEqual(expired.editions, ["pt"]);
    });
  });
}

for (const database of testDatabases()) {
  describe(`the schedule watcher beside other instances, on ${database.name}`, () => {
    test("a publication whose outbox row could not be written when it came due is announced again, row and all", async () => {
      const handle = await database.open();
      const events = new ContentEvents((error) => {
        throw error;
      });
      const heard: ContentChange[] = [];
      events.subscribe((change) => {
        heard.push(change);
      });
      /** The database refuses the next `failures` rows (a restart, a failover, a full disk). */
      class FlakyOutbox extends ContentOutbox {
        failures = 0;
        override async write(change: ContentChange, db?: Db): Promise<number> {
          if (this.failures > 0) {
            this.failures -= 1;
            throw new Error("the database went away");
          }
          return super.write(change, db);
        }
      }
      const outbox = new FlakyOutbox(handle.db, "instance-a");
      const stopRelay = relayLocalChanges({ events, outbox, onError: () => {} });
      const errors: unknown[] = [];
      const watcher = new ScheduleWatcher({
        db: handle.db,
        events,
        editions: ["en"],
        onError: (error) => errors.push(error),
      });
      try {
        await watcher.start();
        const articles = new ArticleService(handle.db, events);
        const story = await new StoryService(handle.db, events).createStory({ originalEdition: "en" });
        const article = await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: "Embargoed figures",
          body: bodyFromParagraphs(["Out when the clock says so."]),
        });
        const other = new ContentOutbox(handle.db, "instance-b");
        const before = await other.start();
        await articles.publishArticle(article.id, { at: new Date(Date.now() + 300) });
        outbox.failures = 1;

        const deadline = Date.now() + 5_000;
        while (!heard.some((change) => change.reasons.includes("schedule.due")) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.match(String(errors[0]), /the database went away/, "the first try failed");
        const due = heard.filter((change) => change.reasons.includes("schedule.due"));
        assert.equal(due.length, 1, "announced here once, when its row was written");
        const { changes } = await other.readAfter(before);
        assert.deepEqual(
          changes
            .filter((change) => change.reasons.includes("schedule.due"))
            .map((change) => change.articleIds),
          [[article.id]],
          "another instance reads it from the outbox",
        );
      } finally {
        await watcher.stop();
        stopRelay();
        await handle.close();
      }
    });
  });
}
