import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testConfig, testDatabases } from "../../test/support/databases.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Edition } from "../editions/edition.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { ContentEvents } from "../shared/content-events.ts";
import { ServiceUnavailableError } from "../shared/errors.ts";
import { SearchBusyError } from "./search-busy-error.ts";
import { type SearchResults, SearchService, type SearchServiceOptions } from "./search-service.ts";

const en = testConfig.editions.find((e) => e.code === "en") as Edition;
const urls = new SiteUrls("http://tribune.test");
const now = () => new Date(Date.now() + 1_000).toISOString();

/** Settles every promise; the answers and the refusals apart. */
async function outcomes(searches: Promise<SearchResults>[]) {
  const settled = await Promise.allSettled(searches);
  return {
    answered: settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : [])),
    refused: settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : [])),
  };
}

for (const database of testDatabases()) {
  describe(`reader search under load on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let articles: ArticleService;
    const services: SearchService[] = [];
    const service = (options: SearchServiceOptions = {}) => {
      const made = new SearchService(handle.db, urls, options);
      services.push(made);
      return made;
    };

    /** Publishes an English article in a story of its own; returns its id. */
    async function publish(title: string, service = articles): Promise<number> {
      const story = await new StoryService(handle.db).createStory({ originalEdition: "en" });
      const article = await service.createArticle({
        storyId: story.id,
        edition: "en",
        title,
        body: bodyFromParagraphs([`${title}, reported in full.`]),
      });
      await service.publishArticle(article.id, { at: "2026-03-01T12:00:00.000Z" });
      return article.id;
    }

    before(async () => {
      handle = await database.open();
      articles = new ArticleService(handle.db);
      for (const word of ["tamarind", "saffron", "cardamom", "nutmeg", "juniper"]) {
        await publish(`A harvest of ${word} in the valley`);
      }
    });
    after(async () => {
      for (const made of services) await made.close();
      await handle.close();
    });

    test("refuses searches beyond its bound at once, with 503 and Retry-After, and answers the ones it took", async () => {
      const search = service({ limits: { concurrency: 1, queue: 2, retryAfterSeconds: 3 } });
      const words = ["tamarind", "saffron", "cardamom", "nutmeg", "juniper", "harvest", "valley", "reported"];
      const { answered, refused } = await outcomes(
        words.map((word) => search.admit(() => search.search(en, word, {}, now()))),
      );
      assert.equal(answered.length, 3, "one running and two waiting");
      assert.ok(answered.every((result) => result.total >= 1));
      assert.equal(refused.length, 5);
      for (const error of refused) {
        assert.ok(error instanceof SearchBusyError);
        assert.ok(error instanceof ServiceUnavailableError);
        assert.equal(error.status, 503);
        assert.equal(error.retryAfterSeconds, 3);
      }
      const later = await search.admit(() => search.search(en, "juniper", {}, now()));
      assert.equal(later.total, 1, "a refused search works once the flood has passed");
    });

    test("identical searches at once cost one search: they share its answer", async () => {
      const search = service();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => search.search(en, "saffron valley", {}, now())),
      );
      assert.equal(answers[0]?.total, 1);
      assert.ok(answers.every((result) => result === answers[0]));
      const other = await search.search(en, "saffron valley", { page: 2 }, now());
      assert.notEqual(other, answers[0], "another page is another search");
    });

    test("identical searches within seconds cost one search, until a change is announced", async () => {
      const events = new ContentEvents();
      const search = service({ events });
      const first = await search.search(en, "clementine", {}, now());
      assert.equal(first.total, 0);
      // Published without announcing it: the result kept a moment ago still stands.
      const id = await publish("Clementine growers meet");
      assert.equal((await search.search(en, "clementine", {}, now())).total, 0);
      // Announced: every result kept is forgotten.
      await events.announce({
        reasons: ["article.published"],
        articleIds: [id],
        storyIds: [],
        editions: ["en"],
        tagIds: [],
      });
      assert.equal((await search.search(en, "clementine", {}, now())).total, 1);
    });

    test("a story unpublished through services with the app's events leaves the kept results at once", async () => {
      const events = new ContentEvents();
      const search = service({ events });
      const announcing = new ArticleService(handle.db, events);
      const id = await publish("Quince orchards flower early", announcing);
      assert.deepEqual(
        (await search.search(en, "quince", {}, now())).hits.map((hit) => hit.articleId),
        [id],
      );
      await announcing.unpublishArticle(id);
      assert.deepEqual((await search.search(en, "quince", {}, now())).hits, []);
    });

    test("a page kept or being rendered is answered without a turn: a popular query never queues", async () => {
      const events = new ContentEvents();
      // One page at a time and nobody waiting: a page that needs a turn while one renders is refused.
      const search = service({ events, limits: { concurrency: 1, share: 1, queue: 0 } });
      const renders: ((html: string) => void)[] = [];
      const render = () =>
        new Promise<{ status: number; html: string }>((resolve) => {
          renders.push((html) => resolve({ status: 200, html }));
        });
      /** Ends the `index`th render once it has started (admission starts one per turn of the loop). */
      const finish = async (index: number, html: string) => {
        while (renders.length <= index) await new Promise((resolve) => setImmediate(resolve));
        renders[index]?.(html);
      };
      const first = search.page("popular", render);
      const same = search.page("popular", render);
      await assert.rejects(search.page("another", render), SearchBusyError);
      await finish(0, "popular");
      assert.deepEqual(await Promise.all([first, same]), [
        { status: 200, html: "popular" },
        { status: 200, html: "popular" },
      ]);
      // Kept: answered again without a render, while another page holds the only turn.
      const other = search.page("other", render);
      assert.equal((await search.page("popular", render)).html, "popular");
      await finish(1, "other");
      assert.equal((await other).html, "other");
      assert.equal(renders.length, 2);
      // A change announced: the page is made again.
      await events.announce({
        reasons: ["article.published"],
        articleIds: [],
        storyIds: [],
        editions: ["en"],
        tagIds: [],
      });
      const again = search.page("popular", render);
      await finish(2, "changed");
      assert.equal((await again).html, "changed");
    });

    test("without announced changes, nothing is kept: a change shows at the next search", async () => {
      const search = service();
      assert.equal((await search.search(en, "pomegranate", {}, now())).total, 0);
      await publish("Pomegranate prices fall");
      assert.equal((await search.search(en, "pomegranate", {}, now())).total, 1);
    });
  });
}
