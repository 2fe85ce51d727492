import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import {
  browserTest,
  checkBothWidths,
  DESKTOP,
  saveScreenshot,
  signInThroughForm,
  watchConsole,
  withPage,
} from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import { rssFeed, TestFeedServer } from "../../feeds/feed-test-support.ts";
import { SourceService } from "../../sources/source-service.ts";

for (const database of testDatabases()) {
  describe(`agency feeds in Chromium on ${database.name}`, () => {
    const server = new TestFeedServer();
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      await server.start();
      server.serveXml(
        "/wire.xml",
        () =>
          rssFeed([
            {
              title: "Dam inspectors report cracks",
              guid: "b-1",
              link: "https://agency.example/dam",
              photo: server.url("/photo.jpg"),
              credit: "Wire Photo",
            },
            { title: "Ferry strike ends", guid: "b-2", link: "https://agency.example/ferry" },
          ]),
        '"w1"',
      );
      demo = await startDemoApp(
        database,
        { FEEDS_ALLOW_PRIVATE: "true" },
        { watchSchedule: false, feedLimits: { timeoutMs: 5_000 } },
      );
      await new SourceService(demo.database.db).upsertSource({ name: "Browser Wire" });
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(async () => {
      await demo?.close();
      await server.stop();
    });

    browserTest(
      "an editor adds a feed, polls it, sees its drafts and takes one into the editor",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor");
        await withPage(async (page) => {
          const problems = watchConsole(page);
          await page.setViewportSize(DESKTOP);
          await signInThroughForm(page, origin, editor, "/newsroom/feeds");
          assert.equal(await page.locator("h1").textContent(), "Agency feeds");
          await checkBothWidths(page, `${database.name}-feeds-empty`);
          await page.reload();
          await page.getByLabel(/^Name/).fill("Browser Wire World");
          await page.getByLabel(/^Address/).fill(server.url("/wire.xml"));
          await page.getByLabel(/^Edition/).selectOption("en");
          await page.getByLabel(/^Source/).selectOption({ label: "Browser Wire" });
          await page.getByLabel(/^Poll every/).fill("30");
          await page.getByRole("button", { name: "Add feed" }).click();
          await page.waitForURL(/\/newsroom\/feeds\/\d+\?done=saved$/);
          assert.equal(await page.locator("h1").textContent(), "Browser Wire World");

          await page.getByRole("button", { name: "Poll now" }).click();
          await page.waitForURL(/done=polled/);
          const row = page.locator("tr[data-poll-status]").first();
          assert.equal(await row.getAttribute("data-poll-status"), "fetched");
          assert.match((await row.textContent()) ?? "", /fetched\s*2\s*0\s*0/);
          await checkBothWidths(page, `${database.name}-feed-polled`);

          await page.getByRole("link", { name: "Agency queue" }).click();
          await page.waitForURL(/\/newsroom\/feeds\/queue$/);
          await page.getByRole("row", { name: /Ferry strike ends/ }).waitFor();
          await checkBothWidths(page, `${database.name}-agency-queue`);
          await page.getByRole("button", { name: "Take “Dam inspectors report cracks”" }).click();
          await page.waitForURL(/\/newsroom\/articles\/\d+\/edit$/);
          assert.equal(
            await page
              .getByLabel(/^Title/)
              .first()
              .inputValue(),
            "Dam inspectors report cracks",
          );
          await saveScreenshot(page, `${database.name}-agency-draft-in-editor`);

          await page.goto(`${origin}/newsroom/feeds/queue`);
          const taken = page.getByRole("row", { name: /Dam inspectors report cracks/ });
          assert.match((await taken.textContent()) ?? "", /Open/);
          assert.deepEqual(problems, []);
        });
      },
    );
  });
}
