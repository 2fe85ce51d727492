import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Page } from "playwright-core";
import { browserTest, saveScreenshot, watchConsole, withPage } from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import { jpegPhoto } from "./media-test-support.ts";

for (const database of testDatabases()) {
  describe(`the media library in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "an editor uploads a photo, gives it a Portuguese caption and a credit, and finds it by searching",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor", { name: "Eda Editor" });
        const photo = await jpegPhoto(1600, 1067, "mosul market");
        const shot = (page: Page, name: string) =>
          saveScreenshot(page, `${database.name}-newsroom-media-${name}`);

        await withPage(async (page) => {
          const problems = watchConsole(page, { failedLoads: true });
          await page.goto(`${origin}/newsroom/media`);
          await page.waitForURL(/\/newsroom\/sign-in\?next=%2Fnewsroom%2Fmedia$/);
          await page.getByLabel("Email").fill(editor.email);
          await page.getByLabel("Password").fill(editor.password);
          await page.getByRole("button", { name: "Sign in" }).click();
          await page.waitForURL(/\/newsroom\/media$/);
          assert.equal(await page.locator("h1").textContent(), "Media library");

          // Upload: the file is chosen as a person would, through the file input.
          await page
            .getByLabel("Images")
            .setInputFiles({ name: "mosul-market.jpg", mimeType: "image/jpeg", buffer: photo });
          await page.getByRole("button", { name: "Upload" }).click();
          await page.waitForURL(/\/newsroom\/media\/\d+\?done=uploaded$/);
          assert.equal(await page.locator("h1").textContent(), "mosul-market.jpg");
          assert.match((await page.getByRole("status").first().textContent()) ?? "", /Uploaded\./);

          // One form: the shared credit, the Portuguese caption and alt text.
          await page.getByLabel("Credit").fill("Laila Haddad / Tribune");
          const portuguese = page.getByRole("group", { name: "Edition pt" });
          await portuguese.getByLabel("Caption").fill("Mercado reaberto em Mossul após três anos de guerra");
          await portuguese.getByLabel("Alt text").fill("Bancas de frutas sob toldos coloridos");
          await page.getByRole("button", { name: "Save texts" }).click();
          await page.waitForURL(/\/newsroom\/media\/\d+\?done=saved$/);
          assert.equal(await page.getByLabel("Credit").inputValue(), "Laila Haddad / Tribune");
          assert.equal(
            await portuguese.getByLabel("Caption").inputValue(),
            "Mercado reaberto em Mossul após três anos de guerra",
          );
          const preview = page.locator(".media-preview img");
          await preview.evaluate((img: HTMLImageElement) => img.decode());
          assert.ok(
            await preview.evaluate((img: HTMLImageElement) => img.naturalWidth > 0),
            "the preview loads",
          );
          assert.equal(await page.locator("table tbody tr").count(), 8, "four widths, JPEG and WebP");
          await shot(page, "detail");

          // Search without the accents, from the library.
          await page.getByRole("link", { name: "← Media library" }).click();
          await page.waitForURL(/\/newsroom\/media$/);
          await page.getByLabel("Search the library").fill("apos tres anos");
          await page.getByRole("button", { name: "Search" }).click();
          await page.waitForURL(/\/newsroom\/media\?q=apos\+tres\+anos$/);
          const cards = page.locator(".media-card");
          assert.equal(await cards.count(), 1);
          assert.match(
            (await cards.first().textContent()) ?? "",
            /Mercado reaberto em Mossul após três anos de guerra/,
          );
          assert.match((await cards.first().textContent()) ?? "", /Laila Haddad \/ Tribune/);
          const thumb = cards.first().locator("img");
          await thumb.evaluate((img: HTMLImageElement) => img.decode());
          assert.ok(
            await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth > 0),
            "the thumbnail loads",
          );
          await shot(page, "search");

          await page.goto(`${origin}/newsroom/media`);
          await page
            .locator(".media-grid img")
            .last()
            .evaluate((img: HTMLImageElement) => img.decode());
          await shot(page, "library");
          assert.deepEqual(problems, []);
        });
      },
    );
  });
}
