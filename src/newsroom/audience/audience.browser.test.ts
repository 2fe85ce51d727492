import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Page } from "playwright-core";
import { axeViolations } from "../../../test/support/axe.ts";
import {
  browserTest,
  checkBothWidths,
  DESKTOP,
  PHONE,
  signInThroughForm,
  watchConsole,
  withPage,
} from "../../../test/support/browser.ts";
import { freePort } from "../../../test/support/cli.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import { addComment, addViews, storyInTwoEditions } from "../../audience/reports/audience-test-support.ts";

const NOW = new Date("2025-12-07T01:30:00Z");

/**
 * No axe finding of any impact (not only the serious ones checkBothWidths looks for), and the
 * phone and desktop widths checked and photographed; in dark mode too when `dark`: the colours are
 * the other set.
 */
async function checkEverywhere(page: Page, name: string, dark = false): Promise<void> {
  for (const colorScheme of dark ? (["light", "dark"] as const) : (["light"] as const)) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize(PHONE);
    assert.deepEqual(await axeViolations(page), [], `${name} (${colorScheme}, phone)`);
    await checkBothWidths(page, `${name}-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

for (const database of testDatabases()) {
  describe(`the audience page in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      demo = await startDemoApp(database, { PUBLIC_URL: origin }, { clock: () => NOW });
      await demo.app.listen({ host: "127.0.0.1", port });
    });
    after(() => demo.close());

    browserTest(
      "an editor reads the charts, picks a period and an edition, and finds the numbers behind each chart",
      async () => {
        const db = demo.database.db;
        const editor = await createTestUser(db, "editor");
        await withPage(async (page) => {
          const problems = watchConsole(page);
          await page.setViewportSize(DESKTOP);
          await signInThroughForm(page, origin, editor, "/newsroom/audience");
          await page.getByRole("heading", { name: "No views counted yet" }).waitFor();
          await checkEverywhere(page, `${database.name}-audience-empty`);

          const { en, pt } = (await storyInTwoEditions(db, "en", "pt")).articles as {
            en: number;
            pt: number;
          };
          const kinds = ["search", "social", "direct", "internal", "newsletter"];
          const rows = [];
          for (let day = 0; day < 7; day++) {
            for (const [index, kind] of kinds.entries()) {
              const hour = new Date(NOW.getTime() - day * 86_400_000 - index * 3_600_000).toISOString();
              rows.push({
                articleId: en,
                hour: `${hour.slice(0, 13)}:00:00Z`,
                views: 10 + day * 3 + index,
                referrerKind: kind,
              });
              rows.push({
                articleId: pt,
                hour: `${hour.slice(0, 13)}:00:00Z`,
                views: 4 + day + index,
                referrerKind: kind,
              });
            }
          }
          await addViews(db, rows);
          await addComment(db, { articleId: pt, createdAt: "2025-12-06T15:00:00.000Z" });
          await addComment(db, { articleId: en, createdAt: "2025-12-05T15:00:00.000Z" });

          await page.goto(`${origin}/newsroom/audience`);
          await page.getByRole("heading", { name: /^Views/ }).waitFor();
          assert.equal(await page.getByRole("img", { name: /Views per day, all editions/ }).count(), 1);
          assert.equal(await page.getByRole("img", { name: /Top stories/ }).count(), 1);
          assert.equal(await page.getByRole("img", { name: /Views by kind of referrer/ }).count(), 1);
          assert.equal(await page.getByRole("img", { name: /Comments per day/ }).count(), 1);
          await checkEverywhere(page, `${database.name}-audience-week`, true);

          // The numbers behind a chart, opened like a reader would.
          await page.getByText("The numbers: Views by kind of referrer").click();
          const searchRow = page.locator("#referrers-chart tbody tr", { hasText: "Search engines" });
          assert.equal(
            (await searchRow.locator("td").textContent())?.trim(),
            String(
              rows.filter((row) => row.referrerKind === "search").reduce((sum, row) => sum + row.views, 0),
            ),
          );

          // The plain GET form: the last 24 hours of the pt edition, on its clock.
          await page.getByLabel("Period", { exact: true }).selectOption("24h");
          await page.getByLabel("Edition", { exact: true }).selectOption("pt");
          await page.getByRole("button", { name: "Show" }).click();
          await page.waitForURL((url) => url.search === "?period=24h&edition=pt");
          await page.getByRole("img", { name: /Views per hour, the pt edition/ }).waitFor();
          assert.match((await page.locator("[data-clock]").textContent()) ?? "", /America\/Sao_Paulo/);
          await checkEverywhere(page, `${database.name}-audience-pt-24h`);

          // A top story leads to its page in the newsroom.
          await page.locator("#stories-chart summary").click();
          await page.locator("#stories-chart tbody a").first().click();
          await page.waitForURL((url) => url.pathname === `/newsroom/articles/${pt}/edit`);
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 120_000 },
    );
  });
}
