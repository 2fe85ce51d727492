import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";

for (const database of testDatabases()) {
  describe(`the site's root, canonical addresses and descriptions on ${database.name}`, () => {
    let demo: DemoApp;
    let articlePath = "";

    before(async () => {
      demo = await startDemoApp(database);
      const front = parsePage((await demo.app.inject("/en/")).body);
      articlePath = front.querySelector("article.lead a")?.getAttribute("href") ?? "";
      assert.match(articlePath, /^\/en\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+$/);
    });
    after(() => demo.close());

    const get = (url: string, headers: Record<string, string> = {}) => demo.app.inject({ url, headers });

    test("/ sends each browser to the edition its languages prefer, cacheably, naming every edition", async () => {
      for (const [accept, location] of [
        ["pt-BR,pt;q=0.9,en;q=0.8", "/pt/"],
        ["fr-FR, es;q=0.7", "/es/"],
        ["en-US", "/en/"],
        ["de", "/en/"],
        ["", "/en/"],
      ] as const) {
        const response = await get("/", accept ? { "accept-language": accept } : {});
        assert.equal(response.statusCode, 302, accept);
        assert.equal(response.headers.location, location, accept);
        assert.match(String(response.headers.vary), /\bAccept-Language\b/);
        assert.match(String(response.headers["cache-control"]), /^public, max-age=\d+$/);
        const links = [...parsePage(response.body).querySelectorAll("a")].map((a) => [
          a.getAttribute("href"),
          a.getAttribute("hreflang"),
        ]);
        assert.deepEqual(links, [
          ["/en/", "en-GB"],
          ["/pt/", "pt-BR"],
          ["/es/", "es-ES"],
        ]);
      }
    });

    test("a trailing slash on an article or tag address leads to the address without it", async () => {
      for (const [asked, canonical] of [
        [`${articlePath}/`, articlePath],
        ["/en/tag/iraq/", "/en/tag/iraq"],
        ["/pt/tag/iraque//?page=2", "/pt/tag/iraque?page=2"],
        ["/en/search/?q=iraq", "/en/search?q=iraq"],
      ] as const) {
        const response = await get(asked);
        assert.equal(response.statusCode, 301, asked);
        assert.equal(response.headers.location, canonical, asked);
      }
      assert.equal((await get(articlePath)).statusCode, 200);
      // The date archives' own addresses end with a slash; unknown ones stay unknown.
      const month = articlePath.split("/").slice(0, 4).join("/");
      assert.equal((await get(`${month}/`)).statusCode, 200);
      // One segment may be a page's address (/en/about-us): its slash goes, and the page is missing.
      assert.equal((await get("/en/no-such-page/")).headers.location, "/en/no-such-page");
      assert.equal((await get("/en/no-such-page")).statusCode, 404);
      assert.equal((await get("/en/no/such-page/")).statusCode, 404);
      assert.equal((await get("/en//evil.example/")).statusCode, 404);
    });

    test("every page's footer links every edition's front, the page's feeds and a copyright line", async () => {
      const tag = parsePage((await get("/pt/tag/iraque")).body);
      const footer = tag.querySelector("footer.site-footer");
      assert.ok(footer);
      assert.deepEqual(
        [...footer.querySelectorAll("nav a[hreflang]")].map((a) => [
          a.getAttribute("href"),
          a.getAttribute("hreflang"),
          a.getAttribute("aria-current"),
        ]),
        [
          ["/en/", "en-GB", null],
          ["/pt/", "pt-BR", "page"],
          ["/es/", "es-ES", null],
        ],
      );
      const feeds = [...footer.querySelectorAll(".footer-feeds a")].map((a) => a.getAttribute("href"));
      assert.deepEqual(feeds, [
        "http://tribune.test/pt/tag/iraque/feed.xml",
        "http://tribune.test/pt/tag/iraque/atom.xml",
        "http://tribune.test/pt/feed.xml",
        "http://tribune.test/pt/atom.xml",
      ]);
      assert.match(
        footer.querySelector(".copyright")?.textContent ?? "",
        new RegExp(`^© ${new Date().getUTCFullYear()} `),
      );
      const article = parsePage((await get(articlePath)).body);
      assert.equal(
        article.querySelectorAll("footer.site-footer nav a[hreflang]").length,
        3,
        "on articles too",
      );
    });

    test("every page type has a description in its edition's language", async () => {
      const month = articlePath.split("/").slice(0, 4).join("/");
      const day = articlePath.split("/").slice(0, 5).join("/");
      const descriptions = new Map<string, string>();
      for (const url of [
        "/en/",
        "/pt/",
        articlePath,
        "/en/tag/iraq",
        "/pt/tag/iraque",
        "/en/author/tribune-newsroom",
        `${month}/`,
        `${day}/`,
        "/en/search?q=iraq",
        `${articlePath}/comments`,
      ]) {
        const response = await get(url);
        assert.equal(response.statusCode, 200, url);
        const content = parsePage(response.body)
          .querySelector('meta[name="description"]')
          ?.getAttribute("content");
        assert.ok(content && content.length >= 10 && content.length <= 160, `${url}: ${content}`);
        descriptions.set(url, content);
      }
      assert.match(descriptions.get("/pt/") ?? "", /em português/);
      assert.match(descriptions.get("/en/tag/iraq") ?? "", /^Iraq: /);
      assert.match(descriptions.get("/en/author/tribune-newsroom") ?? "", /^Reporting by Tribune's newsroom/);
    });
  });
}
