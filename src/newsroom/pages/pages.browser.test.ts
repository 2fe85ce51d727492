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
import { PageService } from "../../pages/page-service.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

for (const database of testDatabases()) {
  describe(`pages in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    /** Screenshots of the page as it is, at phone and desktop widths. */
    const shots = async (page: Page, name: string) => {
      for (const [label, size] of [
        ["phone", PHONE],
        ["desktop", DESKTOP],
      ] as const) {
        await page.setViewportSize(size);
        await saveScreenshot(page, `${database.name}-pages-${name}-${label}`);
      }
    };

    /** Replaces the body editor's text with `paragraphs`, the second one in bold. */
    const writeBody = async (page: Page, paragraphs: [string, string]) => {
      const body = page.locator(".ed-prose");
      await body.click();
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Delete");
      await page.keyboard.type(paragraphs[0]);
      await page.keyboard.press("Enter");
      await page.getByRole("button", { name: "Bold", exact: true }).click();
      await page.keyboard.type(paragraphs[1]);
    };

    browserTest(
      "an editor writes a page in the body editor, publishes it and its Portuguese translation; a reader follows the language link and finds it in the footer",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor", { name: "Eda Editor" });
        await withPage(async (page) => {
          page.setDefaultTimeout(8_000);
          const problems = watchConsole(page);
          await signInThroughForm(page, origin, editor, "/newsroom/pages/new?edition=en");
          await page.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
          await page.locator(".ed-prose").waitFor();
          assert.ok(
            await page.locator('textarea[name="bodyText"]').isHidden(),
            "the plain text area gives way",
          );

          await page.getByLabel("Title").fill("Corrections policy");
          await page.getByLabel("Show in the edition's footer").check();
          await page.getByLabel("Order").fill("3");
          await writeBody(page, [
            "When we get a fact wrong, we correct it and say so at the foot of the story.",
            "We never change a story silently.",
          ]);
          await shots(page, "editor");
          await page.getByRole("button", { name: "Save draft" }).click();
          await page.waitForURL(/\/newsroom\/pages\/\d+\/edit\?done=created$/);
          const englishId = Number(new URL(page.url()).pathname.split("/")[3]);
          const stored = await new PageService(demo.database.db).get(englishId);
          assert.equal(stored.slug, "corrections-policy");
          assert.deepEqual(
            stored.body.content.map((block) => block.type),
            ["paragraph", "paragraph"],
          );
          assert.match(JSON.stringify(stored.body.content[1]), /"bold"/, "the bold text is kept");

          await page.getByRole("button", { name: "Publish" }).click();
          await page.waitForURL(/done=published$/);
          await page.getByLabel("Translate into").selectOption("pt");
          await page.getByRole("button", { name: "Start translation" }).click();
          await page.waitForURL(/done=translated$/);
          await page.locator(".ed-prose").waitFor();
          await page.getByLabel("Title").fill("Política de correções");
          await page.getByLabel("Address").fill("politica-de-correcoes");
          await writeBody(page, [
            "Quando erramos um fato, corrigimos e avisamos no fim da reportagem.",
            "Nunca mudamos uma reportagem em silêncio.",
          ]);
          await page.getByRole("button", { name: "Save draft" }).click();
          await page.waitForURL(/done=saved$/);
          await page.getByRole("button", { name: "Publish" }).click();
          await page.waitForURL(/done=published$/);
          await page.setViewportSize(DESKTOP);
          await saveScreenshot(page, `${database.name}-pages-editor-published-translation`);

          // A reader: the English page, its language link, the footer.
          await page.goto(`${origin}/en/corrections-policy`);
          assert.equal(await page.locator("main h1").textContent(), "Corrections policy");
          assert.equal(
            await page.locator("main .body strong").textContent(),
            "We never change a story silently.",
          );
          assert.equal(await page.locator("script:not([type='application/ld+json'])").count(), 0);
          await shots(page, "reader-en");
          await page.locator('header nav.edition-switcher a[hreflang="pt"]').click();
          await page.waitForURL(`${origin}/pt/politica-de-correcoes`);
          assert.equal(await page.locator("main h1").textContent(), "Política de correções");
          await shots(page, "reader-pt");
          await page.locator(".site-footer .footer-pages a", { hasText: "Quem somos" }).click();
          await page.waitForURL(`${origin}/pt/quem-somos`);
          await page.locator(".site-footer .footer-pages a", { hasText: "Política de correções" }).click();
          await page.waitForURL(`${origin}/pt/politica-de-correcoes`);
          assert.deepEqual(await page.locator(".site-footer .footer-pages a").allTextContents(), [
            "Quem somos",
            "Privacidade",
            "Política de correções",
          ]);
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 60_000 },
    );
  });
}
