import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testConfig, testDatabases } from "../../test/support/databases.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import type { Actor } from "../accounts/authorization/policy.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Edition } from "../editions/edition.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { DirectoryMediaStore } from "../media/directory-media-store.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ForbiddenError, ValidationError } from "../shared/errors.ts";
import { ArchiveService, type FrontPageData } from "../site/archive-service.ts";
import { TagService } from "../tags/tag-service.ts";
import { frontBlockTags } from "./front-page-blocks.ts";
import { FrontPageService } from "./front-page-service.ts";

const HOUR = 3_600_000;
const en = testConfig.editions.find((edition) => edition.code === "en") as Edition;

/** Every story the front page shows, in reading order: lead, top slots, latest, blocks. */
const storiesOn = (front: FrontPageData) => [
  ...(front.lead ? [front.lead] : []),
  ...front.top,
  ...front.latest,
  ...front.blocks.flatMap((block) => block.stories),
];

for (const database of testDatabases()) {
  describe(`front page control on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let archives: ArchiveService;
    let service: FrontPageService;
    let editor: Actor;
    let clock = Date.now();
    const heard: ContentChange[] = [];
    /** Story ids by title number, oldest first: story 1 is the oldest of them. */
    const storyIds: number[] = [];
    const articleIds: number[] = [];
    let draftStoryId = 0;
    let sectionIds: number[] = [];

    before(async () => {
      handle = await database.open();
      const events = new ContentEvents((error) => {
        throw error;
      });
      events.subscribe((change) => {
        heard.push(change);
      });
      const db = handle.db;
      archives = new ArchiveService(
        db,
        new SiteUrls(testConfig.publicUrl),
        new DirectoryMediaStore("/tmp/tribune-test-media"),
      );
      service = new FrontPageService(db, events, () => new Date(clock).toISOString());
      const user = await createTestUser(db, "editor");
      editor = { id: user.id, role: "editor", editions: [] };
      const tags = new TagService(db);
      const politics = await tags.upsertTag({ key: "politics", kind: "section", names: { en: "Politics" } });
      const sport = await tags.upsertTag({ key: "sport", kind: "section", names: { en: "Sport" } });
      sectionIds = [politics.id, sport.id];
      const articles = new ArticleService(db);
      // 20 stories, one an hour, alternately politics and sport: more than the latest list holds.
      for (let i = 1; i <= 20; i += 1) {
        const tag = i % 2 === 0 ? politics : sport;
        const story = await new StoryService(db).createStory({ originalEdition: "en", tagIds: [tag.id] });
        const article = await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: `Story ${i}`,
          body: bodyFromParagraphs([`Paragraph ${i}.`]),
        });
        await articles.publishArticle(article.id, { at: new Date(Date.now() - (21 - i) * HOUR) });
        storyIds[i] = story.id;
        articleIds[i] = article.id;
      }
      const draft = await new StoryService(db).createStory({ originalEdition: "en", tagIds: [] });
      await articles.createArticle({
        storyId: draft.id,
        edition: "en",
        title: "A draft",
        body: bodyFromParagraphs(["Not yet."]),
      });
      draftStoryId = draft.id;
    });
    beforeEach(async () => {
      clock = Date.now();
      heard.length = 0;
      await handle.db.deleteFrom("frontPageSlots").execute();
      await handle.db.deleteFrom("frontPageBlocks").execute();
    });
    after(() => handle.close());

    const front = () => archives.frontPage(en, new Date(clock).toISOString());
    const titleOf = (story: { title: string } | null | undefined) => story?.title ?? null;

    test("without pins the newest story leads and no story shows twice", async () => {
      const page = await front();
      assert.equal(titleOf(page.lead), "Story 20");
      assert.deepEqual(page.top, []);
      const shown = storiesOn(page).map((story) => story.storyId);
      assert.equal(new Set(shown).size, shown.length);
      assert.equal(shown.length, 20, "the blocks show the stories the latest list leaves out");
    });

    test("a pinned lead and top slots come first, once each, and the latest list fills up behind them", async () => {
      await service.pin(editor, "en", { storyId: storyIds[3] as number, position: 1 });
      await service.pin(editor, "en", { storyId: storyIds[19] as number, position: 3 });
      await service.pin(editor, "en", { storyId: storyIds[5] as number, position: 2 });
      const page = await front();
      assert.equal(titleOf(page.lead), "Story 3");
      assert.deepEqual(page.top.map(titleOf), ["Story 5", "Story 19"]);
      assert.equal(page.latest.length, 12);
      assert.equal(titleOf(page.latest[0]), "Story 20");
      assert.equal(titleOf(page.latest[1]), "Story 18", "story 19 is pinned above: skipped, not repeated");
      const shown = storiesOn(page).map((story) => story.storyId);
      assert.equal(new Set(shown).size, shown.length, "no story twice");
      assert.equal(shown.length, 20);
    });

    test("making another story the lead moves the former lead out and announces only this front page", async () => {
      await service.pin(editor, "en", { storyId: storyIds[3] as number, position: 1 });
      heard.length = 0;
      await service.pin(editor, "en", { storyId: storyIds[7] as number, position: 1 });
      const page = await front();
      assert.equal(titleOf(page.lead), "Story 7");
      assert.deepEqual(page.top, []);
      assert.deepEqual(
        (await service.pins("en")).map((pin) => pin.storyId),
        [storyIds[7]],
      );
      assert.deepEqual(heard, [
        { reasons: ["front.arranged"], articleIds: [], storyIds: [], editions: ["en"], tagIds: [] },
      ]);
    });

    test("editors pinning at the same moment take turns: every pin is made, one story per place", async () => {
      const racers = [2, 4, 6, 8, 10, 12].map((i) => storyIds[i] as number);
      // Each pins a different story as lead, all at once (PostgreSQL runs them side by side).
      await Promise.all(racers.map((storyId) => service.pin(editor, "en", { storyId, position: 1 })));
      const pins = await service.pins("en");
      assert.equal(pins.length, 1, "one lead: each pin displaced the one before it");
      assert.ok(racers.includes(pins[0]?.storyId as number));
    });

    test("pinning a story already in a slot swaps it with the story at the new place", async () => {
      await service.pin(editor, "en", { storyId: storyIds[3] as number, position: 1 });
      await service.pin(editor, "en", { storyId: storyIds[4] as number, position: 2 });
      await service.move(editor, "en", storyIds[4] as number, 1);
      const pins = await service.pins("en");
      assert.deepEqual(
        pins.map((pin) => [pin.position, pin.storyId]),
        [
          [1, storyIds[4]],
          [2, storyIds[3]],
        ],
      );
    });

    test("a pin whose time ran out is ignored with no job to remove it", async () => {
      const until = new Date(clock + HOUR).toISOString();
      await service.pin(editor, "en", { storyId: storyIds[2] as number, position: 1, until });
      assert.equal(titleOf((await front()).lead), "Story 2");
      clock += HOUR;
      assert.equal(titleOf((await front()).lead), "Story 20", "at its end the newest leads again");
      assert.equal((await service.pins("en")).length, 1, "the row stays until someone pins over it");
    });

    test("an unpublished pinned story drops out of the front page; a deleted story takes its pin with it", async () => {
      const story = await new StoryService(handle.db).createStory({ originalEdition: "en", tagIds: [] });
      const articles = new ArticleService(handle.db);
      const article = await articles.createArticle({
        storyId: story.id,
        edition: "en",
        title: "Soon gone",
        body: bodyFromParagraphs(["Briefly."]),
      });
      await articles.publishArticle(article.id, { at: new Date(clock - 1000) });
      await service.pin(editor, "en", { storyId: story.id, position: 1 });
      assert.equal(titleOf((await front()).lead), "Soon gone");
      await articles.unpublishArticle(article.id);
      assert.equal(titleOf((await front()).lead), "Story 20");
      await handle.db.deleteFrom("stories").where("id", "=", story.id).execute();
      assert.deepEqual(await service.pins("en"), []);
    });

    test("refuses drafts, stories of other editions, bad positions and times past, storing nothing", async () => {
      const refusals: [string, () => Promise<void>][] = [
        ["storyId", () => service.pin(editor, "en", { storyId: draftStoryId, position: 1 })],
        ["storyId", () => service.pin(editor, "pt", { storyId: storyIds[1] as number, position: 1 })],
        ["storyId", () => service.pin(editor, "en", { storyId: 999_999, position: 1 })],
        ["position", () => service.pin(editor, "en", { storyId: storyIds[1] as number, position: 6 })],
        ["position", () => service.pin(editor, "en", { storyId: storyIds[1] as number, position: 0 })],
        [
          "until",
          () =>
            service.pin(editor, "en", {
              storyId: storyIds[1] as number,
              position: 1,
              until: new Date(clock - 1).toISOString(),
            }),
        ],
        ["storyId", () => service.unpin(editor, "en", storyIds[1] as number)],
      ];
      for (const [field, attempt] of refusals) {
        await assert.rejects(attempt, (error: unknown) => {
          assert.ok(error instanceof ValidationError, String(error));
          assert.equal(error.details.field, field);
          assert.equal(error.status, 400);
          return true;
        });
      }
      assert.deepEqual(await service.pins("en"), []);
      assert.deepEqual(heard, [], "nothing announced");
    });

    test("contributors and translators may not arrange the front page", async () => {
      for (const role of ["contributor", "translator"] as const) {
        const actor: Actor = { id: editor.id, role, editions: ["en"] };
        await assert.rejects(
          service.pin(actor, "en", { storyId: storyIds[1] as number, position: 1 }),
          ForbiddenError,
        );
      }
    });

    test("blocks come in the editors' order and move up and down; every change is audited", async () => {
      const [politics, sport] = sectionIds as [number, number];
      assert.deepEqual(
        (await frontBlockTags(handle.db, en)).map((tag) => tag.id),
        [politics, sport],
      );
      await service.moveBlock(editor, en, sport, "up");
      assert.deepEqual(
        (await frontBlockTags(handle.db, en)).map((tag) => tag.id),
        [sport, politics],
      );
      assert.deepEqual(
        (await front()).blocks.map((block) => block.name),
        ["Sport", "Politics"],
      );
      await service.setBlockOrder(editor, en, [politics]);
      assert.deepEqual(
        (await frontBlockTags(handle.db, en)).map((tag) => tag.id),
        [politics, sport],
      );
      await assert.rejects(service.setBlockOrder(editor, en, [politics, politics]), ValidationError);
      await assert.rejects(service.moveBlock(editor, en, 999_999, "down"), ValidationError);
      const audited = await handle.db
        .selectFrom("auditLog")
        .select(["action", "subjectType", "subjectId"])
        .where("actorUserId", "=", editor.id)
        .where("action", "like", "frontPage.block%")
        .orderBy("id")
        .execute();
      assert.deepEqual(audited, [
        { action: "frontPage.blockMove", subjectType: "tag", subjectId: String(sport) },
        { action: "frontPage.blockOrder", subjectType: "frontPage", subjectId: "en" },
      ]);
    });
  });
}
