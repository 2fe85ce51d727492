import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { browserTest, saveScreenshot, signInThroughForm, withPage } from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";

for (const database of testDatabases()) {
  describe(`the workflow panel in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest("an editor on a phone is asked before unpublishing, then told how to undo it", async () => {
      const editor = await createTestUser(demo.database.db, "editor");
      const article = await demo.database.db
        .selectFrom("articles")
        .select(["id", "title"])
        .where("status", "=", "published")
        .where("edition", "=", "en")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      await withPage(async (page) => {
        await page.setViewportSize({ width: 390, height: 844 });
        await signInThroughForm(page, origin, editor, `/newsroom/articles/${article.id}/workflow`);
        await page.getByRole("button", { name: "Unpublish" }).click();
        await page.waitForURL(new RegExp(`/articles/${article.id}/workflow/unpublish\\??$`));
        assert.equal(await page.locator("h1").textContent(), "Unpublish this article?");
        assert.match(
          (await page.locator("main").textContent()) ?? "",
          new RegExp(article.title.slice(0, 30)),
        );
        await saveScreenshot(page, `${database.name}-workflow-confirm-unpublish`);
        // Cancel changes nothing.
        await page.getByRole("link", { name: "Cancel" }).click();
        await page.waitForURL(new RegExp(`/articles/${article.id}/workflow$`));
        assert.equal(await page.locator("[data-status]").textContent(), "Published");
        await page.getByRole("button", { name: "Unpublish" }).click();
        await page.getByRole("button", { name: "Yes, unpublish" }).click();
        await page.waitForURL(/done=unpublish$/);
        assert.match((await page.locator("main").textContent()) ?? "", /To undo it, publish it again below/);
        assert.equal(await page.locator("[data-status]").textContent(), "Unpublished");
        await saveScreenshot(page, `${database.name}-workflow-unpublished`);
      });
    });
  });
}
