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
import { addWireStories } from "./front-page-test-support.ts";

/** The reader front page's article links: [href, title] in page order, and the lead's title. */
async function readFront(page: Page): Promise<{ lead: string; links: [string, string][] }> {
  return page.evaluate(() => {
    const links = [...document.querySelectorAll("main a")]
      .map((a): [string, string] => [a.getAttribute("href") ?? "", a.textContent ?? ""])
      .filter(([href]) => /\/\d{4}\/\d{2}\/\d{2}\//.test(href));
    return { lead: document.querySelector(".lead h2 a")?.textContent ?? "", links };
  });
}

/** Whether the page is wider than the window (a phone would scroll sideways). */
const overflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

for (const database of testDatabases()) {
  describe(`the front page desk in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      // The page cache on, as in production: the reader's page must change at once all the same.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "64" });
      await addWireStories(demo.database.db, "en", 14);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "an editor makes another story the lead and readers see it at once, no story twice",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor", { name: "Eddie Editor" });
        const shot = (page: Page, name: string) =>
          saveScreenshot(page, `${database.name}-front-page-${name}`);

        await withPage(async (page, browser) => {
          page.setDefaultTimeout(8_000);
          const problems = watchConsole(page, { failedLoads: true });
          const reader = await browser.newPage();
          watchConsole(reader, { failedLoads: true, into: problems });
          await reader.goto(`${origin}/en/`);
          const before = await readFront(reader);
          await reader.reload(); // served from the page cache now

          await page.setViewportSize({ width: 1280, height: 900 });
          await signInThroughForm(page, origin, editor, "/newsroom/front-page/en");
          await page.getByRole("link", { name: "Front page" }).waitFor();
          await shot(page, "desk-desktop");
          await page.setViewportSize({ width: 390, height: 844 });
          assert.equal(await overflows(page), false, "the desk fits a phone's width");
          await shot(page, "desk-phone");

          // The fourth of the latest stories, made the lead with one click.
          const latest = page.locator(
            "section[aria-labelledby=readers-heading] h3:text-is('Latest') + ul > li",
          );
          const chosen = latest.nth(3);
          const title = ((await chosen.locator("a").first().textContent()) ?? "").trim();
          assert.ok(title && title !== before.lead, `"${title}" is not the lead yet`);
          await chosen.getByRole("button", { name: "Make lead" }).click();
          await page.waitForURL(/\/newsroom\/front-page\/en\?done=pin$/);
          assert.match(
            (await page.locator(".notice").textContent()) ?? "",
            /Readers see the new front page now/,
          );
          const pinned = ((await page.locator(".front-pins").textContent()) ?? "").replace(/\s+/g, " ");
          assert.ok(pinned.includes(`Lead: ${title}`), pinned);
          await shot(page, "desk-after-phone");

          // Another story pinned under the lead, until a time on the edition's clock.
          await page.setViewportSize({ width: 1280, height: 900 });
          const second = latest.nth(5);
          const secondTitle = ((await second.locator("a").first().textContent()) ?? "").trim();
          await second.locator("summary", { hasText: "Pin…" }).click();
          await second.getByLabel("Place").selectOption("2");
          await second.getByLabel(/^Until/).fill("2030-01-15T12:00");
          await shot(page, "desk-pin-form-desktop");
          await second.getByRole("button", { name: "Pin", exact: true }).click();
          await page.waitForURL(/\?done=pin$/);
          const pins = ((await page.locator(".front-pins").textContent()) ?? "").replace(/\s+/g, " ");
          assert.ok(pins.includes(`Slot 2: ${secondTitle} until 2030-01-15 12:00 (Europe/London)`), pins);

          await reader.setViewportSize({ width: 1280, height: 900 });
          await reader.reload();
          const after = await readFront(reader);
          assert.equal(after.lead, title, "the reader's lead is the story the editor chose");
          const top = await reader.locator(".top-stories a").allTextContents();
          assert.deepEqual(top, [secondTitle], "the pinned story comes right under the lead");
          const hrefs = after.links.map(([href]) => href);
          assert.equal(new Set(hrefs).size, hrefs.length, `no story twice: ${hrefs.join("\n")}`);
          assert.ok(
            after.links.some(([, text]) => text === before.lead),
            "the former lead moved down to the latest stories",
          );
          await shot(reader, "reader-after-desktop");
          assert.deepEqual(problems, []);
        });
      },
    );
  });
}
