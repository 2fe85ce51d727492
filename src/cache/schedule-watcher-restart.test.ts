import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { privatePostgresForSuite } from "../../test/support/private-postgres.ts";
import { createServerDatabase, type ServerDatabase } from "../../test/support/server-database.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ScheduleWatcher } from "./schedule-watcher.ts";

const { server, skip } = await privatePostgresForSuite();

/**
 * A publication comes due while PostgreSQL is down (a restart): the watcher's look fails, and on a
 * quiet site no content change wakes it afterwards. It must look again by itself once the server is back.
 */
describe("the schedule watcher across a PostgreSQL restart", { skip }, () => {
  let dir: string;
  let database: ServerDatabase;
  let handle: DatabaseHandle;
  let watcher: ScheduleWatcher | undefined;

  before(async () => {
    assert.ok(server);
    dir = await mkdtemp(join(tmpdir(), "tribune-watcher-"));
    database = await createServerDatabase("postgres", dir, server.url);
    handle = await database.open();
  });
  after(async () => {
    await watcher?.stop();
    await handle?.close();
    await database?.drop().catch(() => {});
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("a publication that came due while the server was down is announced once it is back", async () => {
    assert.ok(server);
    const events = new ContentEvents();
    const heard: ContentChange[] = [];
    const errors: unknown[] = [];
    const story = await new StoryService(handle.db).createStory({ originalEdition: "en" });
    const articles = new ArticleService(handle.db);
    const article = await articles.createArticle({
      storyId: story.id,
      edition: "en",
      title: "Due while the database restarts",
      body: bodyFromParagraphs(["Out while nobody could look."]),
    });
    await articles.publishArticle(article.id, { at: new Date(Date.now() + 500) });
    watcher = new ScheduleWatcher({
      db: handle.db,
      events,
      editions: ["en"],
      onError: (error) => errors.push(error),
    });
    events.subscribe((change) => {
      heard.push(change);
    });
    await watcher.start();
    // Down before the time comes, up well after it: the look at that time fails.
    await server.restart({ downMs: 1_500 });
    const deadline = Date.now() + 10_000;
    while (heard.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(errors.length > 0, "the failed look was reported");
    assert.deepEqual(
      heard.map((change) => [change.reasons, change.articleIds]),
      [[["schedule.due"], [article.id]]],
    );
  });
});
