import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage, visibleText } from "../../../test/support/html.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import { HOSTILE_QUERIES } from "../../search/hostile-queries.ts";
import { READER_SEARCH_LIMITS } from "../../search/search-service.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";

const lead = loadDemoFixture().articles.find((a) => a.group === "iraq-withdrawal-deal");
const EXTRA = 23;

for (const database of testDatabases()) {
  describe(`the search page on ${database.name}`, () => {
    let demo: DemoApp;
    const get = (url: string) => demo.app.inject(url);
    const page = async (url: string) => {
      const response = await get(url);
      assert.equal(response.statusCode, 200, `${url.slice(0, 80)} answers 200`);
      return parsePage(response.body);
    };
    const resultTitles = (document: Document) =>
      [...document.querySelectorAll(".search-results h2 a")].map((a) => a.textContent ?? "");

    before(async () => {
      demo = await startDemoApp(database);
      const db = demo.database.db;
      const articles = new ArticleService(db);
      // A headline with markup in it, and enough stories about tamarisk for three pages.
      const story = await new StoryService(db).createStory({ originalEdition: "en" });
      const hostile = await articles.createArticle({
        storyId: story.id,
        edition: "en",
        title: "Tamarisk <script>alert(1)</script> & <b>bold</b> claims",
        body: bodyFromParagraphs(["The tamarisk <img src=x onerror=alert(2)> grows by the river."]),
      });
      await articles.publishArticle(hostile.id, { at: "2026-01-01T09:00:00.000Z" });
      for (let i = 1; i <= EXTRA; i += 1) {
        const other = await new StoryService(db).createStory({ originalEdition: "en" });
        const article = await articles.createArticle({
          storyId: other.id,
          edition: "en",
          title: `Tamarisk report ${i}`,
          body: bodyFromParagraphs([`Report ${i} on the tamarisk.`]),
        });
        await articles.publishArticle(article.id, {
          at: new Date(Date.UTC(2026, 0, 2 + i, 9)).toISOString(),
        });
      }
    });
    after(() => demo.close());

    test("finds the lead story in Portuguese with its words marked, uncached by shared caches, indexable", async () => {
      const response = await get("/pt/search?q=retiradas");
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers["cache-control"], "public, max-age=60");
      const document = parsePage(response.body);
      assert.equal(document.querySelector('meta[name="robots"]'), null, "a query's results may be indexed");
      assert.deepEqual(resultTitles(document), [lead?.editions.pt?.title]);
      assert.deepEqual(
        [...document.querySelectorAll(".search-results h2 mark")].map((m) => m.textContent),
        ["retirada"],
      );
      assert.equal(document.querySelector<HTMLInputElement>("#search-q")?.getAttribute("value"), "retiradas");
      assert.equal(document.querySelector(".search-count")?.textContent, "1 resultado");
      assert.equal(document.querySelector("html")?.getAttribute("lang"), "pt-BR");
    });

    test("every edition's header has a labelled search box that leads here", async () => {
      for (const code of ["en", "pt", "es"]) {
        const document = await page(`/${code}/`);
        const form = document.querySelector("header search form");
        assert.equal(form?.getAttribute("action"), `/${code}/search`);
        assert.equal(form?.getAttribute("method"), "get");
        const input = form?.querySelector("input[name=q]");
        assert.ok(input && document.querySelector(`label[for="${input.getAttribute("id")}"]`));
      }
    });

    test("shows markup in a headline as text, never as HTML", async () => {
      const response = await get("/en/search?q=tamarisk+claims");
      assert.doesNotMatch(response.body, /<script>alert/);
      assert.doesNotMatch(response.body, /<img src=x/);
      assert.doesNotMatch(response.body, /<b>bold/);
      const document = parsePage(response.body);
      assert.deepEqual(resultTitles(document)[0], "Tamarisk <script>alert(1)</script> & <b>bold</b> claims");
      assert.equal(document.querySelectorAll("script").length, 0);
    });

    test("pages through the results with links that keep the query and filters", async () => {
      const first = await page("/en/search?q=tamarisk&from=2026-01-01");
      assert.match(visibleText(first), /24 results/);
      assert.equal(resultTitles(first).length, 10);
      const next = first.querySelector("a[rel=next]")?.getAttribute("href") ?? "";
      assert.equal(next, "/en/search?q=tamarisk&from=2026-01-01&page=2");
      const third = await page("/en/search?q=tamarisk&from=2026-01-01&page=3");
      assert.equal(resultTitles(third).length, 4);
      assert.equal(third.querySelector("a[rel=next]"), null);
      assert.equal(
        third.querySelector("a[rel=prev]")?.getAttribute("href"),
        "/en/search?q=tamarisk&from=2026-01-01&page=2",
      );
      const all = new Set([
        ...resultTitles(first),
        ...resultTitles(await page(next)),
        ...resultTitles(third),
      ]);
      assert.equal(all.size, 24);
    });

    test("filters by tag and by date, and shows the filters chosen", async () => {
      const tagged = await page("/en/search?q=iran&tag=middle-east");
      assert.ok(resultTitles(tagged).length >= 1);
      assert.equal(
        tagged.querySelector("#search-tag option[selected]")?.getAttribute("value"),
        "middle-east",
      );
      const news = await page("/en/search?q=tamarisk&tag=news");
      assert.deepEqual(resultTitles(news), []);
      assert.match(visibleText(news), /No stories match/);
      const dated = await page("/en/search?q=tamarisk&from=2026-01-20&to=2026-01-21");
      assert.deepEqual(resultTitles(dated).sort(), ["Tamarisk report 18", "Tamarisk report 19"]);
      assert.equal(dated.querySelector("#search-from")?.getAttribute("value"), "2026-01-20");
    });

    test("keeps the empty form, empty, filtered and later result pages out of search engines", async () => {
      const robots = async (url: string) =>
        (await page(url)).querySelector('meta[name="robots"]')?.getAttribute("content") ?? null;
      assert.equal(await robots("/en/search?q=tamarisk"), null);
      for (const url of [
        "/en/search",
        "/en/search?q=nothingmatchesthis",
        "/en/search?q=tamarisk&tag=news",
        "/en/search?q=tamarisk&from=2026-01-01",
        "/en/search?q=tamarisk&page=2",
      ]) {
        assert.equal(await robots(url), "noindex", url);
      }
    });

    test("an empty search shows the form and a hint", async () => {
      for (const url of ["/es/search", "/es/search?q=", "/es/search?q=+++"]) {
        const document = await page(url);
        assert.ok(document.querySelector("#search-q"));
        assert.match(visibleText(document), /Escriba una o más palabras/);
      }
    });

    test("a flood of searches past the process's bound: those refused answer 503 with Retry-After and the edition's busy page, the others normally", async () => {
      const flood = 300;
      const answers = await Promise.all(
        Array.from({ length: flood }, (_, i) => get(`/pt/search?q=${encodeURIComponent(`retirada ${i}`)}`)),
      );
      const refused = answers.filter((answer) => answer.statusCode === 503);
      // At most two run at once (SQLite; one on PostgreSQL), the queue's worth wait.
      const bound = 2 + READER_SEARCH_LIMITS.queue;
      assert.ok(refused.length >= flood - bound, `${refused.length} of ${flood} refused`);
      assert.equal(refused.length + answers.filter((a) => a.statusCode === 200).length, flood);
      const busy = refused[0];
      assert.ok(busy);
      assert.equal(busy.headers["retry-after"], String(READER_SEARCH_LIMITS.retryAfterSeconds));
      const document = parsePage(busy.body);
      assert.equal(document.querySelector("html")?.getAttribute("lang"), "pt-BR");
      assert.match(visibleText(document), new RegExp(messagesFor("pt").busyTitle));
      assert.equal((await get("/pt/search?q=retirada")).statusCode, 200, "and search works again after");
    });

    test("answers a normal page to hostile and enormous queries and parameters", async () => {
      const urls = [
        // A lone surrogate cannot be percent-encoded; it is sent as its raw escape below instead.
        ...HOSTILE_QUERIES.map(
          (q) => `/en/search?q=${encodeURIComponent(q.replace(/[\uD800-\uDFFF]/g, "?"))}`,
        ),
        "/en/search?q=%ED%A0%80",
        `/pt/search?q=${"a".repeat(10_000)}`,
        `/pt/search?q=${encodeURIComponent("retirada ".repeat(1_200))}`,
        "/en/search?q=iran&page=-1",
        "/en/search?q=iran&page=99999999999",
        "/en/search?q=iran&page=abc",
        "/en/search?q=iran&from=2026-13-45&to=yesterday",
        "/en/search?q=iran&tag=../../etc",
        "/en/search?q=%E0%A4%A",
        "/en/search?q=%00",
        "/en/search?q=iran&q=iraq",
      ];
      for (const url of urls) {
        const response = await get(url);
        // A NUL is refused at the edge, for every route (src/http/nul-guard.ts): the site's 400 page.
        const status = /%00/i.test(url) ? 400 : 200;
        assert.equal(response.statusCode, status, `${url.slice(0, 60)} answers ${status}`);
        assert.ok(response.body.length < 100_000, "and stays light");
      }
      const long = parsePage((await get(`/pt/search?q=${"retirada%20".repeat(1_000)}`)).body);
      assert.ok((long.querySelector("#search-q")?.getAttribute("value") ?? "").length <= 200);
      assert.match(visibleText(long), /só as primeiras palavras/);
    });
  });
}
