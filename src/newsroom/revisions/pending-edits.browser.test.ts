import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Page } from "playwright-core";
import {
  browserTest,
  saveScreenshot,
  signInThroughForm,
  watchConsole,
  withPage,
} from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import { readerPath } from "../workflow/workflow-test-support.ts";

for (const database of testDatabases()) {
  describe(`a translator's edit to a live translation, in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest("waits for an editor, who compares it with the published text and applies it", async () => {
      const db = demo.database.db;
      const translator = await createTestUser(db, "translator", {
        name: "Tânia Tradutora",
        editions: ["pt"],
      });
      const editor = await createTestUser(db, "editor", { name: "Eddie Editor" });
      const live = await db
        .selectFrom("articles")
        .selectAll()
        .where("edition", "=", "pt")
        .where("status", "=", "published")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      const edition = demo.config.editions.find((candidate) => candidate.code === "pt");
      assert.ok(edition);
      const readerUrl = `${origin}${readerPath(demo.config.publicUrl, edition, live)}`;
      const marker = "Correção proposta pela tradutora";
      const shot = (page: Page, name: string) =>
        saveScreenshot(page, `${database.name}-pending-edit-${name}`);

      await withPage(async (page, browser) => {
        page.setDefaultTimeout(8_000);
        const problems = watchConsole(page);
        await page.setViewportSize({ width: 1280, height: 900 });
        await signInThroughForm(page, origin, translator, `/newsroom/articles/${live.id}/edit`);
        await page.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
        await page.locator("[data-approval-notice]").waitFor();
        assert.match(
          (await page.locator("[data-approval-notice]").textContent()) ?? "",
          /wait for an editor/,
        );
        const body = page.locator(".ed-prose");
        await body.locator("p").first().click();
        await page.keyboard.press("Home");
        await page.keyboard.type(`${marker}. `);
        await page.getByRole("button", { name: "Save for approval" }).click();
        await page.locator("[data-save-status]", { hasText: "for an editor's approval" }).waitFor();
        await shot(page, "translator-saved-desktop");

        // Readers still see the published text.
        const reader = await browser.newPage();
        await reader.goto(readerUrl);
        assert.doesNotMatch((await reader.locator("article").textContent()) ?? "", new RegExp(marker));

        // The translator comes back to their own text, told it waits.
        await page.reload();
        await page.locator("[data-approval-notice]", { hasText: "waiting for an editor" }).waitFor();
        assert.match((await page.locator(".ed-prose").textContent()) ?? "", new RegExp(marker));

        // An editor, in another browser, finds it in the review queue and applies it.
        const desk = await browser.newContext();
        const editorPage = await desk.newPage();
        editorPage.setDefaultTimeout(8_000);
        await signInThroughForm(editorPage, origin, editor, "/newsroom/review");
        await editorPage.setViewportSize({ width: 390, height: 844 });
        await shot(editorPage, "review-queue-phone");
        await editorPage.setViewportSize({ width: 1280, height: 900 });
        await shot(editorPage, "review-queue-desktop");
        await editorPage
          .getByRole("link", { name: /^Review the edit of/ })
          .first()
          .click();
        await editorPage.waitForURL(/\/pending\/\d+$/);
        assert.match((await editorPage.locator("main").textContent()) ?? "", /By Tânia Tradutora/);
        assert.match(
          (await editorPage.locator('[data-field="body"] ins').first().textContent()) ?? "",
          /Correção/,
        );
        await shot(editorPage, "review-desktop");
        await editorPage.setViewportSize({ width: 390, height: 844 });
        await shot(editorPage, "review-phone");
        await editorPage.getByRole("button", { name: "Apply: readers see it at once" }).click();
        await editorPage.waitForURL(/revisions\?done=applied/);
        assert.match((await editorPage.locator(".notice").textContent()) ?? "", /readers see it now/);
        await shot(editorPage, "applied-phone");

        await reader.reload();
        assert.match((await reader.locator("article").textContent()) ?? "", new RegExp(marker));
        assert.deepEqual(problems, []);
        await desk.close();
      });
    });
  });
}
