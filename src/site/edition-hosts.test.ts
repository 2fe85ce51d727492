import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";

// Portuguese on its own host, English and Spanish under prefixes of the main host.
const PT_HOST = "pt.tribune.test";

for (const database of testDatabases()) {
  describe(`an edition on its own host (${database.name})`, () => {
    let demo: DemoApp;
    let englishUrl = "";

    before(async () => {
      demo = await startDemoApp(database, { EDITION_PT_HOST: PT_HOST });
      const front = parsePage((await demo.app.inject("/en/")).body);
      englishUrl = front.querySelector(".lead h2 a")?.getAttribute("href") ?? "";
    });
    after(() => demo.close());

    const get = (url: string, host = "tribune.test") => demo.app.inject({ url, headers: { host } });

    test("serves its front page at the root of its host, in Portuguese", async () => {
      const response = await get("/", PT_HOST);
      assert.equal(response.statusCode, 200);
      const document = parsePage(response.body);
      assert.equal(document.documentElement.getAttribute("lang"), "pt-BR");
      assert.equal(document.querySelector("h1")?.textContent, "Últimas notícias");
      assert.match(
        document.querySelector(".lead h2 a")?.getAttribute("href") ?? "",
        /^\/\d{4}\/\d{2}\/\d{2}\/grupos-apoiados/,
      );
    });

    test("links from the main host to the Portuguese article with an absolute URL on its host, and back", async () => {
      const english = parsePage((await get(englishUrl)).body);
      const toPortuguese =
        english.querySelector('nav.edition-switcher a[hreflang="pt"]')?.getAttribute("href") ?? "";
      assert.match(toPortuguese, /^http:\/\/pt\.tribune\.test\/\d{4}\/\d{2}\/\d{2}\/grupos-apoiados/);
      const alternate = english.querySelector('link[hreflang="pt"]')?.getAttribute("href");
      assert.equal(alternate, toPortuguese);

      const url = new URL(toPortuguese);
      const portuguese = await get(url.pathname, url.host);
      assert.equal(portuguese.statusCode, 200);
      const document = parsePage(portuguese.body);
      assert.match(document.querySelector("h1")?.textContent ?? "", /^Grupos apoiados pelo Irã/);
      assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute("href"), toPortuguese);
      const toEnglish = document.querySelector('nav.edition-switcher a[hreflang="en"]')?.getAttribute("href");
      assert.equal(toEnglish, `http://tribune.test${englishUrl}`);
      const tag = document.querySelector("nav.tags a")?.getAttribute("href") ?? "";
      assert.equal((await get(tag, PT_HOST)).statusCode, 200);
    });

    test("no longer answers under the /pt prefix of the main host, and 404s on its host in Portuguese", async () => {
      assert.equal((await get("/pt/")).statusCode, 404);
      const missing = await get("/nada/aqui", PT_HOST);
      assert.equal(missing.statusCode, 404);
      assert.equal(parsePage(missing.body).querySelector("h1")?.textContent, "Página não encontrada");
    });

    test("still serves the other editions under their prefixes", async () => {
      assert.equal((await get("/es/")).statusCode, 200);
      assert.equal((await get(englishUrl)).statusCode, 200);
    });
  });
}
