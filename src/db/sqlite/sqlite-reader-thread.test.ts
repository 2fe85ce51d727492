import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { testConfig } from "../../../test/support/databases.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import { openReaderSearch, searchEngineOf } from "../../content/search-index.ts";
import { syncEditions } from "../../editions/edition-service.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { parseQuery } from "../../shared/text/query-parser.ts";
import { type DatabaseHandle, openDatabase } from "../database.ts";
import { migrateToLatest } from "../migrate.ts";
import type { EngineQuery } from "../search/search-engine.ts";
import { READER_THREAD_NICE } from "./sqlite-reader-thread.ts";

/** The nice value of each thread of this process, by thread id (Linux). */
function threadNiceValues(): Map<number, number> {
  const values = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    // Fields after the command (in parentheses, which may hold spaces): nice is the 19th field.
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    values.set(Number(tid), Number(fields[16]));
  }
  return values;
}

const request = (words: string, extra: Partial<EngineQuery> = {}): EngineQuery => ({
  edition: "en",
  query: parseQuery(words),
  now: new Date(Date.now() + 1_000).toISOString(),
  offset: 0,
  limit: 10,
  candidateCap: 1_000,
  ...extra,
});

describe("reader searches on a SQLite file", () => {
  let dir: string;
  let database: DatabaseHandle;
  let articles: ArticleService;
  const ids = new Map<string, number>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tribune-reader-thread-"));
    database = await openDatabase(`sqlite:${join(dir, "tribune.db")}`);
    await migrateToLatest(database);
    await syncEditions(database.db, testConfig.editions);
    articles = new ArticleService(database.db);
    const stories = new StoryService(database.db);
    for (const [index, word] of ["walnut", "almond", "hazelnut", "pistachio", "chestnut"].entries()) {
      for (const round of [1, 2]) {
        const story = await stories.createStory({ originalEdition: "en" });
        const article = await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: `The ${word} harvest, part ${round}`,
          body: bodyFromParagraphs([`Growers of ${word} and of walnut trees met again.`]),
        });
        await articles.publishArticle(article.id, {
          at: new Date(Date.UTC(2026, 2, 1 + index * 2 + round, 9)).toISOString(),
        });
        ids.set(`${word} ${round}`, article.id);
      }
    }
  });
  after(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("runs them in a thread of its own at a lower priority, the process keeping its own", {
    skip: !existsSync("/proc/thread-self") && "thread priorities are per thread on Linux only",
  }, async () => {
    const before = threadNiceValues();
    const processNice = before.get(process.pid);
    const reader = openReaderSearch(database.db);
    try {
      assert.equal((await reader.query(request("almond"))).total, 2);
      const added = [...threadNiceValues()].filter(([tid]) => !before.has(tid));
      assert.ok(
        added.some(([, nice]) => nice === READER_THREAD_NICE && nice > (processNice ?? 0)),
        `a new thread at nice ${READER_THREAD_NICE} among ${JSON.stringify(added)}`,
      );
      assert.equal(threadNiceValues().get(process.pid), processNice);
    } finally {
      await reader.close();
    }
  });

  test("the event loop keeps turning while a search waits for its answer", async () => {
    const reader = openReaderSearch(database.db);
    try {
      let answered = false;
      const search = reader.query(request("walnut")).finally(() => {
        answered = true;
      });
      let turns = 0;
      while (!answered) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!answered) turns++;
      }
      assert.ok(turns >= 1, "other work ran between the search and its answer");
      assert.equal((await search).total, 10);
    } finally {
      await reader.close();
    }
  });

  test("finds what the app's own connection finds, and what it has just committed", async () => {
    const reader = openReaderSearch(database.db);
    const inProcess = searchEngineOf(database.db);
    try {
      const cases = [
        request("walnut"),
        request("walnut", { offset: 3, limit: 4 }),
        request("walnut -almond"),
        request('"chestnut harvest"'),
        request("walnut", { from: "2026-03-04T00:00:00.000Z", to: "2026-03-08T00:00:00.000Z" }),
        request("walnut", { candidateCap: 3 }),
        request("the and of"),
      ];
      for (const item of cases) {
        assert.deepEqual(await reader.query(item), await inProcess.query(item), item.query.text);
      }
      const id = ids.get("pistachio 1") as number;
      await articles.unpublishArticle(id);
      const after = await reader.query(request("pistachio"));
      assert.deepEqual(
        after.hits.map((hit) => hit.articleId),
        [ids.get("pistachio 2")],
      );
      await articles.publishArticle(id, { at: "2026-03-06T09:00:00.000Z" });
      assert.equal((await reader.query(request("pistachio"))).total, 2);
    } finally {
      await reader.close();
    }
  });
});
