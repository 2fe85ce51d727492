import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
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
import { AGENCY_PHOTO, agencyPhoto } from "../../media/photo-metadata-test-support.ts";

for (const database of testDatabases()) {
  describe(`an agency photo uploaded in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "the photo's caption, credit and date prefill the picture's form, marked as the file's",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor");
        const photo = await agencyPhoto({ width: 1600, height: 1067 });
        await withPage(async (page) => {
          const problems = watchConsole(page, { failedLoads: true });
          await signInThroughForm(page, origin, editor, "/newsroom/media");
          await page
            .getByLabel("Images")
            .setInputFiles({ name: "flood.jpg", mimeType: "image/jpeg", buffer: photo });
          await page.getByRole("button", { name: "Upload" }).click();
          await page.waitForURL(/\/newsroom\/media\/\d+\?done=uploaded$/);

          const credit = page.getByRole("textbox", { name: /^Credit/ });
          assert.equal(await credit.inputValue(), "Jane Doe / Reuters");
          const english = page.getByRole("group", { name: "Edition en" });
          assert.equal(
            await english.getByRole("textbox", { name: /^Caption/ }).inputValue(),
            AGENCY_PHOTO.caption,
          );
          assert.equal(await page.locator("[data-from-file]").count(), 2, "the credit and the caption");
          assert.match((await page.locator("[data-taken-at]").textContent()) ?? "", /2024-05-06 09:30:00/);
          await page.locator(".media-preview img").evaluate((img: HTMLImageElement) => img.decode());

          await page.setViewportSize({ width: 1280, height: 900 });
          await saveScreenshot(page, `${database.name}-newsroom-media-prefill-desktop`);
          await page.setViewportSize({ width: 390, height: 844 });
          await saveScreenshot(page, `${database.name}-newsroom-media-prefill-phone`);

          // The editor changes the caption: it is theirs now, no longer marked as the file's.
          await english
            .getByRole("textbox", { name: /^Caption/ })
            .fill("Moradores atravessam uma rua alagada");
          await page.getByRole("button", { name: "Save texts" }).click();
          await page.waitForURL(/\?done=saved$/);
          assert.equal(await page.locator("[data-from-file]").count(), 1, "the credit only");
          assert.deepEqual(problems, []);
        });
      },
    );
  });
}
