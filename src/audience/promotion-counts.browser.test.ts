import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Page } from "playwright-core";
import { browserTest, signInThroughForm, withBrowser } from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import { PromotionService } from "../promotions/promotion-service.ts";

const READER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/** Opens `path` as a reader and returns the beacon the page sent (its query). */
async function readAndBeacon(page: Page, origin: string, path: string): Promise<URLSearchParams> {
  const sent = page.waitForResponse((answer) => new URL(answer.url()).pathname === "/beacon");
  await page.goto(`${origin}${path}`);
  const beacon = await sent;
  assert.equal(beacon.status(), 204);
  return new URL(beacon.url()).searchParams;
}

for (const database of testDatabases()) {
  describe(`a promotion's numbers in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "a Portuguese-only promotion is shown and counted only in pt, and the newsroom shows its numbers",
      async () => {
        const db = demo.database.db;
        const promotion = await new PromotionService(db, demo.app.contentEvents).upsertPromotion({
          key: "assine-browser",
          placement: "after-article",
          headline: "Assine o boletim",
          text: null,
          cta: "Assinar",
          href: "/pt/",
          editions: ["pt"],
        });
        const leadOf = async (edition: string) => {
          const front = parsePage((await demo.app.inject(`/${edition}/`)).body);
          const href = [...front.querySelectorAll("main a")]
            .map((link) => link.getAttribute("href") ?? "")
            .find((link) => /\/\d{4}\/\d{2}\/\d{2}\//.test(link));
          assert.ok(href, `a story on the ${edition} front page`);
          return href;
        };
        const [ptArticle, enArticle] = [await leadOf("pt"), await leadOf("en")];
        const box = `aside[data-promotion="${promotion.id}"]`;

        await withBrowser(async (browser) => {
          const reader = await browser.newContext({ userAgent: READER_UA });
          const page = await reader.newPage();
          const inEnglish = await readAndBeacon(page, origin, enArticle);
          assert.equal(await page.locator(box).count(), 0, "not shown in en");
          assert.ok(!(inEnglish.get("p") ?? "").split(",").includes(String(promotion.id)));

          const inPortuguese = await readAndBeacon(page, origin, ptArticle);
          assert.ok(await page.locator(box).isVisible(), "shown in pt");
          assert.ok((inPortuguese.get("p") ?? "").split(",").includes(String(promotion.id)));
          await page.locator(`${box} a`).click();
          await page.waitForURL(`${origin}/pt/`);
          assert.deepEqual(await reader.cookies(), [], "counting sets no cookie");
          await reader.close();

          await demo.app.audience.counter.flush();
          const counts = await db
            .selectFrom("promotionCounts")
            .select(["edition", "impressions", "clicks"])
            .where("promotionId", "=", promotion.id)
            .execute();
          assert.deepEqual(
            counts.map((row) => [row.edition, Number(row.impressions), Number(row.clicks)]),
            [["pt", 1, 1]],
          );

          const desk = await browser.newContext();
          const deskPage = await desk.newPage();
          await signInThroughForm(
            deskPage,
            origin,
            await createTestUser(db, "editor"),
            "/newsroom/promotions",
          );
          const row = deskPage.locator("tbody tr", { hasText: "Assine o boletim" });
          assert.deepEqual(await row.locator("td.numbers-cell").allTextContents(), [
            "1 impression, 1 click (100.0%)",
            "1 impression, 1 click (100.0%)",
          ]);
          await desk.close();
        });
      },
      { timeout: 90_000 },
    );
  });
}
