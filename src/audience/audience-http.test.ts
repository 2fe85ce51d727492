import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { signInAs } from "../../test/support/newsroom.ts";
import { PromotionService } from "../promotions/promotion-service.ts";

const READER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

interface Article {
  id: number;
  edition: string;
  title: string;
}

for (const database of testDatabases()) {
  describe(`audience numbers on ${database.name}`, () => {
    let demo: DemoApp;
    let articles: Article[];
    let reader = 0;

    before(async () => {
      // The page cache on: the most-read box must reach cached pages through their surrogate key.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      articles = await demo.database.db
        .selectFrom("articles")
        .select(["id", "edition", "title"])
        .where("status", "=", "published")
        .orderBy("id")
        .execute();
    });
    after(() => demo.close());

    const inEdition = (edition: string) => articles.filter((article) => article.edition === edition);
    /** A new reader each call (another address), unless `address` is given. */
    const beacon = (query: string, headers: Record<string, string> = {}, address?: string) =>
      demo.app.inject({
        method: "POST",
        url: `/beacon?${query}`,
        headers: {
          "user-agent": READER_UA,
          "x-forwarded-for": address ?? `198.51.100.${(reader++ % 250) + 1}`,
          ...headers,
        },
      });
    const viewsOf = async (articleId: number) =>
      demo.database.db
        .selectFrom("audienceViews")
        .select(["edition", "referrerKind", "views"])
        .where("articleId", "=", articleId)
        .orderBy("referrerKind")
        .execute();

    test("a beacon is answered 204 without a cookie and counted per referrer kind once flushed", async () => {
      const article = inEdition("en")[0];
      assert.ok(article);
      for (const kind of ["search", "search", "social", "direct", "internal", "newsletter", "other"]) {
        const answer = await beacon(`a=${article.id}&e=en&r=${kind}`);
        assert.equal(answer.statusCode, 204);
        assert.equal(answer.headers["set-cookie"], undefined);
        assert.equal(answer.body, "");
      }
      assert.deepEqual(await viewsOf(article.id), [], "nothing is written before the flush");
      await demo.app.audience.counter.flush();
      assert.deepEqual(
        (await viewsOf(article.id)).map((row) => [row.edition, row.referrerKind, Number(row.views)]),
        [
          ["en", "direct", 1],
          ["en", "internal", 1],
          ["en", "newsletter", 1],
          ["en", "other", 1],
          ["en", "search", 2],
          ["en", "social", 1],
        ],
      );
      // A second flush adds to the rows rather than writing others.
      await beacon(`a=${article.id}&e=en&r=search`);
      await demo.app.audience.counter.flush();
      const search = (await viewsOf(article.id)).find((row) => row.referrerKind === "search");
      assert.equal(Number(search?.views), 3);
    });

    test("a reader's reloads of an article count once; another article or reader counts", async () => {
      const [first, second] = inEdition("pt");
      assert.ok(first && second);
      for (let i = 0; i < 3; i++) await beacon(`a=${first.id}&e=pt&r=direct`, {}, "203.0.113.7");
      await beacon(`a=${second.id}&e=pt&r=direct`, {}, "203.0.113.7");
      await beacon(`a=${first.id}&e=pt&r=direct`, {}, "203.0.113.8");
      // The same address with another browser is another reader.
      await beacon(`a=${first.id}&e=pt&r=direct`, { "user-agent": `${READER_UA} Edg/131.0` }, "203.0.113.7");
      await demo.app.audience.counter.flush();
      assert.equal(Number((await viewsOf(first.id))[0]?.views), 3);
      assert.equal(Number((await viewsOf(second.id))[0]?.views), 1);
    });

    test("bots and prefetches are not counted, and still answered 204", async () => {
      const article = inEdition("es")[0];
      assert.ok(article);
      const ignored: Record<string, string>[] = [
        { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
        { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0 Safari/537.36" },
        { "user-agent": "curl/8.5.0" },
        { "user-agent": "" },
        { "sec-purpose": "prefetch" },
        { "sec-purpose": "prefetch;prerender" },
        { purpose: "prefetch" },
      ];
      for (const headers of ignored) {
        const answer = await beacon(`a=${article.id}&e=es&r=direct`, headers);
        assert.equal(answer.statusCode, 204, JSON.stringify(headers));
      }
      await demo.app.audience.counter.flush();
      assert.deepEqual(await viewsOf(article.id), []);
    });

    test("hostile beacons are refused with a 4xx and count nothing", async () => {
      const article = inEdition("en")[1];
      assert.ok(article);
      const refused = [
        "",
        `a=${article.id}&e=en`,
        `a=abc&e=en&r=direct`,
        `a=-1&e=en&r=direct`,
        `a=99999999999&e=en&r=direct`,
        `a=${article.id}&e=xx&r=direct`,
        `a=${article.id}&e=en&r=https%3A%2F%2Fevil.example%2F`,
        `a=${article.id}&e=en&r=direct&p=javascript:alert(1)`,
        `a=${article.id}&e=en&r=direct&p=1,2,3,4,5,6,7,8,9,10,11`,
        `a=${article.id}&e=en&r=direct&url=https%3A%2F%2Fevil.example%2F`,
      ];
      for (const query of refused) {
        const answer = await beacon(query);
        assert.ok(answer.statusCode >= 400 && answer.statusCode < 500, `${query}: ${answer.statusCode}`);
        assert.equal(answer.headers["set-cookie"], undefined);
      }
      const withBody = await demo.app.inject({
        method: "POST",
        url: `/beacon?a=${article.id}&e=en&r=direct`,
        headers: { "user-agent": READER_UA, "content-type": "text/plain" },
        payload: "x".repeat(10_000),
      });
      assert.ok(withBody.statusCode >= 400 && withBody.statusCode < 500, String(withBody.statusCode));
      assert.equal(
        (await demo.app.inject({ method: "GET", url: `/beacon?a=1&e=en&r=direct` })).statusCode,
        404,
      );
      // Well formed but naming an article of another edition, or none: answered, never written.
      await beacon(`a=${article.id}&e=pt&r=direct`);
      await beacon(`a=2000000000&e=en&r=direct`);
      await demo.app.audience.counter.flush();
      assert.deepEqual(await viewsOf(article.id), []);
      const stray = await demo.database.db
        .selectFrom("audienceViews")
        .select("articleId")
        .where("articleId", "=", 2_000_000_000)
        .execute();
      assert.deepEqual(stray, []);
    });

    test("the most-read box appears once there are numbers, reorders after views, and its pages are purged", async () => {
      // The first English article has 8 views from the first test; the others none yet.
      const [a, b, c] = inEdition("en");
      assert.ok(a && b && c);
      const boxOf = async (url: string) => {
        const answer = await demo.app.inject({ url, headers: { "user-agent": READER_UA } });
        assert.equal(answer.statusCode, 200);
        assert.equal(answer.headers["set-cookie"], undefined);
        const box = parsePage(answer.body).querySelector("section.most-read");
        return box ? [...box.querySelectorAll("li a")].map((link) => link.textContent) : null;
      };
      assert.equal(await boxOf("/en/"), null, "no box, not even an empty one, before any numbers");
      assert.equal(await boxOf("/en/"), null);
      const views = async (article: Article, count: number) => {
        for (let i = 0; i < count; i++) await beacon(`a=${article.id}&e=en&r=search`);
      };
      await views(b, 10);
      await views(c, 9);
      await demo.app.audience.counter.flush();
      // Portuguese has the views of the reload test: its box appears too.
      assert.deepEqual(await demo.app.audience.refreshMostRead(), ["en", "pt"]);
      assert.deepEqual(await boxOf("/en/"), [b.title, c.title, a.title]);
      await views(a, 5);
      await demo.app.audience.counter.flush();
      assert.deepEqual(await demo.app.audience.refreshMostRead(), ["en"]);
      // The front page was cached with the former order: the announcement purged it.
      assert.deepEqual(await boxOf("/en/"), [a.title, b.title, c.title]);
      // The same order again: nothing is written, nothing announced.
      await views(a, 1);
      await demo.app.audience.counter.flush();
      assert.deepEqual(await demo.app.audience.refreshMostRead(), []);
      const articlePath = parsePage((await demo.app.inject("/en/")).body)
        .querySelector("section.most-read li a")
        ?.getAttribute("href");
      assert.ok(articlePath);
      assert.deepEqual(await boxOf(articlePath), [a.title, b.title, c.title], "under the article too");
      assert.equal(await boxOf("/es/"), null, "each edition has its own box");

      // A story in the box retitled: the box shows the new title on the next page, kept or not.
      const editor = await signInAs(demo.app, demo.database.db, "editor");
      const opened = await editor.get(`/newsroom/api/articles/${b.id}`);
      assert.equal(opened.statusCode, 200, opened.body);
      const { editor: state } = JSON.parse(opened.body) as { editor: { article: { revisionId: number } } };
      const retitled = `${b.title}, updated`;
      const saved = await editor.sendJson("PUT", `/newsroom/api/articles/${b.id}`, {
        baseRevisionId: state.article.revisionId,
        title: retitled,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual(await boxOf("/en/"), [a.title, retitled, c.title]);
      assert.deepEqual(await boxOf(articlePath), [a.title, retitled, c.title]);
    });

    test("a Portuguese-only promotion is shown, its impressions and clicks counted, only in pt", async () => {
      const promotion = await new PromotionService(demo.database.db, demo.app.contentEvents).upsertPromotion({
        key: "assine",
        placement: "after-article",
        headline: "Assine a newsletter",
        text: null,
        cta: "Assinar",
        href: "/pt/assine",
        editions: ["pt"],
      });
      const [pt] = inEdition("pt");
      const [en] = inEdition("en");
      assert.ok(pt && en);
      const pageOf = async (article: Article) => {
        const front = parsePage((await demo.app.inject(`/${article.edition}/`)).body);
        const href = [...front.querySelectorAll("main a")]
          .find((link) => link.textContent === article.title)
          ?.getAttribute("href");
        assert.ok(href, `${article.title} is on its front page`);
        return parsePage((await demo.app.inject(href)).body);
      };
      const ptBox = (await pageOf(pt)).querySelector(`aside[data-promotion="${promotion.id}"]`);
      assert.ok(ptBox, "shown in pt");
      assert.equal(ptBox.querySelector("a")?.getAttribute("href"), `/promo/${promotion.id}/click?e=pt`);
      assert.equal((await pageOf(en)).querySelector(`aside[data-promotion="${promotion.id}"]`), null);

      await beacon(`a=${pt.id}&e=pt&r=direct&p=${promotion.id}`);
      await beacon(`a=${pt.id}&e=pt&r=direct&p=${promotion.id},${promotion.id}`);
      await beacon(`a=${en.id}&e=en&r=direct&p=${promotion.id}`);
      const click = await demo.app.inject({
        url: `/promo/${promotion.id}/click?e=pt`,
        headers: { "user-agent": READER_UA },
      });
      assert.equal(click.statusCode, 302);
      assert.equal(click.headers.location, "/pt/assine");
      assert.equal(click.headers["set-cookie"], undefined);
      assert.equal((await demo.app.inject(`/promo/${promotion.id}/click?e=en`)).statusCode, 404);
      await demo.app.audience.counter.flush();
      const counts = await demo.database.db
        .selectFrom("promotionCounts")
        .select(["edition", "impressions", "clicks"])
        .where("promotionId", "=", promotion.id)
        .execute();
      assert.deepEqual(
        counts.map((row) => [row.edition, Number(row.impressions), Number(row.clicks)]),
        [["pt", 2, 1]],
      );
    });

    test("the click-through link redirects only to the promotion's stored address", async () => {
      const stored = await demo.database.db
        .selectFrom("promotions")
        .innerJoin("promotionEditions", "promotionEditions.promotionId", "promotions.id")
        .select(["promotions.id", "promotions.href", "promotionEditions.edition"])
        .executeTakeFirstOrThrow();
      const hostile = [
        `/promo/${stored.id}/click?e=${stored.edition}&to=https%3A%2F%2Fevil.example%2F`,
        `/promo/${stored.id}/click?e=${stored.edition}&url=//evil.example`,
        `/promo/${stored.id}/click`,
        `/promo/https%3A%2F%2Fevil.example/click?e=${stored.edition}`,
        `/promo/0/click?e=${stored.edition}`,
      ];
      for (const url of hostile) {
        const answer = await demo.app.inject(url);
        assert.ok(answer.statusCode >= 400 && answer.statusCode < 500, `${url}: ${answer.statusCode}`);
        assert.equal(answer.headers.location, undefined);
      }
      assert.equal((await demo.app.inject(`/promo/999999/click?e=${stored.edition}`)).statusCode, 404);
      const followed = await demo.app.inject(`/promo/${stored.id}/click?e=${stored.edition}`);
      assert.equal(followed.statusCode, 302);
      assert.equal(followed.headers.location, stored.href);
    });
  });
}
