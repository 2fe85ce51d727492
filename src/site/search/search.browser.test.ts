import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { seriousAxeViolations } from "../../../test/support/axe.ts";
import { browserTest, saveScreenshot, withPage } from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";

const leadTitle =
  loadDemoFixture().articles.find((a) => a.group === "iraq-withdrawal-deal")?.editions.pt?.title ?? "";

for (const database of testDatabases()) {
  describe(`a reader searching in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "types retirada in the Portuguese header's search box, sees the lead story marked, and opens it",
      async () => {
        await withPage(async (page) => {
          await page.goto(`${origin}/pt/`);
          const box = page.getByRole("searchbox", { name: "Buscar" }).first();
          await box.fill("retirada");
          await box.press("Enter");
          await page.waitForURL(/\/pt\/search\?q=retirada$/);
          assert.equal(await page.locator("#search-q").inputValue(), "retirada");
          const result = page.locator(".search-results li").first();
          assert.equal(await result.locator("h2 a").textContent(), leadTitle);
          assert.equal(await result.locator("h2 mark").first().textContent(), "retirada");
          assert.ok((await result.locator("p mark").count()) > 0, "the snippet marks the word too");
          const mark = result.locator("h2 mark").first();
          const background = await mark.evaluate((element) => getComputedStyle(element).backgroundColor);
          assert.notEqual(background, "rgba(0, 0, 0, 0)", "marks are visible");
          const problems = (await seriousAxeViolations(page)).map(
            (v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`,
          );
          assert.deepEqual(problems, [], "no serious or critical axe violations on the results page");
          await page.reload();
          await saveScreenshot(page, `${database.name}-search-pt-1280`);
          await page.setViewportSize({ width: 390, height: 844 });
          await saveScreenshot(page, `${database.name}-search-pt-390`);
          await result.locator("h2 a").click();
          await page.waitForURL(/\/pt\/\d{4}\/\d{2}\/\d{2}\//);
          assert.equal(await page.locator("h1").textContent(), leadTitle);
        });
      },
    );
  });
}
