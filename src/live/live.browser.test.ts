import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  browserTest,
  checkBothWidths,
  signInThroughForm,
  watchConsole,
  withBrowser,
} from "../../test/support/browser.ts";
import { freePort } from "../../test/support/cli.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import { Editions } from "../editions/edition-service.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { bilingualStory } from "./live-test-support.ts";

for (const database of testDatabases()) {
  describe(`live pages in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";
    let story: { storyId: number; en: number; pt: number };
    const pathOf: Record<string, string> = {};

    before(async () => {
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      demo = await startDemoApp(database, { PUBLIC_URL: origin, PAGE_CACHE_MB: "16" });
      await demo.app.listen({ host: "127.0.0.1", port });
      story = await bilingualStory(demo.database.db);
      const editions = new Editions(demo.config.editions, demo.config.defaultEdition);
      const urls = new SiteUrls(origin);
      for (const [code, id] of [
        ["en", story.en],
        ["pt", story.pt],
      ] as const) {
        const row = await demo.database.db
          .selectFrom("articles")
          .select(["slug", "publishedAt"])
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        const edition = editions.get(code);
        pathOf[code] = urls.href(
          edition,
          urls.articlePath(edition, row.publishedAt ?? "", row.slug),
          edition,
        );
      }
    });
    after(() => demo.close());

    /** Posts an update from the newsroom's live page of `articleId`, as an editor types it. */
    async function postUpdate(desk: Page, articleId: number, text: string): Promise<void> {
      await desk.goto(`${origin}/newsroom/live/${articleId}`);
      await desk
        .getByLabel("Text (a blank line between paragraphs; web addresses become links)")
        .first()
        .fill(text);
      await desk.getByRole("button", { name: "Post the update" }).click();
      await desk.waitForURL(/done=posted/);
    }

    async function readerPage(browser: Browser, edition: string, problems: string[]): Promise<Page> {
      const context = await browser.newContext();
      const page = await context.newPage();
      watchConsole(page, { failedLoads: true, into: problems });
      await page.goto(`${origin}${pathOf[edition]}`);
      return page;
    }

    browserTest(
      "an open live page shows an update posted in the newsroom without reload; the other edition only its own",
      async () => {
        await withBrowser(async (browser) => {
          const problems: string[] = [];
          const editor = await createTestUser(demo.database.db, "editor");
          const deskContext = await browser.newContext();
          const desk = await deskContext.newPage();
          watchConsole(desk, { into: problems });
          await signInThroughForm(desk, origin, editor, `/newsroom/live/${story.en}`);
          await desk.getByRole("button", { name: "Start live coverage" }).click();
          await desk.waitForURL(/done=started/);

          const en = await readerPage(browser, "en", problems);
          const pt = await readerPage(browser, "pt", problems);
          assert.ok(await en.locator("section.live[data-live-stream]").count());
          // The pages were loaded before the updates: what shows next came through the stream.
          const enLoaded = await en.evaluate(() => performance.timeOrigin);
          await postUpdate(desk, story.en, "Polls have closed across the country.");
          await en.locator(".live-update", { hasText: "Polls have closed" }).waitFor();
          await postUpdate(desk, story.pt, "As urnas fecharam em todo o país.");
          await pt.locator(".live-update", { hasText: "As urnas fecharam" }).waitFor();
          assert.equal(await pt.locator(".live-update", { hasText: "Polls have closed" }).count(), 0);
          assert.equal(await en.locator(".live-update", { hasText: "As urnas fecharam" }).count(), 0);
          assert.equal(
            await en.evaluate(() => performance.timeOrigin),
            enLoaded,
            "the English page was not reloaded",
          );

          // Each update has its own link, and the page reloaded holds it without script's help.
          const link = await en.locator(".live-update .live-meta a").first().getAttribute("href");
          assert.match(link ?? "", /^#update-\d+$/);
          await en.goto(`${origin}${pathOf.en}${link}`);
          await en.locator(`${link} .live-body`, { hasText: "Polls have closed" }).waitFor();
          await checkBothWidths(en, `live-page-${database.name}`);
          await desk.goto(`${origin}/newsroom/live/${story.en}`);
          await checkBothWidths(desk, `live-desk-${database.name}`);
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 60_000 },
    );
  });
}
