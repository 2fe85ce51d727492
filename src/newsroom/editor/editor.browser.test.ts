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
import { parseBodyDocument } from "../../shared/body/parse-body.ts";

for (const database of testDatabases()) {
  describe(`the article editor in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "a contributor writes a story with every kind of block, tags it, sees it autosaved, finds it again after a reload and is warned before leaving with unsaved changes",
      async () => {
        const contributor = await createTestUser(demo.database.db, "contributor", {
          name: "Casey Contributor",
        });
        const shot = (page: Page, name: string) => saveScreenshot(page, `${database.name}-editor-${name}`);

        await withPage(async (page) => {
          page.setDefaultTimeout(8_000);
          const problems = watchConsole(page);
          await signInThroughForm(page, origin, contributor, "/newsroom/articles/new");
          await page.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
          const body = page.locator(".ed-prose");
          await body.waitFor();
          await shot(page, "new-story");

          // Title: the slug follows it.
          await page.getByLabel("Title").fill("Iraq and Turkey reopen border talks");
          await page.waitForFunction(
            () =>
              (document.querySelector('[data-field="slug"]') as HTMLInputElement | null)?.value ===
              "iraq-and-turkey-reopen-border-talks",
          );
          await page.getByLabel("Summary").fill("Officials meet in Baghdad after months of silence.");

          // A heading, then a paragraph with bold text and a link.
          await body.click();
          await page.getByLabel("Text style").selectOption("2");
          await page.keyboard.type("Talks in Baghdad");
          await page.keyboard.press("Enter");
          await page.keyboard.type("Officials from ");
          await page.getByRole("button", { name: "Bold", exact: true }).click();
          await page.keyboard.type("Iraq and Turkey");
          await page.getByRole("button", { name: "Bold", exact: true }).click();
          await page.keyboard.type(" met on Monday, says the ");
          await page.keyboard.type("ministry");
          for (let i = 0; i < "ministry".length; i += 1) await page.keyboard.press("Shift+ArrowLeft");
          await page.getByRole("button", { name: "Link", exact: true }).click();
          const linkDialog = page.getByRole("dialog", { name: "Add a link" });
          await linkDialog.getByLabel("Address").fill("https://example.org/ministry");
          await linkDialog.getByRole("button", { name: "Apply" }).click();
          await linkDialog.waitFor({ state: "detached" });
          await page.keyboard.press("End");
          await page.keyboard.type(".");

          // A quote, then a list.
          await page.keyboard.press("Enter");
          await page.getByRole("button", { name: "Quote" }).click();
          await page.keyboard.type("We want the crossing open before winter.");
          await page.keyboard.press("Enter");
          await page.getByRole("button", { name: "Quote" }).click();
          await page.getByRole("button", { name: "Bulleted list" }).click();
          await page.keyboard.type("Trade through Habur");
          await page.keyboard.press("Enter");
          await page.keyboard.type("Water from the Tigris");
          await page.keyboard.press("Enter");
          await page.keyboard.press("Enter");

          // A figure from the media library, with its own caption and credit.
          await page.getByRole("button", { name: "Insert image" }).click();
          const mediaDialog = page.getByRole("dialog", { name: "Insert an image" });
          await mediaDialog.locator(".ed-media-choice").first().click();
          await mediaDialog.waitFor({ state: "detached" });
          const figure = page.locator(".ed-prose .ed-figure");
          await figure.getByLabel("Caption").fill("The Habur border gate");
          await figure.getByLabel("Credit").fill("Tribune/Photo desk");

          // An embed by URL, and a READ callout found by typing.
          await body.click({ position: { x: 5, y: 5 } });
          await page.keyboard.press("Control+End");
          await page.getByRole("button", { name: "Insert embed" }).click();
          const embedDialog = page.getByRole("dialog", { name: "Embed a post or video" });
          await embedDialog
            .getByLabel("Address of the post or video")
            .fill("https://www.youtube.com/watch?v=abc123");
          await embedDialog.getByRole("button", { name: "Insert" }).click();
          await embedDialog.waitFor({ state: "detached" });
          await page.getByRole("button", { name: "Insert READ callout" }).click();
          const picker = page.getByRole("dialog", { name: "Insert a READ callout" });
          await picker.getByRole("combobox").fill("Muqtada");
          await picker.getByRole("option").first().waitFor();
          await shot(page, "read-picker");
          await picker.getByRole("combobox").press("Enter");
          await picker.waitFor({ state: "detached" });
          await page.locator(".ed-callout", { hasText: "Muqtada" }).waitFor();

          // Tags: one by type-ahead, one from the suggestions.
          const tagInput = page.getByRole("combobox", { name: "Add a tag" });
          await tagInput.fill("Turk");
          await page.getByRole("option", { name: /Turkey/ }).waitFor();
          await tagInput.press("Enter");
          await page.locator("[data-tag-chips] .chip", { hasText: "Turkey" }).waitFor();
          const addIraq = page.getByRole("button", { name: "Add tag Iraq" });
          await addIraq.waitFor();
          await shot(page, "suggestions");
          await addIraq.click();
          await page.locator("[data-tag-chips] .chip", { hasText: "Iraq" }).waitFor();

          // Autosave: the status says so, and the address is the article's now.
          const status = page.locator("[data-save-status]");
          await page.waitForFunction(
            () => /^Saved at \d\d:\d\d/.test(document.querySelector("[data-save-status]")?.textContent ?? ""),
            undefined,
            { timeout: 15_000 },
          );
          assert.match((await status.textContent()) ?? "", /Saved at \d\d:\d\d \(revision \d+\)/);
          await page.waitForURL(/\/newsroom\/articles\/\d+\/edit$/);
          const articleId = Number(/articles\/(\d+)\/edit/.exec(page.url())?.[1]);
          // The page is the article's now, without a reload: its heading and its links say so.
          assert.equal(await page.locator("[data-editor-heading]").textContent(), "Edit article");
          const workflow = page.getByRole("link", { name: "Workflow" });
          assert.ok(await workflow.isVisible(), "the Workflow link shows after the first save");
          assert.equal(await workflow.getAttribute("href"), `/newsroom/articles/${articleId}/workflow`);
          assert.ok(await page.getByRole("link", { name: "Revisions" }).isVisible());
          await shot(page, "autosaved");

          // What was stored is a valid body with every kind of block.
          const stored = await demo.database.db
            .selectFrom("articles")
            .selectAll()
            .where("id", "=", articleId)
            .executeTakeFirstOrThrow();
          const doc = parseBodyDocument(stored.body);
          const types = doc.content.map((block) => block.type);
          for (const type of [
            "heading",
            "paragraph",
            "blockquote",
            "bulletList",
            "figure",
            "embed",
            "readCallout",
          ]) {
            assert.ok(types.includes(type as (typeof types)[number]), `${type} in ${types.join(", ")}`);
          }
          assert.match(stored.body, /"bold"/);
          assert.match(stored.body, /"href":"https:\/\/example.org\/ministry"/);
          assert.match(stored.body, /"caption":"The Habur border gate","credit":"Tribune\/Photo desk"/);

          // A reload shows the same content.
          await page.reload();
          await page.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
          assert.equal(await page.getByLabel("Title").inputValue(), "Iraq and Turkey reopen border talks");
          assert.equal(await body.locator("h2").textContent(), "Talks in Baghdad");
          assert.equal(await body.locator("strong").first().textContent(), "Iraq and Turkey");
          assert.equal(await body.locator("a").first().getAttribute("href"), "https://example.org/ministry");
          assert.equal(
            await body.locator("blockquote").textContent(),
            "We want the crossing open before winter.",
          );
          assert.deepEqual(await body.locator("ul li").allTextContents(), [
            "Trade through Habur",
            "Water from the Tigris",
          ]);
          assert.equal(
            await body.locator(".ed-figure").getByLabel("Caption").inputValue(),
            "The Habur border gate",
          );
          assert.equal(
            await body.locator(".ed-figure").getByLabel("Credit").inputValue(),
            "Tribune/Photo desk",
          );
          assert.match(
            (await body.locator(".ed-embed").textContent()) ?? "",
            /youtube\.com\/watch\?v=abc123/,
          );
          assert.match((await body.locator(".ed-callout").textContent()) ?? "", /READ:.*Muqtada/);
          assert.deepEqual(
            (await page.locator("[data-tag-chips] .chip > span:first-child").allTextContents()).sort(),
            ["Iraq", "Turkey"],
          );
          await shot(page, "reloaded");

          // An unsaved change: leaving asks first.
          await body.locator("h2").click();
          await page.keyboard.press("End");
          await page.keyboard.type(" resume");
          let dialogType = "";
          page.once("dialog", async (dialog) => {
            dialogType = dialog.type();
            await dialog.dismiss();
          });
          await page.close({ runBeforeUnload: true });
          await waitUntil(() => dialogType !== "", 5_000);
          assert.equal(dialogType, "beforeunload");
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 90_000 },
    );
  });
}

async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
}
