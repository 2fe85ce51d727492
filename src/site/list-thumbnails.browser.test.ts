import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { browserTest, saveScreenshot, withBrowser } from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { addPicturedStories } from "../../test/support/pictured-stories.ts";

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
] as const;

const PAGES = { front: "/en/", search: "/en/search?q=basra" } as const;

testDatabases().forEach((database, databaseIndex) => {
  // Screenshots come from the first database only: the pages are the same on both.
  const takeScreenshots = databaseIndex === 0;

  describe(`list thumbnails in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      await addPicturedStories(demo.database.db, 5);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "thumbnails sit beside their headline at phone and desktop widths, loaded from a small variant",
      async () => {
        await withBrowser(async (browser) => {
          for (const viewport of VIEWPORTS) {
            const context = await browser.newContext({ viewport });
            const page = await context.newPage();
            try {
              for (const [name, path] of Object.entries(PAGES)) {
                await page.goto(`${origin}${path}`);
                const where = `${name} at ${viewport.width}px`;
                // Scrolled through, so that the lazy thumbnails load too.
                await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
                await page.waitForFunction(() =>
                  [...document.querySelectorAll<HTMLImageElement>(".thumb img")].every((img) => img.complete),
                );
                const thumbnails = await page.$$eval(".thumb img", (images) =>
                  images.map((img) => {
                    const box = img.getBoundingClientRect();
                    const item = img.closest("li")?.getBoundingClientRect();
                    // The headline's text, which wraps beside the floated thumbnail (its box does not).
                    const range = document.createRange();
                    range.selectNodeContents(img.closest("li")?.querySelector("h2, h3") ?? document.body);
                    const heading = range.getBoundingClientRect();
                    return {
                      src: (img as HTMLImageElement).currentSrc,
                      loaded: (img as HTMLImageElement).naturalWidth > 0,
                      width: box.width,
                      height: box.height,
                      inside: item ? box.left >= item.left && box.right <= item.right + 0.5 : false,
                      besideHeading: box.left >= heading.right && box.top < heading.bottom,
                    };
                  }),
                );
                assert.ok(thumbnails.length >= 4, `${where}: thumbnails shown (${thumbnails.length})`);
                for (const thumbnail of thumbnails) {
                  assert.ok(thumbnail.loaded, `${where}: ${thumbnail.src} loaded`);
                  assert.match(thumbnail.src, /-(480|800)\.webp$/, `${where}: a small WebP variant`);
                  assert.ok(
                    thumbnail.width >= 80 && thumbnail.width <= 150,
                    `${where}: ${thumbnail.width}px wide`,
                  );
                  assert.ok(thumbnail.height > 0, `${where}: its height follows its width`);
                  assert.ok(thumbnail.inside && thumbnail.besideHeading, `${where}: beside the headline`);
                }
                if (takeScreenshots) {
                  await page.evaluate(() => window.scrollTo(0, 0));
                  await saveScreenshot(page, `thumbnails-${name}-${viewport.width}`);
                }
              }
            } finally {
              await context.close();
            }
          }
        });
      },
      { timeout: 40_000 },
    );
  });
});
