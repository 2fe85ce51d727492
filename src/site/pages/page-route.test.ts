import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import type { Actor } from "../../accounts/authorization/policy.ts";
import { cacheKeyOf } from "../../cache/cached-response.ts";
import type { PageCache } from "../../cache/page-cache.ts";
import type { PageFields } from "../../pages/page.ts";
import { PageManager } from "../../pages/page-manager.ts";
import { PageService } from "../../pages/page-service.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";

const HOST = "localhost:80";

for (const database of testDatabases()) {
  describe(`pages at /{edition}/{slug} on ${database.name}`, () => {
    let demo: DemoApp;
    let cache: PageCache;
    let manager: PageManager;
    let editor: Actor;

    before(async () => {
      // With the page cache on: an edit must purge exactly what shows the page.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "16" });
      assert.ok(demo.app.pageCache);
      cache = demo.app.pageCache;
      manager = new PageManager(demo.database.db, demo.app.contentEvents);
      editor = { ...(await createTestUser(demo.database.db, "editor")), editions: [] };
    });
    after(() => demo.close());

    const get = async (url: string) => {
      const response = await demo.app.inject(url);
      return { response, document: parsePage(response.body) };
    };
    const cached = (url: string) => cache.peek(cacheKeyOf(HOST, url)) !== undefined;
    const pageId = async (edition: string, slug: string) =>
      (await new PageService(demo.database.db).publishedBySlug(edition, slug))?.id ?? 0;
    const fields = (overrides: Partial<PageFields>): PageFields => ({
      title: "Corrections policy",
      slug: "",
      body: bodyFromParagraphs(["When we get something wrong, we say so at the foot of the story."]),
      metaDescription: null,
      inFooter: false,
      footerPosition: 5,
      ...overrides,
    });

    test("the demo's about page answers in English with its body, description, canonical URL and WebPage", async () => {
      const { response, document } = await get("/en/about-us");
      assert.equal(response.statusCode, 200);
      assert.equal(document.querySelector("main h1")?.textContent, "About us");
      assert.match(
        document.querySelector("main .body p")?.textContent ?? "",
        /^Tribune is an independent newsroom/,
      );
      assert.equal(
        document.querySelector('link[rel="canonical"]')?.getAttribute("href"),
        "http://tribune.test/en/about-us",
      );
      assert.match(
        document.querySelector('meta[name="description"]')?.getAttribute("content") ?? "",
        /^Tribune is an independent/,
      );
      const jsonLd = JSON.parse(
        document.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}",
      );
      assert.equal(jsonLd["@type"], "WebPage");
      assert.equal(jsonLd.url, "http://tribune.test/en/about-us");
      assert.equal(document.documentElement.getAttribute("lang"), "en-GB");
      assert.equal(
        document.querySelectorAll("script:not([type='application/ld+json'])").length,
        0,
        "no script",
      );
    });

    test("links its translations: hreflang alternates with x-default, and the header's switcher", async () => {
      const { document } = await get("/en/about-us");
      const alternates = Object.fromEntries(
        [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((link) => [
          link.getAttribute("hreflang"),
          link.getAttribute("href"),
        ]),
      );
      assert.deepEqual(alternates, {
        en: "http://tribune.test/en/about-us",
        pt: "http://tribune.test/pt/quem-somos",
        es: "http://tribune.test/es/quienes-somos",
        "x-default": "http://tribune.test/en/about-us",
      });
      const switcher = document.querySelector("header nav.edition-switcher");
      assert.equal(switcher?.getAttribute("aria-label"), "Languages");
      const pt = switcher?.querySelector('a[hreflang="pt"]');
      assert.equal(pt?.getAttribute("href"), "/pt/quem-somos");
      assert.equal(pt?.textContent, "Português");
      const portuguese = await get("/pt/quem-somos");
      assert.equal(portuguese.response.statusCode, 200);
      assert.equal(portuguese.document.querySelector("main h1")?.textContent, "Quem somos");
      assert.equal(
        portuguese.document
          .querySelector('header nav.edition-switcher a[hreflang="es"]')
          ?.getAttribute("href"),
        "/es/quienes-somos",
      );
    });

    test("every page type's footer lists the edition's pages, in order, in its language", async () => {
      for (const url of [
        "/en/",
        "/en/about-us",
        "/en/search?q=iraq",
        "/en/author/tribune-newsroom",
        "/en/nowhere-at-all",
      ]) {
        const { document } = await get(url);
        const links = [...document.querySelectorAll(".site-footer .footer-pages a")].map((a) => [
          a.textContent,
          a.getAttribute("href"),
        ]);
        assert.deepEqual(
          links,
          [
            ["About us", "/en/about-us"],
            ["Privacy", "/en/privacy"],
          ],
          url,
        );
      }
      const { document } = await get("/es/");
      assert.deepEqual(
        [...document.querySelectorAll(".site-footer .footer-pages a")].map((a) => a.textContent),
        ["Quiénes somos", "Privacidad"],
      );
    });

    test("carries its own surrogate keys, the group's, the footer's and the site's", async () => {
      const id = await pageId("en", "about-us");
      const { response } = await get("/en/about-us");
      const keys = String(response.headers["surrogate-key"] ?? "").split(" ");
      assert.ok(keys.includes(`page:${id}`), keys.join(" "));
      assert.ok(
        keys.some((key) => /^pagegroup:\d+$/.test(key)),
        keys.join(" "),
      );
      assert.ok(keys.includes("footer:en"));
      assert.ok(keys.includes("site"));
      const front = await get("/en/");
      assert.ok(String(front.response.headers["surrogate-key"]).split(" ").includes("footer:en"));
    });

    test("a draft is the edition's 404; publishing it purges that cached 404", async () => {
      const draft = await manager.create(editor, "en", fields({}));
      assert.equal((await get("/en/corrections-policy")).response.statusCode, 404);
      assert.ok(cached("/en/corrections-policy"), "the 404 is cached");
      await manager.publish(editor, draft.id);
      assert.ok(!cached("/en/corrections-policy"));
      const published = await get("/en/corrections-policy");
      assert.equal(published.response.statusCode, 200);
      await manager.unpublish(editor, draft.id);
      assert.equal((await get("/en/corrections-policy")).response.statusCode, 404);
    });

    test("a trailing slash redirects (301) to the page's address; the site's other routes keep theirs", async () => {
      const slash = await demo.app.inject("/en/about-us/");
      assert.equal(slash.statusCode, 301);
      assert.equal(slash.headers.location, "/en/about-us");
      assert.equal((await demo.app.inject("/en/search?q=iraq")).statusCode, 200);
      assert.equal((await demo.app.inject("/en/feed.xml")).statusCode, 200);
      assert.equal((await demo.app.inject("/en/author/tribune-newsroom")).statusCode, 200);
      assert.equal((await demo.app.inject("/en/tag/iraq")).statusCode, 200);
    });

    test("an address that cannot be a page answers 404, never a 500", async () => {
      for (const url of ["/en/About-Us", "/en/about--us", "/en/%E0%A4%A", "/en/about-us%00", "/en/a_b"]) {
        const response = await demo.app.inject(url);
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${url}: ${response.statusCode}`);
      }
    });

    test("an edit purges the page and its translations; a footer change purges the edition's pages only", async () => {
      const id = await pageId("en", "privacy");
      const urls = ["/en/privacy", "/pt/privacidade", "/en/", "/en/about-us", "/pt/", "/es/quienes-somos"];
      for (const url of urls) await get(url);
      for (const url of urls) assert.ok(cached(url), `${url} cached`);
      const page = await new PageService(demo.database.db).get(id);
      // The body only: the footer (title, slug, place) does not change.
      await manager.update(editor, id, {
        ...page,
        slug: page.slug,
        body: bodyFromParagraphs(["We set no tracking cookies, and we never sell what we know of you."]),
      });
      assert.ok(!cached("/en/privacy"));
      assert.ok(!cached("/pt/privacidade"), "its translation's language links may change");
      for (const url of ["/en/", "/en/about-us", "/pt/", "/es/quienes-somos"])
        assert.ok(cached(url), `${url} kept`);
      assert.match(
        (await get("/en/privacy")).document.querySelector("main .body")?.textContent ?? "",
        /never sell/,
      );

      await get("/en/privacy");
      await manager.update(editor, id, { ...page, title: "Your privacy", slug: page.slug });
      for (const url of ["/en/", "/en/about-us", "/en/privacy"]) assert.ok(!cached(url), `${url} purged`);
      for (const url of ["/pt/", "/es/quienes-somos"]) assert.ok(cached(url), `${url} kept`);
      const front = await get("/en/");
      assert.ok(
        [...front.document.querySelectorAll(".site-footer .footer-pages a")].some(
          (a) => a.textContent === "Your privacy",
        ),
      );
    });

    test("lists published pages in a pages sitemap per edition, with their translations as alternates", async () => {
      const index = await demo.app.inject("/sitemap.xml");
      assert.match(index.body, /<loc>http:\/\/tribune\.test\/sitemaps\/pages-en\.xml<\/loc>/);
      assert.match(index.body, /<loc>http:\/\/tribune\.test\/sitemaps\/pages-pt\.xml<\/loc>/);
      const pt = await demo.app.inject("/sitemaps/pages-pt.xml");
      assert.equal(pt.statusCode, 200);
      assert.match(pt.body, /<loc>http:\/\/tribune\.test\/pt\/quem-somos<\/loc>/);
      assert.match(
        pt.body,
        /<xhtml:link rel="alternate" hreflang="en" href="http:\/\/tribune\.test\/en\/about-us"\/>/,
      );
      assert.match(pt.body, /hreflang="x-default" href="http:\/\/tribune\.test\/en\/about-us"/);
      assert.doesNotMatch(pt.body, /corrections-policy/, "no draft");
      assert.ok(String(pt.headers["surrogate-key"]).split(" ").includes("sitemap:pt:pages"));
      assert.equal((await demo.app.inject("/sitemaps/pages-xx.xml")).statusCode, 404);
    });
  });
}
