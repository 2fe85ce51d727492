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
import { openMediaStore } from "../../media/open-media-store.ts";
import { captionedStory, ENGLISH_ALT, ENGLISH_CAPTION, readerPathOf } from "./translation-test-support.ts";

const PT_CAPTION = "Barcos de pesca atracados no porto ao entardecer";
const PT_ALT = "Barcos de madeira alinhados num cais de pedra";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

for (const database of testDatabases()) {
  describe(`the hero picture's texts in the translation editor, in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "a translator writes the Portuguese caption and alt; Spanish readers see the English ones, marked",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor");
        const translator = await createTestUser(demo.database.db, "translator", { editions: ["pt"] });
        const story = await captionedStory(demo.database.db, openMediaStore(demo.config), editor.id, [
          "pt",
          "es",
        ]);
        const portuguese = story.translations.pt;
        const spanish = story.translations.es;
        assert.ok(portuguese && spanish);
        const readerUrl = (article: typeof portuguese) =>
          `${origin}${readerPathOf(demo.config.publicUrl, demo.config.editions, article)}`;
        const shot = (page: Page, name: string) =>
          saveScreenshot(page, `${database.name}-translation-captions-${name}`);

        await withPage(async (page) => {
          const problems = watchConsole(page, { failedLoads: true });
          const translationPath = `/newsroom/translations/${portuguese.id}`;
          await signInThroughForm(page, origin, translator, translationPath);
          const form = page.getByRole("region", { name: "Hero picture: caption and alt text" });
          assert.match((await form.locator("[data-original-picture]").textContent()) ?? "", /Fishing boats/);
          const fields = form.getByRole("group", { name: "Edition pt" });
          await fields.getByLabel("Caption").fill(PT_CAPTION);
          await fields.getByLabel("Alt text").fill(PT_ALT);
          await page.setViewportSize(DESKTOP);
          await shot(page, "editor-desktop");
          await page.setViewportSize(PHONE);
          await shot(page, "editor-phone");
          await page.setViewportSize(DESKTOP);
          await form.getByRole("button", { name: "Save caption and alt text" }).click();
          await page.waitForURL(/\?done=picture-saved$/);
          assert.equal(await fields.getByLabel("Caption").inputValue(), PT_CAPTION);
          assert.equal(await fields.getByLabel("Alt text").inputValue(), PT_ALT);

          // The Portuguese reader page: the translator's words, in the page's own language.
          await page.goto(readerUrl(portuguese));
          const hero = page.locator("figure.hero");
          assert.match((await hero.locator("figcaption").textContent()) ?? "", new RegExp(PT_CAPTION));
          assert.equal(await hero.locator("figcaption [lang]").count(), 0);
          assert.equal(await hero.locator("img").getAttribute("alt"), PT_ALT);
          assert.equal(await hero.locator("img").getAttribute("lang"), null);
          await hero.locator("img").evaluate((img: HTMLImageElement) => img.decode());
          await page.setViewportSize(PHONE);
          await shot(page, "reader-pt-phone");
          await page.setViewportSize(DESKTOP);
          await shot(page, "reader-pt-desktop");

          // The Spanish one has no texts of its own: the English ones, marked as English.
          await page.goto(readerUrl(spanish));
          const fallback = page.locator("figure.hero figcaption span[lang]");
          assert.equal(await fallback.getAttribute("lang"), "en");
          assert.equal(await fallback.textContent(), ENGLISH_CAPTION);
          assert.equal(await page.locator("figure.hero .language-note").textContent(), "(en inglés)");
          assert.equal(await page.locator("figure.hero img").getAttribute("alt"), ENGLISH_ALT);
          assert.equal(await page.locator("figure.hero img").getAttribute("lang"), "en");
          await page.locator("figure.hero img").evaluate((img: HTMLImageElement) => img.decode());
          await page.setViewportSize(PHONE);
          await shot(page, "reader-es-phone");
          await page.setViewportSize(DESKTOP);
          await shot(page, "reader-es-desktop");
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 90_000 },
    );
  });
}
