import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe } from "node:test";
import type { Page } from "playwright-core";
import {
  browserTest,
  saveScreenshot,
  screenshotDir,
  signInThroughForm,
  watchConsole,
  withPage,
} from "../../../test/support/browser.ts";
import { freePort } from "../../../test/support/cli.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";
import { isoToZonedLocal } from "../../shared/time-zone.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const HOUR = 3_600_000;
const fixture = loadDemoFixture();
/** The form's times are read in the default edition's zone: the demo's is English, London's. */
const londonTime = (offsetMs: number) =>
  isoToZonedLocal(new Date(Date.now() + offsetMs).toISOString(), "Europe/London");

/** The page at a phone's width (nothing wider than the screen) and at a desktop's, saved as PNGs. */
async function screenshotsOf(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  const { overflow, culprits } = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    // What sticks out, to say which element to fix when this fails.
    culprits: [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
  }));
  assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a phone: ${culprits.join(", ")}`);
  await saveScreenshot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
  await saveScreenshot(page, `${name}-desktop`);
}

for (const database of testDatabases()) {
  describe(`the promotions manager in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      demo = await startDemoApp(database, { PUBLIC_URL: origin, PAGE_CACHE_MB: "16" });
      await demo.app.listen({ host: "127.0.0.1", port });
    });
    after(() => demo.close());

    /** Opens the lead story's article in an edition; the promotion's headline there, or null. */
    async function promotionOnLeadPage(page: Page, edition: string): Promise<string | null> {
      await page.goto(`${origin}/${edition}/`);
      await page.locator("main h2 a, main h3 a").first().click();
      await page.locator("article h1, main h1").first().waitFor();
      const box = page.locator("aside.promotion .promotion-headline");
      return (await box.count()) > 0 ? await box.textContent() : null;
    }

    browserTest(
      "an editor limits the demo promotion to Portuguese between two dates: it shows only there, then nowhere once its window is ahead",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor");
        await withPage(async (page) => {
          const problems = watchConsole(page);
          // Reader pages may stay a minute in a browser's cache (max-age=60): this reader looks
          // afresh each time, so what it sees is what the server (and its page cache) answers now.
          // (Playwright's request routing turns the browser's HTTP cache off.)
          await page.route("**/*", (route) => route.continue());
          await page.setViewportSize(DESKTOP);
          await signInThroughForm(page, origin, editor, "/newsroom/promotions");
          await page.getByRole("heading", { name: "Promotions", level: 1 }).waitFor();
          await screenshotsOf(page, `${database.name}-promotions`);

          await page.getByRole("link", { name: fixture.promotion.headline }).click();
          await page.getByRole("heading", { name: fixture.promotion.headline, level: 1 }).waitFor();
          await page.getByLabel("en", { exact: true }).uncheck();
          await page.getByLabel("pt", { exact: true }).check();
          await page.getByLabel(/^Starts/).fill(londonTime(-HOUR));
          await page.getByLabel(/^Ends/).fill(londonTime(7 * 24 * HOUR));
          // The picture, found in the media library by a word of its file name.
          await page.getByLabel("Find pictures").fill("kirkuk");
          await page.getByRole("button", { name: "Search" }).click();
          await page.getByLabel("Picture from the media library").selectOption({ index: 1 });
          await page.getByLabel(/^Text/).fill("Dez anos do Prémio do Livro da Palestina");
          await page.getByRole("button", { name: "Save", exact: true }).click();
          await page.getByRole("status").filter({ hasText: "The promotion has been saved" }).waitFor();
          await screenshotsOf(page, `${database.name}-promotion-form`);

          assert.equal(await promotionOnLeadPage(page, "pt"), fixture.promotion.headline);
          await page.locator("aside.promotion img").waitFor();
          await page.locator("aside.promotion").scrollIntoViewIfNeeded();
          await screenshotsOf(page, `${database.name}-promotion-reader-pt`);
          // The box itself, close up, at both widths (the full pages are long).
          for (const [width, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
            await page.setViewportSize(viewport);
            await page
              .locator("aside.promotion")
              .screenshot({ path: path.join(screenshotDir, `${database.name}-promotion-box-${width}.png`) });
          }
          assert.equal(await promotionOnLeadPage(page, "en"), null, "not in English");
          assert.equal(await promotionOnLeadPage(page, "es"), null, "not in Spanish");

          // A window that has not begun: it shows nowhere, and the list says it is scheduled.
          await page.goto(`${origin}/newsroom/promotions`);
          await page.getByRole("link", { name: fixture.promotion.headline }).click();
          await page.getByLabel(/^Starts/).fill(londonTime(24 * HOUR));
          await page.getByRole("button", { name: "Save", exact: true }).click();
          await page.getByRole("status").filter({ hasText: "The promotion has been saved" }).waitFor();
          for (const edition of ["pt", "en", "es"]) {
            assert.equal(await promotionOnLeadPage(page, edition), null, edition);
          }
          await page.goto(`${origin}/newsroom/promotions`);
          assert.equal(await page.locator("tbody tr .status").first().textContent(), "Scheduled");

          // Deleting asks first; Cancel leads back and keeps it.
          await page.getByRole("link", { name: fixture.promotion.headline }).click();
          await page.getByRole("button", { name: "Delete…" }).click();
          await page.getByRole("heading", { name: `Delete “${fixture.promotion.headline}”?` }).waitFor();
          await screenshotsOf(page, `${database.name}-promotion-delete`);
          await page.getByRole("link", { name: "Cancel" }).click();
          await page.getByRole("heading", { name: fixture.promotion.headline, level: 1 }).waitFor();
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 120_000 },
    );
  });
}
