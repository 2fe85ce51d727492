import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe } from "node:test";
import type { Browser, Page } from "playwright-core";
import { seriousAxeViolations } from "../../../test/support/axe.ts";
import { browserTest, pageTimeoutMs, screenshotDir, withBrowser } from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";

const fixture = loadDemoFixture();
const lead = fixture.articles[0];
const untranslated = fixture.articles.find((article) => !article.editions.pt);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function openPage(
  browser: Browser,
  options: { viewport: { width: number; height: number }; javaScriptEnabled: boolean },
): Promise<{ page: Page; close: () => Promise<void> }> {
  // bypassCSP: axe is evaluated in the page, which the site's Content-Security-Policy would refuse.
  const context = await browser.newContext({ bypassCSP: true, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(pageTimeoutMs);
  return { page, close: () => context.close() };
}

/**
 * The header, at test-artifacts/screenshots/header-<name>.png: what this suite is about. `below`
 * adds that many pixels of the page under it (an open menu drops over the page).
 */
async function saveHeader(page: Page, name: string, below = 0): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const box = await page.locator("header.site-header").boundingBox();
  assert.ok(box, "the header is laid out");
  await page.screenshot({
    path: path.join(screenshotDir, `header-${name}.png`),
    clip: { x: 0, y: 0, width: page.viewportSize()?.width ?? box.width, height: box.y + box.height + below },
  });
}

async function assertNoAxeViolations(page: Page, where: string): Promise<void> {
  const findings = await seriousAxeViolations(page);
  assert.deepEqual(
    findings.map((finding) => `${finding.id}: ${finding.nodes.map((node) => node.target).join(", ")}`),
    [],
    `axe on ${where}`,
  );
}

testDatabases().forEach((database, databaseIndex) => {
  const screenshots = databaseIndex === 0;

  describe(`the header's menu and switcher in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    for (const javaScriptEnabled of [false, true]) {
      browserTest(
        `on a phone ${javaScriptEnabled ? "with" : "without"} JavaScript, a reader opens the menu by keyboard, follows a section and switches language on its archive`,
        async () => {
          await withBrowser(async (browser) => {
            const { page, close } = await openPage(browser, { viewport: PHONE, javaScriptEnabled });
            try {
              await page.goto(`${origin}/en/`);
              const menu = page.locator("header nav[aria-label='Sections']");
              const middleEast = menu.getByRole("link", { name: "Middle East" });
              assert.equal(await middleEast.isVisible(), false, "the menu starts folded on a phone");
              if (screenshots && !javaScriptEnabled) await saveHeader(page, "front-phone");

              await page.locator("header summary").focus();
              await page.keyboard.press("Enter");
              assert.ok(await middleEast.isVisible(), "Enter on the control opens the menu");
              if (screenshots && !javaScriptEnabled) await saveHeader(page, "front-phone-menu-open", 200);
              // axe runs in the page: only where it may run script.
              if (javaScriptEnabled) await assertNoAxeViolations(page, "the open menu");

              await middleEast.focus();
              await page.keyboard.press("Enter");
              await page.waitForURL(`${origin}/en/tag/middle-east`);
              assert.equal(
                await page.locator("header nav[aria-label='Sections'] [aria-current=page]").textContent(),
                "Middle East",
              );
              if (screenshots && !javaScriptEnabled) await saveHeader(page, "tag-phone");

              await page
                .locator("header nav.edition-switcher")
                .getByRole("link", { name: "Português" })
                .click();
              await page.waitForURL(`${origin}/pt/tag/oriente-medio`);
              assert.match((await page.locator("h1").textContent()) ?? "", /Oriente Médio/);
              assert.equal(await page.locator("html").getAttribute("lang"), "pt-BR");
              assert.equal(
                await page.locator("header nav[aria-label='Seções'] [aria-current=page]").textContent(),
                "Oriente Médio",
                "the menu is the Portuguese edition's, its names Portuguese",
              );
              if (javaScriptEnabled) await assertNoAxeViolations(page, "the Portuguese tag archive");

              await page.goto(`${origin}/es/`);
              await page
                .locator(".lead")
                .getByRole("link", { name: lead?.editions.es?.title ?? "" })
                .click();
              await page.waitForURL(/\/es\/\d{4}\/\d{2}\/\d{2}\//);
              if (screenshots && !javaScriptEnabled) await saveHeader(page, "article-phone");
              await page
                .locator("header nav.edition-switcher")
                .getByRole("link", { name: "English" })
                .click();
              await page.waitForURL(/\/en\/\d{4}\/\d{2}\/\d{2}\//);
              assert.equal(await page.locator("h1").textContent(), lead?.editions.en?.title);

              // A 404: the switcher leads to the other fronts, and the page still fits the phone.
              await page.goto(`${origin}/pt/nada-aqui`);
              assert.equal(
                await page.locator("header nav.edition-switcher a[hreflang=es]").getAttribute("href"),
                "/es/",
              );
              assert.ok(
                await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
                "nothing wider than the phone",
              );
              if (screenshots && !javaScriptEnabled) await saveHeader(page, "404-phone");

              // An article with no translation: the other editions' fronts, said so, on the phone too.
              await page.goto(`${origin}/en/`);
              await page
                .getByRole("link", { name: untranslated?.editions.en?.title ?? "", exact: true })
                .first()
                .click();
              await page.waitForURL(/\/en\/\d{4}\//);
              assert.equal(
                await page.locator("header nav.edition-switcher a[hreflang=es]").textContent(),
                "Español (portada)",
              );
              assert.ok(
                await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
                "nothing wider than the phone",
              );
              if (screenshots && !javaScriptEnabled) await saveHeader(page, "article-untranslated-phone");
            } finally {
              await close();
            }
          });
        },
        { timeout: 60_000 },
      );
    }

    browserTest("on a desktop the menu shows inline, without a control, beside the switcher", async () => {
      await withBrowser(async (browser) => {
        const { page, close } = await openPage(browser, { viewport: DESKTOP, javaScriptEnabled: true });
        try {
          for (const [name, url] of [
            ["front", "/en/"],
            ["tag", "/es/tag/oriente-medio"],
          ] as const) {
            await page.goto(`${origin}${url}`);
            assert.equal(await page.locator("header summary").isVisible(), false, "no menu control");
            const links = page.locator("header nav.section-menu a, header .section-menu nav a");
            for (const link of await links.all()) assert.ok(await link.isVisible(), "every section is shown");
            const [menuBox, switcherBox] = await Promise.all([
              page.locator("header .section-menu").boundingBox(),
              page.locator("header nav.edition-switcher").boundingBox(),
            ]);
            assert.ok(menuBox && switcherBox, "both are laid out");
            assert.ok(Math.abs(menuBox.y - switcherBox.y) < 2, "on one line");
            assert.ok(menuBox.x + menuBox.width <= switcherBox.x, "side by side, not overlapping");
            for (const link of await page.locator("header .site-nav a").all()) {
              const box = await link.boundingBox();
              assert.ok(box && box.height >= 24, "touch targets of at least 24 pixels");
            }
            if (screenshots) await saveHeader(page, `${name}-desktop`);
            await assertNoAxeViolations(page, `${url} on a desktop`);
          }
          await page.goto(`${origin}/en/`);
          await page
            .locator(".lead")
            .getByRole("link", { name: lead?.editions.en?.title ?? "" })
            .click();
          await page.waitForURL(/\/en\/\d{4}\/\d{2}\/\d{2}\//);
          if (screenshots) await saveHeader(page, "article-desktop");
          await page.emulateMedia({ colorScheme: "dark" });
          await assertNoAxeViolations(page, "an article in the dark scheme");
          if (screenshots) await saveHeader(page, "article-desktop-dark");
          await page.emulateMedia({ colorScheme: "light" });
          await page.keyboard.press("Tab");
          await page.keyboard.press("Tab");
          assert.equal(
            await page.evaluate(() => document.activeElement?.getAttribute("href")),
            "/en/",
            "after the skip link, the brand; the menu and switcher follow in the header",
          );
        } finally {
          await close();
        }
      });
    });
  });
});
