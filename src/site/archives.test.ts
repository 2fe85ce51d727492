import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import { AuthorService } from "../authors/author-service.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { TagService } from "../tags/tag-service.ts";

const EXTRA_STORIES = 45;

for (const database of testDatabases()) {
  describe(`archives and the front page on ${database.name}`, () => {
    let demo: DemoApp;
    const get = (url: string) => demo.app.inject(url);
    const page = async (url: string) => {
      const response = await get(url);
      assert.equal(response.statusCode, 200, `${url} answers 200`);
      return parsePage(response.body);
    };
    const titles = (document: Document, selector = ".story-list a") =>
      [...document.querySelectorAll(selector)].map((a) => a.textContent ?? "");

    before(async () => {
      demo = await startDemoApp(database);
      // Older wire stories tagged News, one every hour before the demo, by a second author.
      const db = demo.database.db;
      const news = await new TagService(db).getByKey("news");
      const author = await new AuthorService(db).upsertAuthor({ name: "Ana Souza" });
      const articles = new ArticleService(db);
      for (let i = 1; i <= EXTRA_STORIES; i += 1) {
        const story = await new StoryService(db).createStory({ originalEdition: "en", tagIds: [news.id] });
        const article = await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: `Wire story number ${i}`,
          body: bodyFromParagraphs([`Paragraph of wire story ${i}.`]),
          authorId: author.id,
        });
        await articles.publishArticle(article.id, { at: new Date(Date.now() - i * 3_600_000) });
      }
    });
    after(() => demo.close());

    test("a tag archive pages through every story newest first, by keyset links", async () => {
      const seen: string[] = [];
      const times: string[] = [];
      let url: string | null = "/en/tag/news";
      let pages = 0;
      while (url) {
        const document = await page(url);
        seen.push(...titles(document));
        times.push(
          ...[...document.querySelectorAll(".story-list time")].map((t) => t.getAttribute("datetime") ?? ""),
        );
        if (pages > 0)
          assert.equal(
            document.querySelector('.pagination a[rel="first"]')?.getAttribute("href"),
            "/en/tag/news",
          );
        url = document.querySelector('.pagination a[rel="next"]')?.getAttribute("href") ?? null;
        pages += 1;
        assert.ok(pages < 10, "pagination ends");
      }
      assert.equal(pages, 3);
      assert.equal(seen.length, EXTRA_STORIES + 3);
      assert.equal(new Set(seen).size, seen.length, "no story twice");
      assert.deepEqual([...times].sort().reverse(), times, "newest first");
    });

    test("a region's archive includes its countries' stories", async () => {
      const document = await page("/en/tag/middle-east");
      const listed = titles(document);
      assert.ok(
        listed.includes("Iraq's Muqtada Al-Sadr supports PM call for national dialogue"),
        "tagged Iraq only",
      );
      assert.ok(listed.includes("Iran, Turkey slam Iraq's KRG over controversial postage stamp"));
      assert.equal(document.querySelector("h1")?.textContent, "Middle East: latest stories");
    });

    test("archive titles and empty states are localized", async () => {
      const pt = await page("/pt/tag/noticias");
      assert.equal(pt.querySelector("h1")?.textContent, "Notícias: últimas reportagens");
      const empty = await page("/es/2001/01/01/");
      assert.equal(empty.querySelector("h1")?.textContent, "Noticias del 1 de enero de 2001");
      assert.equal(empty.querySelector(".archive p")?.textContent, "Todavía no hay noticias aquí.");
    });

    test("a malformed page cursor answers a clear 400, an impossible date a 404", async () => {
      const bad = await get("/pt/tag/noticias?before=yesterday");
      assert.equal(bad.statusCode, 400);
      assert.equal(parsePage(bad.body).querySelector("h1")?.textContent, "Este endereço não é válido");
      assert.equal((await get("/en/2026/02/30/")).statusCode, 404);
      assert.equal((await get("/en/2026/13/")).statusCode, 404);
    });

    test("an author archive lists the author's stories in that edition", async () => {
      const document = await page("/en/author/ana-souza");
      // The page heads with the author's profile: the name is the heading, the title says what it lists.
      assert.equal(document.querySelector("h1")?.textContent, "Ana Souza");
      assert.match(document.querySelector("title")?.textContent ?? "", /^Stories by Ana Souza/);
      assert.equal(titles(document).length, 20);
      assert.ok(titles(document).every((t) => t.startsWith("Wire story")));
      const pt = await page("/pt/author/ana-souza");
      assert.equal(titles(pt).length, 0, "her stories have no Portuguese edition");
      assert.equal((await get("/en/author/nobody-here")).statusCode, 404);
    });

    test("the article links to its author and its day, and both archives list it", async () => {
      const front = await page("/en/");
      const articleUrl = front.querySelector(".lead h2 a")?.getAttribute("href") ?? "";
      const article = await page(articleUrl);
      const title = article.querySelector("h1")?.textContent ?? "";
      const authorPage = await page(article.querySelector(".byline a")?.getAttribute("href") ?? "");
      assert.ok(titles(authorPage).includes(title));
      const dayUrl = article.querySelector(".meta a[href$='/']")?.getAttribute("href") ?? "";
      assert.match(dayUrl, /^\/en\/\d{4}\/\d{2}\/\d{2}\/$/);
      assert.ok(titles(await page(dayUrl)).includes(title));
      const monthUrl = dayUrl.replace(/\d{2}\/$/, "");
      assert.ok(titles(await page(monthUrl)).includes(title));
    });

    test("the article offers share links and more on the same tags", async () => {
      const front = await page("/pt/");
      const articleUrl = front.querySelector(".lead h2 a")?.getAttribute("href") ?? "";
      const article = await page(articleUrl);
      const canonical = article.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? "";
      const share = [...article.querySelectorAll("nav.share a")].map((a) => a.getAttribute("href") ?? "");
      assert.equal(share.length, 6);
      assert.ok(share.every((href) => href.includes(encodeURIComponent(canonical))));
      const more = titles(article, ".more-on-this a");
      assert.deepEqual(more, ["Muqtada Al-Sadr, do Iraque, apoia apelo do premiê por diálogo nacional"]);
    });

    test("the front page has a lead with its photo, the latest stories and a block per section and region with stories not shown above", async () => {
      const document = await page("/en/");
      assert.equal(
        document.querySelector(".lead h2")?.textContent,
        "Iran-backed groups will stop attacks on US targets if Iraq demands full withdrawal, report says",
      );
      assert.ok(document.querySelector(".lead img")?.getAttribute("srcset"));
      assert.equal(titles(document, "#latest-heading + .story-list a").length, 12);
      const blocks = [...document.querySelectorAll(".block-heading a")].map((a) => [
        a.textContent,
        a.getAttribute("href"),
      ]);
      // The demo's few regional stories are all among the latest: their blocks, left empty, go.
      assert.deepEqual(blocks, [["News", "/en/tag/news"]]);
      const shown = titles(document, "main a[href*='/20']");
      assert.equal(new Set(shown).size, shown.length, `no story twice: ${shown.join(" | ")}`);
      assert.ok(titles(document, ".block .story-list a").every((title) => title.startsWith("Wire story")));
    });

    test("front pages, tag archives and articles advertise their feeds, and the feeds answer", async () => {
      const front = await page("/pt/");
      const article = await page(front.querySelector(".lead h2 a")?.getAttribute("href") ?? "");
      const tag = await page("/pt/tag/iraque");
      const feedsOf = (document: Document) =>
        [...document.querySelectorAll('link[rel="alternate"][type$="+xml"]')].map(
          (l) => l.getAttribute("href") ?? "",
        );
      assert.deepEqual(feedsOf(front), [
        "http://tribune.test/pt/feed.xml",
        "http://tribune.test/pt/atom.xml",
      ]);
      assert.deepEqual(feedsOf(article), feedsOf(front));
      assert.deepEqual(feedsOf(tag), [
        "http://tribune.test/pt/tag/iraque/feed.xml",
        "http://tribune.test/pt/tag/iraque/atom.xml",
        ...feedsOf(front),
      ]);
      for (const href of feedsOf(tag)) {
        const feed = await get(new URL(href).pathname);
        assert.equal(feed.statusCode, 200);
        assert.match(String(feed.headers["content-type"]), /^application\/(rss|atom)\+xml/);
      }
    });

    test("a scheduled story appears at its time without a restart", async () => {
      const db = demo.database.db;
      const story = await new StoryService(db).createStory({ originalEdition: "en" });
      const articles = new ArticleService(db);
      const article = await articles.createArticle({
        storyId: story.id,
        edition: "en",
        title: "Embargoed until a moment from now",
        body: bodyFromParagraphs(["Embargoed text."]),
      });
      await articles.publishArticle(article.id, { at: new Date(Date.now() + 1_500) });
      assert.ok(!titles(await page("/en/")).includes("Embargoed until a moment from now"));
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      assert.ok(titles(await page("/en/")).includes("Embargoed until a moment from now"));
    });
  });
}
