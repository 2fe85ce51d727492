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
import { createDraft, moveTo } from "../workflow/workflow-test-support.ts";

for (const database of testDatabases()) {
  describe(`the dashboard, the article list and the editor's side panel, in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    const shot = (page: Page, name: string) => saveScreenshot(page, `${database.name}-dashboard-${name}`);
    /** Whether the page scrolls sideways (it must not, on a phone). */
    const overflows = (page: Page) =>
      page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

    browserTest(
      "a contributor sends a draft with a note from the editor; the editor's dashboard counts it, and they publish from the side panel",
      async () => {
        const db = demo.database.db;
        const contributor = await createTestUser(db, "contributor", { name: "Casey Contributor" });
        const editor = await createTestUser(db, "editor", { name: "Eddie Editor" });
        const draft = await createDraft(db, contributor.id, { title: "Habur crossing reopens for trucks" });
        const admin = { id: editor.id, role: "admin" as const, editions: [] };
        await moveTo(
          db,
          admin,
          await createDraft(db, editor.id, { title: "Embargoed budget story" }),
          "scheduled",
        );

        await withPage(async (page, browser) => {
          const problems = watchConsole(page);
          await page.setViewportSize({ width: 1280, height: 900 });
          await signInThroughForm(page, origin, contributor, `/newsroom/articles/${draft.id}/edit`);
          await page.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
          const panel = page.locator(".editor-side .workflow-panel");
          await panel.getByLabel(/Note for the editors/).fill("Second source confirmed by phone.");
          // Typed but not saved: the move saves it first.
          await page.getByLabel("Summary").fill("Trucks cross again after two weeks.");
          await shot(page, "editor-side-panel-desktop");
          await panel.getByRole("button", { name: "Send to review" }).click();
          await page.waitForURL(/\/workflow\?done=submit$/);
          const stored = await db
            .selectFrom("articles")
            .select(["status", "summary"])
            .where("id", "=", draft.id)
            .executeTakeFirstOrThrow();
          assert.deepEqual(stored, { status: "review", summary: "Trucks cross again after two weeks." });

          const desk = await browser.newContext();
          const eddie = await desk.newPage();
          await eddie.setViewportSize({ width: 1280, height: 900 });
          await signInThroughForm(eddie, origin, editor, "/newsroom");
          const count = async (panelName: string) =>
            Number(
              await eddie.locator(`[data-panel="${panelName}"] [data-count]`).getAttribute("data-count"),
            );
          const inReview = await db
            .selectFrom("articles")
            .select("id")
            .where("status", "=", "review")
            .execute();
          const scheduled = await db
            .selectFrom("articles")
            .select("id")
            .where("status", "=", "scheduled")
            .where("publishedAt", ">", new Date().toISOString())
            .execute();
          assert.equal(await count("review"), inReview.length);
          assert.equal(await count("scheduled"), scheduled.length);
          const reviewPanel = eddie.locator('[data-panel="review"]');
          assert.match(
            (await reviewPanel.textContent()) ?? "",
            /Habur crossing reopens for trucks[\s\S]*Casey Contributor:\s*Second source confirmed by phone\./,
          );
          await shot(eddie, "home-desktop");
          await eddie.setViewportSize({ width: 390, height: 844 });
          assert.equal(await overflows(eddie), false, "the dashboard fits a phone");
          await shot(eddie, "home-phone");

          // The article list, filtered to what waits, then the editor's side panel publishes it.
          await eddie.goto(`${origin}/newsroom/articles?status=review`);
          assert.equal(await overflows(eddie), false, "the article list fits a phone");
          await shot(eddie, "articles-phone");
          await eddie.setViewportSize({ width: 1280, height: 900 });
          await shot(eddie, "articles-desktop");
          await eddie.getByRole("link", { name: "Habur crossing reopens for trucks" }).click();
          await eddie.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
          assert.match(
            (await eddie.locator(".editor-side .review-notes").textContent()) ?? "",
            /Second source confirmed by phone\./,
          );
          await eddie
            .locator(".editor-side .workflow-panel")
            .getByRole("button", { name: "Publish now" })
            .click();
          await eddie.waitForURL(/\/edit\?done=publish$/);
          assert.match(
            (await eddie.locator(".notice").first().textContent()) ?? "",
            /Published: readers see it now\./,
          );
          await shot(eddie, "published-from-editor-desktop");
          const published = await db
            .selectFrom("articles")
            .select("status")
            .where("id", "=", draft.id)
            .executeTakeFirstOrThrow();
          assert.equal(published.status, "published");

          // Bulk: unpublish asks first, listing what it will unpublish.
          await eddie.goto(`${origin}/newsroom/articles?q=habur+crossing+trucks`);
          await eddie.getByRole("checkbox", { name: /Select Habur crossing reopens for trucks/ }).check();
          await eddie.getByLabel("With the ticked articles").selectOption("unpublish");
          await eddie.getByRole("button", { name: "Apply" }).click();
          await eddie.getByRole("heading", { name: "Unpublish 1 article?" }).waitFor();
          await shot(eddie, "bulk-confirm-desktop");
          await eddie.getByRole("button", { name: "Yes, unpublish them" }).click();
          await eddie.getByText("1 article unpublished.").waitFor();
          await shot(eddie, "bulk-done-desktop");
          const after = await db
            .selectFrom("articles")
            .select("status")
            .where("id", "=", draft.id)
            .executeTakeFirstOrThrow();
          assert.equal(after.status, "unpublished");
          assert.deepEqual(problems, []);
          await desk.close();
        });
      },
    );
  });
}
