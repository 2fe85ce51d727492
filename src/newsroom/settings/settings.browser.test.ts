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
import { createDraft } from "../workflow/workflow-test-support.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Screenshots at both widths, and a check that nothing is wider than the phone. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a phone`);
  await saveScreenshot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
  await saveScreenshot(page, `${name}-desktop`);
}

for (const database of testDatabases()) {
  describe(`the settings page in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "an admin renames the site, moves the Portuguese edition to Lisbon time and picks a logo; readers and the scheduling form follow at once",
      async () => {
        const admin = await createTestUser(demo.database.db, "admin");
        const draft = await createDraft(demo.database.db, admin.id, {
          edition: "pt",
          title: "Rascunho de teste",
        });
        await withPage(async (page) => {
          const problems = watchConsole(page, { failedLoads: true });
          await page.setViewportSize(DESKTOP);
          // The reader front page is in the server's page cache when the settings change. (Not
          // opened in this browser first: its own HTTP cache would keep it a minute, max-age=60.)
          for (let i = 0; i < 2; i += 1) await fetch(`${origin}/en/`);
          assert.ok((demo.app.pageCache?.stats.hits ?? 0) > 0, "served from the page cache");

          await signInThroughForm(page, origin, admin, "/newsroom/settings");
          await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
          await shoot(page, `${database.name}-settings`);

          await page.getByLabel("Site name").fill("The Morning Tribune");
          await page.locator('#general input[name="logo"]:not([value=""])').first().check();
          await page.getByRole("button", { name: "Save general settings" }).click();
          await page
            .getByRole("status")
            .filter({ hasText: "The general settings have been saved" })
            .waitFor();
          assert.equal(await page.locator(".nr-brand").textContent(), "The Morning Tribune Newsroom");

          await page.locator("#edition-pt").getByLabel("Time zone").fill("Europe/Lisbon");
          await page.getByRole("button", { name: "Save the PT edition" }).click();
          await page
            .getByRole("status")
            .filter({ hasText: "The edition's settings have been saved" })
            .waitFor();
          assert.equal(await page.locator("#edition-pt input[name=timeZone]").inputValue(), "Europe/Lisbon");

          // The scheduling field of a Portuguese article reads times in the new zone.
          await page.goto(`${origin}/newsroom/articles/${draft.id}/workflow`);
          await page.getByText("Publish at (time in Europe/Lisbon, the pt edition's)").waitFor();

          // Without the newsroom session, as a reader: the page cache the change emptied.
          await page.context().clearCookies();
          await page.goto(`${origin}/en/`);
          const logo = page.locator("header .brand img.brand-logo");
          assert.equal(await logo.getAttribute("alt"), "The Morning Tribune");
          await logo.evaluate((image: HTMLImageElement) =>
            image.complete ? undefined : new Promise((resolve) => image.addEventListener("load", resolve)),
          );
          const box = await logo.boundingBox();
          assert.ok(box && box.height > 20 && box.height <= 48, `the logo is small: ${JSON.stringify(box)}`);
          assert.match(await page.title(), /The Morning Tribune/);
          await saveScreenshot(page, `${database.name}-reader-header-logo-desktop`);
          await page.setViewportSize(PHONE);
          await saveScreenshot(page, `${database.name}-reader-header-logo-phone`);
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 60_000 },
    );
  });
}
