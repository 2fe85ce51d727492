import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { seriousAxeViolations } from "../../../test/support/axe.ts";
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

const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 900 },
] as const;

for (const database of testDatabases()) {
  describe(`corrections in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      // The page cache on, as in production: the reader page must show the correction at once.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    for (const viewport of VIEWPORTS) {
      browserTest(
        `an editor on a ${viewport.name} appends a correction, and the article's foot shows it`,
        async () => {
          const editor = await createTestUser(demo.database.db, "editor");
          const article = await demo.database.db
            .selectFrom("articles")
            .select(["id", "title"])
            .where("status", "=", "published")
            .where("edition", "=", "pt")
            .orderBy("id")
            .executeTakeFirstOrThrow();
          const text = `Correção ${viewport.name}: uma versão anterior desta reportagem trazia o número errado de mortos; eram 12, não 21.`;
          const workflow = `/newsroom/articles/${article.id}/workflow`;
          await withPage(async (page) => {
            const problems = watchConsole(page);
            await page.setViewportSize({ width: viewport.width, height: viewport.height });
            await signInThroughForm(page, origin, editor, workflow);
            const section = page.locator("#corrections");
            await section.getByLabel("New correction").fill(text);
            await section.getByRole("button", { name: "Publish correction" }).click();
            await page.waitForURL(/done=correct/);
            assert.match((await page.locator(".notice").textContent()) ?? "", /readers see it now/);
            assert.match((await section.locator("li").last().textContent()) ?? "", /eram 12, não 21/);
            await section.scrollIntoViewIfNeeded();
            await saveScreenshot(page, `${database.name}-corrections-newsroom-${viewport.name}`);
            assert.deepEqual(await seriousAxeViolations(page), [], "the newsroom page passes axe");

            // The reader's page, from the workflow page's own link, in the same browser.
            await page.getByRole("link", { name: "View on the site" }).click();
            await page.waitForURL((url) => url.pathname.startsWith("/pt/"));
            const foot = page.locator("aside.corrections");
            assert.ok(await foot.isVisible());
            assert.match((await foot.locator("h2").textContent()) ?? "", /^Correç(ão|ões)$/);
            assert.equal(await foot.locator("li p").last().textContent(), text, "newest last");
            assert.match((await foot.locator("time").last().textContent()) ?? "", / de \d{4}/);
            const [bodyBottom, footTop] = await Promise.all([
              page.locator(".article .body").evaluate((el) => el.getBoundingClientRect().bottom),
              foot.evaluate((el) => el.getBoundingClientRect().top),
            ]);
            assert.ok(footTop >= bodyBottom, "below the article's body");
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
            );
            assert.equal(overflow, 0, "nothing wider than the screen");
            await foot.scrollIntoViewIfNeeded();
            await saveScreenshot(page, `${database.name}-corrections-reader-${viewport.name}`);
            assert.deepEqual(await seriousAxeViolations(page), [], "the reader page passes axe");
            assert.deepEqual(problems, []);
          });
        },
      );
    }
  });
}
