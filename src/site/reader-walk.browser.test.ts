// The reader site as a whole, walked as a reader would in every edition: front page → section menu
// → tag archive → article → another language → a page from the footer → back to the front, on a
// phone without script and with it, and on a desktop. Every page type is also photographed at both
// widths (test-artifacts/screenshots/walk-*.png).

import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  browserTest,
  pageTimeoutMs,
  saveScreenshot,
  watchConsole,
  withBrowser,
} from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";

const EDITIONS = ["en", "pt", "es"] as const;
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
const ARTICLE_PATH = /\/(en|pt|es)\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/;

type Viewport = keyof typeof VIEWPORTS;

async function openPage(
  browser: Browser,
  viewport: Viewport,
  javaScriptEnabled: boolean,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport], javaScriptEnabled });
  const page = await context.newPage();
  page.setDefaultTimeout(pageTimeoutMs);
  page.setDefaultNavigationTimeout(pageTimeoutMs);
  return { page, close: () => context.close() };
}

/** What every page of the walk must be: whole, its own width, in its edition's language. */
async function assertReadable(page: Page, where: string): Promise<void> {
  const layout = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    // A caption or credit that does not wrap shows as content wider than its box.
    clipped: [...document.querySelectorAll("figcaption, .credit, h1, .site-nav a")]
      // (Visually hidden headings, 1px wide on purpose, are for screen readers.)
      .filter((element) => element.clientWidth > 1 && element.scrollWidth > element.clientWidth + 1)
      .map((element) => element.textContent?.trim().slice(0, 40)),
    h1: document.querySelector("main h1")?.textContent?.trim() ?? "",
  }));
  assert.ok(layout.overflow <= 0, `${where}: the page is ${layout.overflow}px wider than the window`);
  assert.deepEqual(layout.clipped, [], `${where}: text runs out of its box`);
  assert.notEqual(layout.h1, "", `${where}: the page has a heading`);
}

/** Follows a link and waits for the address it leads to. */
async function follow(page: Page, link: ReturnType<Page["locator"]>, expected: RegExp): Promise<void> {
  await link.click();
  await page.waitForURL(expected);
}

/** The header's section menu: folded behind "Menu" on a phone (opened here), inline on a desktop. */
async function openSection(page: Page, viewport: Viewport): Promise<string> {
  const summary = page.locator("header details.section-menu > summary");
  if (viewport === "phone") {
    assert.ok(await summary.isVisible(), "a phone shows the menu control");
    await summary.click();
  } else {
    assert.equal(await summary.isVisible(), false, "a desktop shows the menu itself");
  }
  const section = page.locator("header .section-menu nav a").first();
  assert.ok(await section.isVisible(), "the menu's sections are shown");
  const name = (await section.textContent())?.trim() ?? "";
  await follow(page, section, /\/tag\/[^/]+$/);
  return name;
}

/** The other edition the switcher leads to with a real counterpart (not "its front page"). */
async function translationLink(page: Page): Promise<ReturnType<Page["locator"]>> {
  const links = page.locator("header nav.edition-switcher a[hreflang]");
  for (const link of await links.all()) {
    if ((await link.locator(".edition-note").count()) === 0) return link;
  }
  return links.first();
}

testDatabases().forEach((database, databaseIndex) => {
  // Screenshots once (SQLite): the pages are the same on both databases. The second database walks
  // one edition: what it adds is that the pages come from it, the layout is the same.
  const photograph = databaseIndex === 0;
  const editions = databaseIndex === 0 ? EDITIONS : EDITIONS.slice(1, 2);

  describe(`a reader walks the whole site in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    for (const edition of editions) {
      for (const [viewport, javaScriptEnabled] of [
        ["phone", false],
        ["phone", true],
        ["desktop", true],
      ] as const) {
        const how = `${viewport} ${javaScriptEnabled ? "with" : "without"} JavaScript`;
        browserTest(
          `in ${edition}, on a ${how}: front → section → tag archive → article → another language → footer page → front`,
          async () => {
            await withBrowser(async (browser) => {
              const { page, close } = await openPage(browser, viewport, javaScriptEnabled);
              const problems = watchConsole(page, { failedLoads: true });
              const elsewhere: string[] = [];
              page.on("request", (request) => {
                const url = new URL(request.url());
                if (url.protocol.startsWith("http") && url.hostname !== "127.0.0.1") elsewhere.push(url.href);
              });
              try {
                await page.goto(`${origin}/${edition}/`);
                await assertReadable(page, "the front page");
                const language = await page.locator("html").getAttribute("lang");

                const sectionName = await openSection(page, viewport);
                await assertReadable(page, "the tag archive");
                assert.equal(
                  (await page.locator("header .section-menu [aria-current=page]").textContent())?.trim(),
                  sectionName,
                  "the menu marks the section being read",
                );

                const story = page.locator("main .archive a").filter({ hasText: /\S/ });
                const storyHref = await story.first().getAttribute("href");
                assert.match(storyHref ?? "", ARTICLE_PATH, "the archive lists articles");
                await follow(page, story.first(), ARTICLE_PATH);
                await assertReadable(page, "the article");
                const articleTitle = await page.locator("main h1").textContent();

                const other = await translationLink(page);
                const otherEdition = (await other.getAttribute("hreflang")) ?? "";
                assert.notEqual(otherEdition, edition);
                await follow(page, other, new RegExp(`/${otherEdition}/`));
                assert.notEqual(await page.locator("html").getAttribute("lang"), language);
                await assertReadable(page, `the article in ${otherEdition}`);
                assert.notEqual(await page.locator("main h1").textContent(), articleTitle);

                const footerPage = page.locator(".site-footer .footer-pages a").first();
                const footerTitle = (await footerPage.textContent())?.trim() ?? "";
                await follow(page, footerPage, new RegExp(`/${otherEdition}/[a-z0-9-]+$`));
                assert.equal((await page.locator("main h1").textContent())?.trim(), footerTitle);
                await assertReadable(page, "the footer's page");

                await follow(page, page.locator("header a.brand"), new RegExp(`/${otherEdition}/$`));
                await assertReadable(page, "the front page again");

                assert.deepEqual(problems, [], "no script error, refusal or failed load");
                assert.deepEqual(elsewhere, [], "nothing asked of another site");
              } finally {
                await close();
              }
            });
          },
          { timeout: 60_000 },
        );
      }

      if (photograph) {
        browserTest(
          `in ${edition}, every page type photographed at phone and desktop widths`,
          async () => {
            await withBrowser(async (browser) => {
              for (const viewport of ["phone", "desktop"] as const) {
                const { page, close } = await openPage(browser, viewport, true);
                try {
                  await page.goto(`${origin}/${edition}/`);
                  const articleHref = await page.locator(".lead a").first().getAttribute("href");
                  const pageHref = await page
                    .locator(".site-footer .footer-pages a")
                    .first()
                    .getAttribute("href");
                  await page.goto(`${origin}${articleHref}`);
                  const tagHref = await page.locator("main a[href*='/tag/']").first().getAttribute("href");
                  const authorHref = await page
                    .locator("main a[href*='/author/']")
                    .first()
                    .getAttribute("href");
                  const word = ((await page.locator("main h1").textContent()) ?? "")
                    .split(/[^\p{L}\p{N}]+/u)
                    .sort((a, b) => b.length - a.length)[0];
                  const addresses = {
                    front: `/${edition}/`,
                    article: articleHref,
                    tag: tagHref,
                    author: authorHref,
                    search: `/${edition}/search?q=${encodeURIComponent(word ?? "")}`,
                    page: pageHref,
                  };
                  for (const [type, address] of Object.entries(addresses)) {
                    assert.ok(address, `the ${type} page has an address`);
                    const response = await page.goto(`${origin}${address}`);
                    assert.equal(response?.status(), 200, `${type}: ${address}`);
                    await assertReadable(page, `${type} in ${edition}`);
                    await saveScreenshot(page, `walk-${edition}-${type}-${viewport}`);
                  }
                } finally {
                  await close();
                }
              }
            });
          },
          { timeout: 90_000 },
        );
      }
    }
  });
});
