import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { browserTest, saveScreenshot, watchConsole, withPage } from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";

const [sqlite] = testDatabases();

/** The reference page is made from the OpenAPI document alone: one database says all there is. */
describe("the API reference page in Chromium", () => {
  let demo: DemoApp;
  let origin = "";
  before(async () => {
    assert.ok(sqlite);
    demo = await startDemoApp(sqlite);
    origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
  });
  after(() => demo.close());

  browserTest("renders the operations with no CSP refusal nor script error", async () => {
    await withPage(async (page) => {
      const problems = watchConsole(page, { failedLoads: true });
      const response = await page.goto(`${origin}/api/docs`);
      const policy = (await response?.allHeaders())?.["content-security-policy"] ?? "";
      assert.match(policy, /style-src 'self' 'sha256-/, "the logo's style is allowed by its hash");
      assert.ok(!policy.includes("unsafe-inline"), "no inline style or script is allowed wholesale");
      // Swagger UI draws the document's operations once it has fetched and read it.
      await page.locator("#operations-admin-uploadMedia").waitFor();
      await page.locator("#operations-admin-uploadMedia button").first().click();
      await page.getByText("multipart/form-data").first().waitFor();
      await saveScreenshot(page, "api-docs");
      assert.deepEqual(problems, [], "the page loads with nothing refused");
    });
  });
});
