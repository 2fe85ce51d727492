import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { seriousAxeViolations } from "../../../test/support/axe.ts";
import {
  browserTest,
  saveScreenshot,
  signInThroughForm,
  watchConsole,
  withBrowser,
} from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import { OEmbedTestServer } from "../../embeds/oembed-test-support.ts";

const VIDEO = "https://www.youtube.com/watch?v=kirkukAAAA1";
const TITLE = "Kirkuk, a year on";
const HEADLINE = "Kirkuk's market reopens a year after the fighting";
const PLAYER = "https://www.youtube-nocookie.com/embed/kirkukAAAA1";

/**
 * A reader's context that records every request and lets none leave this machine: a request to
 * another host is recorded, then aborted (the player's included, which is all the test needs).
 */
async function readerContext(
  browser: Browser,
  viewport: { width: number; height: number },
  javaScriptEnabled = true,
): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport, javaScriptEnabled });
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  await context.route(
    (url) => url.hostname !== "127.0.0.1",
    (route) => route.abort(),
  );
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  return { context, page, requests };
}

const leftTheMachine = (requests: readonly string[]) =>
  requests.filter((url) => new URL(url).hostname !== "127.0.0.1");

for (const database of testDatabases()) {
  describe(`embeds in Chromium on ${database.name}`, () => {
    const server = new OEmbedTestServer();
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      await server.start();
      server.fixtures.set(VIDEO, server.youtubeAnswer("kirkukAAAA1", TITLE));
      demo = await startDemoApp(database, server.env());
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(async () => {
      await demo?.close();
      await server.stop();
    });

    browserTest(
      "an editor embeds a YouTube video and publishes; readers get a card that asks nothing of YouTube until they click it",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor", { name: "Edna Editor" });
        const shot = (page: Page, name: string) => saveScreenshot(page, `${database.name}-embeds-${name}`);
        await withBrowser(async (browser) => {
          // The editor: the embed shows the fetched title and thumbnail as soon as it is added.
          const newsroom = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          const page = await newsroom.newPage();
          page.setDefaultTimeout(10_000);
          const problems = watchConsole(page);
          await signInThroughForm(page, origin, editor, "/newsroom/articles/new");
          await page.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
          await page.getByLabel("Title").fill(HEADLINE);
          await page.getByLabel("Summary").fill("Traders are back in the old souk.");
          const body = page.locator(".ed-prose");
          await body.click();
          await page.keyboard.type("Stalls opened at dawn on Monday.");
          await page.getByRole("button", { name: "Insert embed" }).click();
          const dialog = page.getByRole("dialog", { name: "Embed a post or video" });
          await dialog.getByLabel("Address of the post or video").fill(VIDEO);
          await dialog.getByRole("button", { name: "Insert" }).click();
          const card = body.locator(".ed-embed");
          await card.locator(".ed-embed-title", { hasText: TITLE }).waitFor();
          assert.match((await card.textContent()) ?? "", /YouTube · Tribune Channel/);
          await card.locator("img.ed-embed-thumb").waitFor();
          assert.match((await card.locator("img").getAttribute("src")) ?? "", /^\/media\//);
          await shot(page, "editor");

          // Saved (autosave), then published from the editor's workflow panel.
          await page.waitForURL(/\/newsroom\/articles\/\d+\/edit$/, { timeout: 15_000 });
          const articleId = Number(/articles\/(\d+)\/edit/.exec(page.url())?.[1]);
          await page.waitForFunction(() =>
            /^Saved at/.test(document.querySelector("[data-save-status]")?.textContent ?? ""),
          );
          // The preview plays the video as readers will: the newsroom's policy lets the player in.
          const previewRequests: string[] = [];
          newsroom.on("request", (request) => previewRequests.push(request.url()));
          await newsroom.route(
            (url) => url.hostname !== "127.0.0.1",
            (route) => route.abort(),
          );
          await page.goto(`${origin}/newsroom/articles/${articleId}/preview`);
          await page.locator("figure.embed-card a").click();
          await page.locator("figure iframe.embed-frame").waitFor({ state: "attached" });
          await waitFor(() => previewRequests.some((url) => url.startsWith(PLAYER)));
          await page.goto(`${origin}/newsroom/articles/${articleId}/workflow`);
          await page.getByRole("button", { name: "Publish now" }).click();
          await page.locator('[data-status="published"]').waitFor();
          assert.deepEqual(problems, []);
          assert.equal(server.oembedRequestsFor(VIDEO), 1);
          await newsroom.close();

          // The reader, on a phone: the card, its local thumbnail, and no request beyond 127.0.0.1.
          const phone = await readerContext(browser, { width: 390, height: 844 });
          await phone.page.goto(`${origin}/en/`);
          const href = await phone.page.getByRole("link", { name: HEADLINE }).first().getAttribute("href");
          assert.ok(href, "the front page lists the new story");
          await phone.page.goto(`${origin}${href}`);
          const figure = phone.page.locator("figure.embed-card");
          await figure.scrollIntoViewIfNeeded();
          assert.equal(await figure.locator(".embed-title").textContent(), TITLE);
          assert.equal(await figure.locator(".embed-by").textContent(), "YouTube · Tribune Channel");
          await phone.page.waitForFunction(() => {
            const img = document.querySelector<HTMLImageElement>("figure.embed-card img");
            return img?.complete && img.naturalWidth > 0;
          });
          await shot(phone.page, "reader-390");
          assert.deepEqual(await seriousAxeViolations(phone.page), [], "the card is accessible");
          assert.deepEqual(
            leftTheMachine(phone.requests),
            [],
            "nothing asked of a third party before the click",
          );

          // The click: the card becomes YouTube's privacy-enhanced player, which is then asked for.
          await figure.locator("a").click();
          const frame = phone.page.locator("figure iframe.embed-frame");
          await frame.waitFor({ state: "attached" });
          assert.match((await frame.getAttribute("src")) ?? "", new RegExp(`^${PLAYER}\\?`));
          assert.equal(await frame.getAttribute("title"), `${TITLE} (YouTube)`);
          assert.match(
            (await frame.getAttribute("allow")) ?? "",
            /autoplay; .*encrypted-media; .*fullscreen/,
          );
          await waitFor(() => leftTheMachine(phone.requests).some((url) => url.startsWith(PLAYER)));
          assert.deepEqual(
            leftTheMachine(phone.requests).filter((url) => !url.startsWith(PLAYER)),
            [],
            "the player is the only third-party request, after the click",
          );
          await phone.context.close();

          // On a desktop, the same card; without script, the card is a plain link to the original.
          const desktop = await readerContext(browser, { width: 1280, height: 900 });
          await desktop.page.goto(`${origin}${href}`);
          await desktop.page.locator("figure.embed-card").scrollIntoViewIfNeeded();
          await desktop.page.waitForFunction(
            () => (document.querySelector<HTMLImageElement>("figure.embed-card img")?.naturalWidth ?? 0) > 0,
          );
          await shot(desktop.page, "reader-1280");
          assert.deepEqual(leftTheMachine(desktop.requests), []);
          await desktop.context.close();

          const noScript = await readerContext(browser, { width: 390, height: 844 }, false);
          await noScript.page.goto(`${origin}${href}`);
          const link = noScript.page.locator("figure.embed-card a");
          assert.equal(await link.getAttribute("href"), VIDEO);
          await Promise.all([
            noScript.page.waitForEvent("requestfailed", (request) => request.url() === VIDEO),
            link.click(),
          ]);
          assert.deepEqual(
            leftTheMachine(noScript.requests),
            [VIDEO],
            "a click follows the link, nothing else",
          );
          await noScript.context.close();
        });
      },
      { timeout: 90_000 },
    );
  });
}

/** Polls `condition` for up to 5 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
