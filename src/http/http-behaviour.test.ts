import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { ArticleService } from "../articles/article-service.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";
import { stylesheetPath } from "../site/site-pages.tsx";
import { CompressionPolicy, negotiateEncoding } from "./compression.ts";
import { isNotModified } from "./conditional-get.ts";

const fixture = loadDemoFixture();
const lead = fixture.articles[0];
const PAGE_CACHE = "public, max-age=60, s-maxage=300, stale-while-revalidate=30";

describe("content negotiation and validators", () => {
  test("prefers brotli, honours q-values and refuses codings given q=0", () => {
    assert.equal(negotiateEncoding("gzip, deflate, br"), "br");
    assert.equal(negotiateEncoding("gzip"), "gzip");
    assert.equal(negotiateEncoding("br;q=0.5, gzip"), "gzip");
    assert.equal(negotiateEncoding("br;q=0, gzip;q=0"), undefined);
    assert.equal(negotiateEncoding("*"), "br");
    assert.equal(negotiateEncoding("identity"), undefined);
    assert.equal(negotiateEncoding(undefined), undefined);
  });

  test("compresses text over the threshold only", () => {
    const policy = new CompressionPolicy();
    assert.equal(policy.encodingFor("br", "text/html; charset=utf-8", 2000), "br");
    assert.equal(policy.encodingFor("br", "text/html; charset=utf-8", 500), undefined);
    assert.equal(policy.encodingFor("gzip", "application/rss+xml", 5000), "gzip");
    assert.equal(policy.encodingFor("br", "image/jpeg", 50_000), undefined);
    assert.throws(() => new CompressionPolicy({ brotliQuality: 12 }), /brotliQuality must be an integer/);
  });

  test("If-None-Match decides over If-Modified-Since, comparing weakly", () => {
    const modified = "Wed, 01 Jan 2025 10:00:00 GMT";
    assert.equal(isNotModified('W/"abc", "def"', undefined, '"def"', undefined), true);
    assert.equal(isNotModified('"abc"', modified, '"def"', modified), false);
    assert.equal(isNotModified(undefined, modified, '"def"', modified), true);
    assert.equal(isNotModified(undefined, "Wed, 01 Jan 2025 09:59:59 GMT", '"def"', modified), false);
    assert.equal(isNotModified(undefined, "not a date", '"def"', modified), false);
  });
});

for (const database of testDatabases()) {
  describe(`HTTP behaviour on ${database.name}`, () => {
    let demo: DemoApp;
    const urls = new Map<string, string>();

    before(async () => {
      demo = await startDemoApp(database);
      for (const lang of ["en", "pt", "es"]) {
        const front = parsePage((await demo.app.inject(`/${lang}/`)).body);
        const title = lead?.editions[lang]?.title;
        const link = [...front.querySelectorAll("main a")].find((a) => a.textContent === title);
        assert.ok(link, `the ${lang} front page links to "${title}"`);
        urls.set(lang, link.getAttribute("href") ?? "");
      }
    });
    after(() => demo.close());

    const get = (url: string, headers: Record<string, string> = {}) => demo.app.inject({ url, headers });
    const articleId = async (lang: string) =>
      (
        await demo.database.db
          .selectFrom("articles")
          .select("id")
          .where("edition", "=", lang)
          .where("title", "=", lead?.editions[lang]?.title ?? "")
          .executeTakeFirstOrThrow()
      ).id;

    test("an article page carries a strong ETag and its Last-Modified, and answers 304 to either", async () => {
      const url = urls.get("en") ?? "";
      const first = await get(url);
      assert.equal(first.statusCode, 200);
      const etag = String(first.headers.etag);
      assert.match(etag, /^"[A-Za-z0-9_-]+"$/, "strong");
      const lastModified = String(first.headers["last-modified"]);
      assert.match(lastModified, /GMT$/);

      const byTag = await get(url, { "if-none-match": etag });
      assert.equal(byTag.statusCode, 304);
      assert.equal(byTag.body, "");
      assert.equal(byTag.headers.etag, etag);
      assert.equal(byTag.headers["cache-control"], PAGE_CACHE);
      assert.equal(byTag.headers["content-type"], undefined);

      const head = await demo.app.inject({ method: "HEAD", url, headers: { "if-none-match": etag } });
      assert.equal(head.statusCode, 304);
      assert.equal(head.headers["content-length"], undefined);

      const byDate = await get(url, { "if-modified-since": lastModified });
      assert.equal(byDate.statusCode, 304);
      const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
      assert.equal((await get(url, { "if-modified-since": earlier })).statusCode, 200);
      assert.equal((await get(url, { "if-none-match": '"something-else"' })).statusCode, 200);
      // A tag that does not match wins over a date that would.
      const both = await get(url, { "if-none-match": '"stale"', "if-modified-since": lastModified });
      assert.equal(both.statusCode, 200);
    });

    test("a front page has an ETag but no Last-Modified", async () => {
      const first = await get("/pt/");
      assert.equal(first.headers["last-modified"], undefined);
      const again = await get("/pt/", { "if-none-match": String(first.headers.etag) });
      assert.equal(again.statusCode, 304);
    });

    test("gzip and brotli bodies decode to the same HTML, each with its own ETag and Vary", async () => {
      const url = urls.get("pt") ?? "";
      const plain = await get(url);
      assert.ok(plain.rawPayload.length > 1024);
      assert.equal(plain.headers["content-encoding"], undefined);
      assert.equal(plain.headers.vary, "Accept-Encoding");

      const gz = await get(url, { "accept-encoding": "gzip" });
      assert.equal(gz.headers["content-encoding"], "gzip");
      assert.equal(gz.headers.vary, "Accept-Encoding");
      assert.equal(gunzipSync(gz.rawPayload).toString("utf8"), plain.body);
      assert.equal(Number(gz.headers["content-length"]), gz.rawPayload.length);

      const br = await get(url, { "accept-encoding": "gzip, deflate, br" });
      assert.equal(br.headers["content-encoding"], "br");
      assert.equal(br.headers.vary, "Accept-Encoding");
      assert.equal(brotliDecompressSync(br.rawPayload).toString("utf8"), plain.body);
      assert.ok(br.rawPayload.length < plain.rawPayload.length / 2);

      const tags = new Set([plain.headers.etag, gz.headers.etag, br.headers.etag]);
      assert.equal(tags.size, 3, "one strong tag per coding");
      const revalidated = await get(url, {
        "accept-encoding": "br",
        "if-none-match": String(br.headers.etag),
      });
      assert.equal(revalidated.statusCode, 304);
      assert.equal(revalidated.headers.etag, br.headers.etag);
      assert.equal(revalidated.headers.vary, "Accept-Encoding");
    });

    test("small bodies, images and errors are not compressed", async () => {
      const health = await get("/healthz", { "accept-encoding": "br" });
      assert.equal(health.headers["content-encoding"], undefined);
      const front = parsePage((await get(urls.get("en") ?? "")).body);
      const image = front.querySelector("figure.hero img")?.getAttribute("src") ?? "";
      const photo = await get(image, { "accept-encoding": "br" });
      assert.equal(photo.statusCode, 200);
      assert.equal(photo.headers["content-encoding"], undefined);
      assert.equal(photo.headers["cache-control"], "public, max-age=31536000, immutable");
    });

    test("Cache-Control lets a cache in front keep pages, hashed assets for good, and errors briefly", async () => {
      assert.equal((await get(urls.get("es") ?? "")).headers["cache-control"], PAGE_CACHE);
      assert.equal((await get("/es/")).headers["cache-control"], PAGE_CACHE);
      const css = await get(stylesheetPath, { "accept-encoding": "br" });
      assert.equal(css.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.equal(css.headers["content-encoding"], "br");
      const missing = await get("/es/2020/01/01/no-such-story");
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.headers["cache-control"], "public, max-age=30, s-maxage=60");
      assert.equal(missing.headers.etag, undefined);
    });

    test("an unpublished article answers 410 in its own language", async () => {
      const url = urls.get("pt") ?? "";
      await new ArticleService(demo.database.db).unpublishArticle(await articleId("pt"));
      const response = await get(url);
      assert.equal(response.statusCode, 410);
      assert.equal(response.headers["cache-control"], "public, max-age=30, s-maxage=60");
      const document = parsePage(response.body);
      assert.equal(document.documentElement.getAttribute("lang"), "pt-BR");
      assert.equal(document.querySelector("h1")?.textContent, "Esta reportagem não está mais disponível");
      assert.equal(document.querySelector('meta[name="robots"]')?.getAttribute("content"), "noindex");
    });

    test("old slugs redirect permanently to the current URL, even after two renames", async () => {
      const articles = new ArticleService(demo.database.db);
      const id = await articleId("en");
      const first = urls.get("en") ?? "";
      await articles.updateArticle(id, { slug: "iran-backed-groups-offer-truce" });
      const second = first.replace(/[^/]+$/, "iran-backed-groups-offer-truce");
      await articles.updateArticle(id, { slug: "iran-backed-groups-offer-a-truce" });
      const current = `http://tribune.test${first.replace(/[^/]+$/, "iran-backed-groups-offer-a-truce")}`;

      for (const old of [first, second]) {
        const response = await get(old);
        assert.equal(response.statusCode, 301, old);
        assert.equal(response.headers.location, current);
      }
      const page = await get(new URL(current).pathname);
      assert.equal(page.statusCode, 200);
      const canonical = parsePage(page.body).querySelector('link[rel="canonical"]')?.getAttribute("href");
      assert.equal(canonical, current);
    });

    test("an unknown slug is still not found", async () => {
      const response = await get("/en/2024/05/06/never-existed");
      assert.equal(response.statusCode, 404);
      assert.equal(parsePage(response.body).querySelector("h1")?.textContent, "Page not found");
    });
  });
}
