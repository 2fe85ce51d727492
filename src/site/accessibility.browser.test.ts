import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Browser, Page } from "playwright-core";
import { type AxeFinding, seriousAxeViolations } from "../../test/support/axe.ts";
import { browserTest, pageTimeoutMs, saveScreenshot, withBrowser } from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";
import { slugify } from "../shared/slug.ts";

const fixture = loadDemoFixture();
const lead = fixture.articles[0];
const middleEast = fixture.tags.find((tag) => tag.key === "middle-east");

const LANGS = ["en", "pt", "es"] as const;
type Lang = (typeof LANGS)[number];
type PageName = "front" | "article" | "tag" | "404";

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

const title = (lang: Lang): string => lead?.editions[lang]?.title ?? "";
const tagName = (lang: Lang): string => middleEast?.names[lang] ?? "";

function describeFindings(where: string, findings: AxeFinding[]): string[] {
  return findings.map(
    (finding) =>
      `${where}: ${finding.id} (${finding.impact}) ${finding.help} <${finding.helpUrl}>\n` +
      finding.nodes.map((node) => `    at ${node.target}: ${node.summary}`).join("\n"),
  );
}

async function openPage(
  browser: Browser,
  options: Parameters<Browser["newContext"]>[0],
): Promise<{ page: Page; close: () => Promise<void> }> {
  // bypassCSP: axe is injected as an inline script, which a Content-Security-Policy may refuse.
  const context = await browser.newContext({ bypassCSP: true, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(pageTimeoutMs);
  page.setDefaultNavigationTimeout(pageTimeoutMs);
  return { page, close: () => context.close() };
}

testDatabases().forEach((database, databaseIndex) => {
  // Screenshots come from the first database only: the pages are the same on both, and the second
  // checks one edition's pages (its markup and colours are the first's; only the data's source differs).
  const takeScreenshots = databaseIndex === 0;
  const checkedLangs = databaseIndex === 0 ? LANGS : LANGS.slice(1, 2);

  describe(`accessibility in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";
    const paths = new Map<Lang, Record<PageName, string>>();

    before(async () => {
      demo = await startDemoApp(database);
      for (const lang of LANGS) {
        const front = parsePage((await demo.app.inject(`/${lang}/`)).body);
        const link = [...front.querySelectorAll("main a")].find((a) => a.textContent === title(lang));
        assert.ok(link, `the ${lang} front page links to "${title(lang)}"`);
        paths.set(lang, {
          front: `/${lang}/`,
          article: link.getAttribute("href") ?? "",
          tag: `/${lang}/tag/${slugify(tagName(lang))}`,
          "404": `/${lang}/no-such-page`,
        });
      }
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    for (const lang of checkedLangs) {
      browserTest(
        `${lang}: front page, lead article, tag archive and 404 have no serious or critical axe violations, light and dark, phone and desktop`,
        async () => {
          const problems: string[] = [];
          await withBrowser(async (browser) => {
            const modes = [
              ...VIEWPORTS.map((viewport) => ({ viewport, dark: false })),
              { viewport: VIEWPORTS[0], dark: true },
            ];
            for (const { viewport, dark } of modes) {
              const { page, close } = await openPage(browser, {
                viewport,
                colorScheme: dark ? "dark" : "light",
              });
              try {
                for (const [name, path] of Object.entries(paths.get(lang) ?? {})) {
                  const response = await page.goto(`${origin}${path}`);
                  assert.equal(response?.status(), name === "404" ? 404 : 200, `status of ${path}`);
                  const where = `${lang} ${name} ${viewport.width}px${dark ? " dark" : ""} (${path})`;
                  problems.push(...describeFindings(where, await seriousAxeViolations(page)));
                  if (takeScreenshots && (!dark || name === "article")) {
                    // Reload so that the screenshot shows the page without axe's injected script.
                    await page.reload();
                    await saveScreenshot(page, `${lang}-${name}-${viewport.width}${dark ? "-dark" : ""}`);
                  }
                }
              } finally {
                await close();
              }
            }
          });
          assert.deepEqual(problems, [], `axe found problems:\n${problems.join("\n")}`);
        },
        { timeout: 40_000 },
      );
    }

    browserTest(
      "the first Tab focuses a visible skip link that moves focus to main, and every focused link shows an outline",
      async () => {
        await withBrowser(async (browser) => {
          for (const lang of LANGS) {
            const viewport = VIEWPORTS[0];
            const { page, close } = await openPage(browser, { viewport });
            try {
              await page.goto(`${origin}${paths.get(lang)?.article}`);
              await page.keyboard.press("Tab");
              const skipLink = page.locator("a.skip-link");
              assert.ok(
                await skipLink.evaluate((element) => element === document.activeElement),
                `${lang}: the first Tab focuses the skip link`,
              );
              const box = await skipLink.boundingBox();
              assert.ok(
                box &&
                  box.width > 0 &&
                  box.height > 0 &&
                  box.x >= 0 &&
                  box.y >= 0 &&
                  box.x + box.width <= viewport.width &&
                  box.y + box.height <= viewport.height,
                `${lang}: the focused skip link is on screen (${JSON.stringify(box)})`,
              );
              if (takeScreenshots) await saveScreenshot(page, `${lang}-skip-link-${viewport.width}`);
              await page.keyboard.press("Enter");
              await page.waitForFunction(() => document.activeElement?.id === "main");

              // Tab on through the article: every link or control reached shows a solid outline.
              for (let stop = 0; stop < 12; stop++) {
                await page.keyboard.press("Tab");
                const focused = await page.evaluate(() => {
                  const element = document.activeElement as HTMLElement | null;
                  if (!element || element === document.body) return null;
                  const style = getComputedStyle(element);
                  return {
                    tag: element.tagName.toLowerCase(),
                    text: (element.textContent ?? "").trim().slice(0, 40),
                    outlineStyle: style.outlineStyle,
                    outlineWidth: Number.parseFloat(style.outlineWidth),
                  };
                });
                if (!focused) break;
                assert.ok(
                  focused.outlineStyle !== "none" && focused.outlineWidth >= 2,
                  `${lang}: focused <${focused.tag}> "${focused.text}" has a visible outline (${focused.outlineStyle} ${focused.outlineWidth}px)`,
                );
              }
            } finally {
              await close();
            }
          }
        });
      },
    );

    browserTest(
      "prints an article as the story alone: no promotion, sharing, comments or switcher",
      async () => {
        await withBrowser(async (browser) => {
          const { page, close } = await openPage(browser, { viewport: VIEWPORTS[1] });
          try {
            await page.goto(`${origin}${paths.get("en")?.article}`);
            await page.emulateMedia({ media: "print" });
            for (const selector of [".promotion", ".share", ".comments", ".edition-switcher", ".skip-link"]) {
              for (const element of await page.locator(selector).all()) {
                assert.equal(await element.isVisible(), false, `${selector} is not printed`);
              }
            }
            assert.ok(await page.locator("h1").isVisible(), "the headline is printed");
            assert.ok(await page.locator(".body").isVisible(), "the story is printed");
            if (takeScreenshots) await saveScreenshot(page, "en-article-print");
          } finally {
            await close();
          }
        });
      },
    );

    browserTest(
      "without JavaScript a reader goes from each front page to the article, a translation and a tag archive",
      async () => {
        await withBrowser(async (browser) => {
          const { page, close } = await openPage(browser, {
            javaScriptEnabled: false,
            viewport: VIEWPORTS[0],
          });
          try {
            for (const [index, lang] of LANGS.entries()) {
              const other = LANGS[(index + 1) % LANGS.length] as Lang;
              await page.goto(`${origin}/${lang}/`);
              // The lead story may be linked more than once (photo, headline, section lists).
              await page
                .getByRole("link", { name: title(lang), exact: true })
                .first()
                .click();
              await page.waitForURL(new RegExp(`/${lang}/\\d{4}/\\d{2}/\\d{2}/`));
              assert.equal(await page.locator("h1").textContent(), title(lang));

              await page.locator(`nav.edition-switcher a[hreflang="${other}"]`).click();
              await page.waitForURL(new RegExp(`/${other}/\\d{4}/\\d{2}/\\d{2}/`));
              assert.equal(await page.locator("h1").textContent(), title(other));

              await page
                .locator("nav.tags")
                .getByRole("link", { name: tagName(other), exact: true })
                .click();
              await page.waitForURL(`${origin}/${other}/tag/${slugify(tagName(other))}`);
              assert.match((await page.locator("h1").textContent()) ?? "", new RegExp(tagName(other)));
              assert.ok(
                (await page.getByRole("link", { name: title(other), exact: true }).count()) > 0,
                `the ${other} tag archive lists the lead article`,
              );
            }
          } finally {
            await close();
          }
        });
      },
    );
  });
});
