// The newsroom from end to end, in Chromium, as the people of a newsroom use it: a contributor
// uploads a photo and writes a story with a figure and a READ callout, tags it and sends it to
// review; an editor previews and publishes it, and readers have it at once; a translator translates
// it into Portuguese beside the original; the editor changes the English original and the
// Portuguese shows as outdated with the change; a revision is restored; an admin reads the audit
// log. A screenshot of every newsroom screen is saved under test-artifacts/screenshots/.

import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Browser, Page } from "playwright-core";
import { jpegPhoto } from "../src/newsroom/media/media-test-support.ts";
import { parseBodyDocument } from "../src/shared/body/parse-body.ts";
import {
  browserTest,
  saveScreenshot,
  signInThroughForm,
  watchConsole,
  withBrowser,
} from "./support/browser.ts";
import { testDatabases } from "./support/databases.ts";
import { type DemoApp, startDemoApp } from "./support/demo-app.ts";
import { createTestUser, type TestUser } from "./support/newsroom.ts";

const TITLE = "Iraq and Turkey reopen border talks";
const FIRST_PARAGRAPH = "Officials from Iraq and Turkey met in Baghdad on Monday.";
const ADDED = " Talks resume on Friday.";
const PT_TITLE = "Iraque e Turquia retomam negociações de fronteira";
const PT_PARAGRAPH = "Autoridades do Iraque e da Turquia reuniram-se em Bagdá na segunda-feira.";

for (const database of testDatabases()) {
  describe(`the newsroom flow in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "16" });
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "a story goes from a contributor's draft to readers, into Portuguese, through an edit and a restored revision",
      async () => {
        const db = demo.database.db;
        const contributor = await createTestUser(db, "contributor", { name: "Casey Contributor" });
        const editor = await createTestUser(db, "editor", { name: "Eda Editor" });
        const translator = await createTestUser(db, "translator", {
          name: "Tiago Tradutor",
          editions: ["pt"],
        });
        const admin = await createTestUser(db, "admin", { name: "Ada Admin" });
        const problems: string[] = [];
        const shot = (page: Page, name: string) =>
          saveScreenshot(page, `${database.name}-newsroom-flow-${name}`);

        await withBrowser(async (browser) => {
          // ── The contributor: a photo, then the story with a figure, a READ callout and tags. ──
          const casey = await signedIn(browser, problems, contributor, "/newsroom/media");
          await casey.getByLabel("Images").setInputFiles({
            name: "habur-gate.jpg",
            mimeType: "image/jpeg",
            buffer: await jpegPhoto(1600, 1067, "habur gate"),
          });
          await casey.getByRole("button", { name: "Upload" }).click();
          await casey.waitForURL(/\/newsroom\/media\/\d+\?done=uploaded$/);
          await casey
            .getByRole("group", { name: "Edition en" })
            .getByLabel("Caption")
            .fill("The Habur border gate");
          await casey.getByLabel("Credit").fill("Tribune/Photo desk");
          await casey.getByRole("button", { name: "Save texts" }).click();
          await casey.waitForURL(/\/newsroom\/media\/\d+\?done=saved$/);
          await shot(casey, "01-media-uploaded");

          await casey.goto(`${origin}/newsroom/articles/new`);
          await editorReady(casey);
          await casey.getByLabel("Title").fill(TITLE);
          await casey.getByLabel("Summary").fill("Officials meet in Baghdad after months of silence.");
          const body = casey.locator(".ed-prose");
          await body.click();
          await casey.keyboard.type(FIRST_PARAGRAPH);
          await casey.keyboard.press("Enter");
          await casey.getByRole("button", { name: "Insert image" }).click();
          const mediaDialog = casey.getByRole("dialog", { name: "Insert an image" });
          await mediaDialog.getByRole("button", { name: "Choose: The Habur border gate" }).click();
          await mediaDialog.waitFor({ state: "detached" });
          await casey.locator(".ed-prose .ed-figure").waitFor();
          await casey.getByRole("button", { name: "Insert READ callout" }).click();
          const picker = casey.getByRole("dialog", { name: "Insert a READ callout" });
          await picker.getByRole("combobox").fill("Muqtada");
          await picker.getByRole("option").first().waitFor();
          await picker.getByRole("combobox").press("Enter");
          await picker.waitFor({ state: "detached" });
          await casey.locator(".ed-callout", { hasText: "Muqtada" }).waitFor();
          const tagInput = casey.getByRole("combobox", { name: "Add a tag" });
          await tagInput.fill("Turk");
          await casey.getByRole("option", { name: /Turkey/ }).waitFor();
          await tagInput.press("Enter");
          await casey.locator("[data-tag-chips] .chip", { hasText: "Turkey" }).waitFor();
          await savedNow(casey);
          await casey.waitForURL(/\/newsroom\/articles\/\d+\/edit$/);
          const articleId = Number(/articles\/(\d+)\/edit/.exec(casey.url())?.[1]);
          await shot(casey, "02-editor-draft");
          const draft = await db
            .selectFrom("articles")
            .selectAll()
            .where("id", "=", articleId)
            .executeTakeFirstOrThrow();
          const types = parseBodyDocument(draft.body).content.map((block) => block.type);
          assert.ok(types.includes("figure") && types.includes("readCallout"), types.join(", "));

          // The address became the article's when it was first saved; the page as loaded from there
          // links to its workflow.
          await casey.reload();
          await editorReady(casey);
          await casey.getByRole("link", { name: "Workflow" }).click();
          await casey.waitForURL(`${origin}/newsroom/articles/${articleId}/workflow`);
          await shot(casey, "03-workflow-draft");
          assert.deepEqual(
            await panelButtons(casey),
            ["Send to review"],
            "a contributor only sends to review",
          );
          await casey.getByRole("button", { name: "Send to review" }).click();
          await casey.waitForURL(/\?done=submit$/);
          assert.equal(await casey.locator("[data-status]").getAttribute("data-status"), "review");

          // ── The editor: review queue, preview, publish; readers have it at once. ──
          const eda = await signedIn(browser, problems, editor, "/newsroom");
          await eda
            .getByRole("navigation", { name: "Newsroom" })
            .getByRole("link", { name: "Review queue" })
            .click();
          await eda.waitForURL(`${origin}/newsroom/review`);
          await shot(eda, "04-review-queue");
          const row = eda.locator("tr", { hasText: TITLE });
          assert.match((await row.textContent()) ?? "", /Casey Contributor/);
          await row.getByRole("link", { name: "Preview" }).click();
          await eda.waitForURL(`${origin}/newsroom/articles/${articleId}/preview`);
          assert.match(
            (await eda.locator("[data-preview-banner]").textContent()) ?? "",
            /Preview — not published/,
          );
          assert.equal(await eda.locator("article.article h1").textContent(), TITLE);
          assert.equal((await eda.locator("article.article figure").count()) > 0, true, "the figure");
          assert.match((await eda.locator("article.article").textContent()) ?? "", /READ:?\s*.*Muqtada/);
          await shot(eda, "05-preview");
          await eda.goBack();
          await row.getByRole("link", { name: "Review", exact: true }).click();
          await eda.waitForURL(`${origin}/newsroom/articles/${articleId}/workflow`);
          await shot(eda, "06-workflow-review");
          await eda.getByRole("button", { name: "Publish now" }).click();
          await eda.waitForURL(/\?done=publish$/);
          assert.equal(await eda.locator("[data-status]").getAttribute("data-status"), "published");
          await shot(eda, "07-workflow-published");
          await eda.getByRole("link", { name: "View on the site" }).click();
          await eda.waitForURL(/\/en\/\d{4}\/\d{2}\/\d{2}\/iraq-and-turkey-reopen-border-talks$/);
          const readerPath = new URL(eda.url()).pathname;
          assert.equal(await eda.locator("article.article h1").textContent(), TITLE);
          await shot(eda, "08-reader-page");
          const front = await fetch(`${origin}/en/`);
          assert.match(await front.text(), new RegExp(TITLE), "on the front page at once");

          // ── The translator: the desk, then the Portuguese beside the English. ──
          const tiago = await signedIn(browser, problems, translator, "/newsroom/translations");
          await shot(tiago, "09-translation-desk");
          const deskRow = tiago.locator(`tr[data-story="${draft.storyId}"]`);
          assert.equal(await deskRow.locator('td[data-edition="pt"]').getAttribute("data-state"), "missing");
          await deskRow.getByRole("button", { name: "Translate into pt" }).click();
          await tiago.waitForURL(/\/newsroom\/translations\/\d+\?done=started$/);
          const translationId = Number(/translations\/(\d+)/.exec(tiago.url())?.[1]);
          await editorReady(tiago);
          assert.match(
            (await tiago.locator("[data-original]").textContent()) ?? "",
            new RegExp(FIRST_PARAGRAPH),
          );
          await tiago.getByLabel("Title").fill(PT_TITLE);
          const firstParagraph = tiago.locator(".ed-prose p", { hasText: FIRST_PARAGRAPH });
          await firstParagraph.click({ clickCount: 3 });
          await tiago.keyboard.type(PT_PARAGRAPH);
          await savedNow(tiago);
          await shot(tiago, "10-translate-side-by-side");
          const portuguese = await db
            .selectFrom("articles")
            .selectAll()
            .where("id", "=", translationId)
            .executeTakeFirstOrThrow();
          assert.equal(portuguese.edition, "pt");
          assert.equal(portuguese.title, PT_TITLE);
          assert.match(portuguese.body, new RegExp(PT_PARAGRAPH));

          // ── The editor changes the English original (published: saved with the button). ──
          await eda.goto(`${origin}/newsroom/articles/${articleId}/workflow`);
          await eda.getByRole("link", { name: "Edit", exact: true }).click();
          await editorReady(eda);
          await eda.locator(".ed-prose p", { hasText: FIRST_PARAGRAPH }).click();
          await eda.keyboard.press("End");
          await eda.keyboard.type(ADDED);
          await eda.getByRole("button", { name: "Save changes" }).click();
          await savedNow(eda);
          await shot(eda, "11-editor-original-edited");
          const reader = await fetch(`${origin}${readerPath}`);
          assert.match(await reader.text(), /Talks resume on Friday\./, "readers have the edit at once");

          // ── The Portuguese is outdated, with what changed. ──
          await tiago.goto(`${origin}/newsroom/translations?edition=pt&state=outdated`);
          assert.equal(
            await tiago
              .locator(`tr[data-story="${draft.storyId}"] td[data-edition="pt"]`)
              .getAttribute("data-state"),
            "outdated",
          );
          await shot(tiago, "12-desk-outdated");
          await tiago
            .locator(`tr[data-story="${draft.storyId}"]`)
            .getByRole("link", { name: "Update", exact: true })
            .click();
          await tiago.waitForURL(`${origin}/newsroom/translations/${translationId}`);
          const changes = tiago.locator(".changes-since [data-field='body'] ins");
          assert.match((await changes.allTextContents()).join(""), /Talks resume on Friday\./);
          await shot(tiago, "13-translation-outdated");
          await tiago.getByRole("button", { name: "Mark as updated" }).click();
          await tiago.waitForURL(/\?done=marked-updated$/);
          assert.equal(
            await tiago.locator("[data-translation-state]").getAttribute("data-translation-state"),
            "up-to-date",
          );

          // ── The editor restores the revision before the edit. ──
          await eda.getByRole("link", { name: "Revisions", exact: true }).click();
          await eda.waitForURL(`${origin}/newsroom/articles/${articleId}/revisions`);
          await shot(eda, "14-revisions");
          await eda.getByRole("button", { name: "Compare" }).click();
          await eda.waitForURL(/\/revisions\/compare\?/);
          assert.match(
            (await eda.locator("[data-field='body'] ins").allTextContents()).join(""),
            /Talks resume/,
          );
          await shot(eda, "15-revisions-compare");
          await eda.goBack();
          const revisions = await db
            .selectFrom("articleRevisions")
            .select(["id", "number", "body"])
            .where("articleId", "=", articleId)
            .orderBy("number", "desc")
            .execute();
          const beforeEdit = revisions.find((revision) => !revision.body.includes("Talks resume"));
          assert.ok(beforeEdit);
          await eda.getByRole("button", { name: `Restore #${beforeEdit.number}` }).click();
          // Asked first, on a page that says what restoring does.
          await eda.getByRole("button", { name: `Yes, restore #${beforeEdit.number}` }).click();
          await eda.waitForURL(/\/revisions\?done=restored$/);
          await shot(eda, "16-revision-restored");
          const restored = await db
            .selectFrom("articles")
            .selectAll()
            .where("id", "=", articleId)
            .executeTakeFirstOrThrow();
          assert.equal(restored.body, beforeEdit.body);
          assert.doesNotMatch(
            await (await fetch(`${origin}${readerPath}`)).text(),
            /Talks resume on Friday\./,
          );

          // ── The admin reads the audit log. ──
          const ada = await signedIn(browser, problems, admin, "/newsroom/audit");
          const log = (await ada.locator("main").textContent()) ?? "";
          assert.match(log, /article\.publish/);
          assert.match(log, /article\.restoreRevision/);
          await shot(ada, "17-audit-log");
        });
        assert.deepEqual(problems, []);
      },
      { timeout: 180_000 },
    );

    /** A page of its own (cookies of its own) signed in as `user`, at `next`. */
    async function signedIn(
      browser: Browser,
      problems: string[],
      user: TestUser,
      next: string,
    ): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.setDefaultNavigationTimeout(10_000);
      watchConsole(page, { into: problems });
      await signInThroughForm(page, origin, user, next);
      return page;
    }
  });
}

/** The article editor has started on the page. */
async function editorReady(page: Page): Promise<void> {
  await page.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
  await page.locator(".ed-prose").first().waitFor();
}

/** Waits until the editor says the last change is saved. */
async function savedNow(page: Page): Promise<void> {
  await page.waitForFunction(
    () => /^Saved at \d\d:\d\d/.test(document.querySelector("[data-save-status]")?.textContent ?? ""),
    undefined,
    { timeout: 20_000 },
  );
}

/** The labels of the workflow panel's buttons. */
async function panelButtons(page: Page): Promise<string[]> {
  return (await page.locator(".workflow-panel button").allTextContents()).map((text) => text.trim());
}
