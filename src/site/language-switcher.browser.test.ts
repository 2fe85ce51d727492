import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { browserTest, saveScreenshot, withPage } from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";

const lead = loadDemoFixture().articles[0];
const titles = { en: lead?.editions.en?.title, pt: lead?.editions.pt?.title, es: lead?.editions.es?.title };

for (const database of testDatabases()) {
  describe(`a reader in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "goes from the front page to the English article, then follows the switcher to Portuguese, Spanish and back",
      async () => {
        await withPage(async (page) => {
          await page.goto(`${origin}/en/`);
          await page
            .locator(".lead")
            .getByRole("link", { name: titles.en ?? "" })
            .click();
          await page.waitForURL(/\/en\/\d{4}\/\d{2}\/\d{2}\//);
          assert.equal(await page.locator("h1").textContent(), titles.en);
          assert.equal(await page.locator("html").getAttribute("lang"), "en-GB");
          const hero = page.locator("figure.hero img");
          assert.ok(
            await hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
            "the hero photo loads",
          );
          await saveScreenshot(page, `${database.name}-article-en-desktop`);

          // The header's switcher names each language in itself, on this page as on every other.
          await page.locator("header nav.edition-switcher").getByRole("link", { name: "Português" }).click();
          await page.waitForURL(/\/pt\/\d{4}\//);
          assert.equal(await page.locator("h1").textContent(), titles.pt);
          assert.equal(await page.locator("html").getAttribute("lang"), "pt-BR");
          assert.equal(await page.locator(".read-callout").last().locator("a").getAttribute("lang"), "en-GB");
          await saveScreenshot(page, `${database.name}-article-pt-desktop`);

          await page.locator("header nav.edition-switcher").getByRole("link", { name: "Español" }).click();
          await page.waitForURL(/\/es\/\d{4}\//);
          assert.equal(await page.locator("h1").textContent(), titles.es);
          await page.setViewportSize({ width: 390, height: 844 });
          await saveScreenshot(page, `${database.name}-article-es-phone`);

          await page.locator("header nav.edition-switcher").getByRole("link", { name: "English" }).click();
          await page.waitForURL(/\/en\/\d{4}\//);
          assert.equal(await page.locator("h1").textContent(), titles.en);
        });
      },
    );
  });
}
