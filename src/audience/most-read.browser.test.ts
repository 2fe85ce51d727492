import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { browserTest, checkBothWidths, signInThroughForm, withBrowser } from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { createTestUser } from "../../test/support/newsroom.ts";

/** Readers' browsers: each a different User-Agent, so each is another reader (not a reload). */
const readerAgent = (n: number) =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Reader/${n}`;

testDatabases().forEach((database, databaseIndex) => {
  describe(`most read in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "readers' visits are sent by the beacon, reorder the box after a flush and a refresh, and show on the newsroom's chart",
      async () => {
        const front = parsePage((await demo.app.inject("/en/")).body);
        assert.equal(front.querySelector("section.most-read"), null, "no box before any numbers");
        const stories = [...front.querySelectorAll("main h2 a, main h3 a")]
          .map((link) => ({ title: link.textContent ?? "", href: link.getAttribute("href") ?? "" }))
          .filter((story) => /\/\d{4}\/\d{2}\/\d{2}\//.test(story.href))
          .slice(0, 3);
        assert.equal(stories.length, 3);
        const [a, b, c] = stories as [(typeof stories)[0], (typeof stories)[0], (typeof stories)[0]];
        // b read by three readers, c by two, a by one: the box must say b, c, a.
        const visits = [[b, c, a], [b, c], [b]];
        await withBrowser(async (browser) => {
          for (const [index, articles] of visits.entries()) {
            const context = await browser.newContext({ userAgent: readerAgent(index) });
            const page = await context.newPage();
            for (const story of articles) {
              const sent = page.waitForResponse((answer) => new URL(answer.url()).pathname === "/beacon");
              await page.goto(`${origin}${story.href}`);
              const beacon = await sent;
              assert.equal(beacon.status(), 204);
              assert.equal(beacon.request().method(), "POST");
              assert.ok(!beacon.url().includes("http%3A"), "the referrer's address is not sent");
            }
            assert.deepEqual(await context.cookies(), [], "no cookie is ever set");
            await context.close();
          }
          await demo.app.audience.counter.flush();
          assert.deepEqual(await demo.app.audience.refreshMostRead(), ["en"]);

          // The second reader again: their second look at c below is a reload, not a view.
          const context = await browser.newContext({ userAgent: readerAgent(1) });
          const page = await context.newPage();
          await page.goto(`${origin}/en/`);
          const listed = await page.locator("section.most-read li a").allTextContents();
          assert.deepEqual(listed, [b.title, c.title, a.title]);
          assert.equal(
            await page.getByRole("heading", { name: "Most read" }).count(),
            1,
            "the box is a section named by its heading",
          );
          if (databaseIndex === 0) await checkBothWidths(page, "most-read-front");
          await page.goto(`${origin}${c.href}`);
          assert.deepEqual(await page.locator("section.most-read li a").allTextContents(), [
            b.title,
            c.title,
            a.title,
          ]);
          await context.close();

          // The same visits on the newsroom's audience page: top stories of the day, b first with 3.
          await demo.app.audience.counter.flush();
          const editor = await createTestUser(demo.database.db, "editor");
          const desk = await browser.newContext();
          const deskPage = await desk.newPage();
          await signInThroughForm(deskPage, origin, editor, "/newsroom/audience?period=24h&edition=en");
          await deskPage.locator("#stories-chart summary").click();
          const rows = deskPage.locator("#stories-chart tbody tr");
          const counted = [];
          for (const row of await rows.all()) {
            counted.push([
              (await row.locator("th").textContent())?.trim(),
              (await row.locator('td[data-series="en"]').textContent())?.trim(),
            ]);
          }
          assert.deepEqual(counted, [
            [b.title, "3"],
            [c.title, "2"],
            [a.title, "1"],
          ]);
          await desk.close();
        });
      },
      { timeout: 60_000 },
    );
  });
});
