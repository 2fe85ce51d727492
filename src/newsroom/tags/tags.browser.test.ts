import assert from "node:assert/strict";
import { createServer } from "node:net";
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

/** A port free now, so the app can be told its public address before it listens there. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Screenshots of the page at both widths, and a check that nothing is wider than the phone. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a phone`);
  await saveScreenshot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
  await saveScreenshot(page, `${name}-desktop`);
}

for (const database of testDatabases()) {
  describe(`the tag manager in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      // Readers' redirects are absolute: the app must know the address the browser uses.
      demo = await startDemoApp(database, { PUBLIC_URL: origin });
      await demo.app.listen({ host: "127.0.0.1", port });
    });
    after(() => demo.close());

    browserTest(
      "an editor renames a tag in Portuguese and merges another into it; readers' old addresses and search follow",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor");
        await withPage(async (page) => {
          const problems = watchConsole(page);
          await page.setViewportSize(DESKTOP);
          await signInThroughForm(page, origin, editor, "/newsroom/tags");
          await page.getByRole("heading", { name: "Regions" }).waitFor();
          await shoot(page, `${database.name}-tags`);

          // Rename Iraq in Portuguese, with a new address and a description.
          await page.locator(".tag-tree a", { hasText: /^Iraq$/ }).click();
          await page.getByRole("heading", { name: "Iraq", level: 1 }).waitFor();
          await page.locator('input[name="pt.name"]').fill("Mesopotâmia");
          await page.locator('input[name="pt.slug"]').fill("mesopotamia");
          await page.locator('textarea[name="pt.description"]').fill("Entre o Tigre e o Eufrates.");
          await page.getByRole("button", { name: "Save names" }).click();
          await page.getByRole("status").filter({ hasText: "The names have been saved" }).waitFor();
          await shoot(page, `${database.name}-tag`);

          // Merge Turkey into it, through the confirmation page.
          await page.goto(`${origin}/newsroom/tags?q=turquia`);
          await page.locator(".tag-tree a", { hasText: "Turkey" }).click();
          await page.getByRole("heading", { name: "Turkey", level: 1 }).waitFor();
          await page.locator('select[name="into"]').selectOption({ label: "Middle East › Iraq (country)" });
          await page.getByRole("button", { name: "Merge…" }).click();
          await page.getByRole("heading", { name: "Merge “Turkey” into “Iraq”?" }).waitFor();
          await shoot(page, `${database.name}-tag-merge`);
          await page.getByRole("button", { name: "Yes, merge them" }).click();
          await page.getByRole("status").filter({ hasText: "The tags have been merged" }).waitFor();
          assert.match((await page.locator(".hint").first().textContent()) ?? "", /3 stories/);

          // Readers: both old addresses land on the new archive, which shows the description.
          for (const old of ["/pt/tag/iraque", "/pt/tag/turquia"]) {
            const response = await page.goto(`${origin}${old}`);
            const redirect = await response?.request().redirectedFrom()?.response();
            assert.equal(redirect?.status(), 301, old);
            assert.equal(new URL(page.url()).pathname, "/pt/tag/mesopotamia", old);
            assert.match((await page.locator("h1").textContent()) ?? "", /^Mesopotâmia/);
            await page.getByText("Entre o Tigre e o Eufrates.").waitFor();
          }

          // The reader search finds the stories by the new name, from the header's search box.
          await page.goto(`${origin}/pt/`);
          await page.locator("#site-search-q").fill("Mesopotâmia");
          await page.locator("#site-search-q").press("Enter");
          await page.waitForURL(/\/pt\/search\?/);
          const found = await page.locator(".search-results h2").allInnerTexts();
          assert.equal(found.length, 2, found.join(" | "));
          assert.ok(
            found.some((title) => title.includes("Al-Sadr")),
            found.join(" | "),
          );

          await page.goto(`${origin}/newsroom/sources`);
          await page.getByRole("heading", { name: "Sources", level: 1 }).waitFor();
          await shoot(page, `${database.name}-sources`);
          await page.getByRole("link", { name: "Middle East Eye" }).click();
          await page.getByRole("heading", { name: "Middle East Eye", level: 1 }).waitFor();
          await shoot(page, `${database.name}-source`);
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 120_000 },
    );
  });
}
