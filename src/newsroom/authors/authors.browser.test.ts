import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  browserTest,
  saveScreenshot,
  signInThroughForm,
  watchConsole,
  withPage,
} from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser, TEST_PASSWORD } from "../../../test/support/newsroom.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** A page of its own (cookies apart): each person signs in on their own browser. */
async function personPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  return page;
}

for (const database of testDatabases()) {
  describe(`authors and bylines in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "a reporter invited with an author profile writes a story that shows their byline and author page",
      async () => {
        const admin = await createTestUser(demo.database.db, "admin");
        const editor = await createTestUser(demo.database.db, "editor");
        const shot = (page: Page, name: string) => saveScreenshot(page, `${database.name}-authors-${name}`);

        await withPage(async (adminPage, browser) => {
          adminPage.setDefaultTimeout(8_000);
          const problems = watchConsole(adminPage);
          // The admin invites a reporter, with an author profile under the name of their byline.
          await adminPage.setViewportSize(DESKTOP);
          await signInThroughForm(adminPage, origin, admin, "/newsroom/users");
          await adminPage.getByLabel("Email", { exact: true }).fill("rana@example.org");
          await adminPage.locator("#invite-role").selectOption("contributor");
          await adminPage.getByLabel("Create an author profile for them when they accept").check();
          await adminPage.getByLabel("Name on the byline").fill("Rana Khalil");
          await adminPage.getByRole("button", { name: "Create invitation" }).click();
          const link = await adminPage.locator("#invite-link").inputValue();
          assert.match(link, /\/newsroom\/invite\//);

          // The reporter accepts, and writes a story: their byline is already chosen.
          const reporter = await personPage(browser);
          watchConsole(reporter, { into: problems });
          await reporter.goto(link.replace(/^https?:\/\/[^/]+/, origin));
          await reporter.getByLabel("Your name").fill("Rana");
          await reporter.getByLabel("Password", { exact: true }).fill(TEST_PASSWORD);
          await reporter.getByLabel("Password again").fill(TEST_PASSWORD);
          await reporter.getByRole("button", { name: "Create my account" }).click();
          await reporter.waitForURL((url) => url.pathname === "/newsroom");

          await reporter.goto(`${origin}/newsroom/authors`);
          await reporter.getByRole("link", { name: "Rana Khalil" }).click();
          await reporter.waitForURL(/\/newsroom\/authors\/\d+\/edit$/);
          await reporter
            .getByLabel("Bio in the en edition")
            .fill("Rana Khalil covers water and energy from Amman.");
          await reporter.getByLabel("Bio in the pt edition").fill("Rana Khalil cobre água e energia em Amã.");
          await reporter.getByLabel("Label", { exact: true }).first().fill("Personal site");
          await reporter.getByLabel("Address", { exact: true }).first().fill("https://rana.example.org/");
          await reporter.getByRole("button", { name: "Save" }).click();
          await reporter.waitForURL(/saved=1$/);
          await reporter.setViewportSize(PHONE);
          await shot(reporter, "edit-phone");
          await reporter.setViewportSize(DESKTOP);
          await shot(reporter, "edit-desktop");

          await reporter.goto(`${origin}/newsroom/articles/new`);
          await reporter.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
          const bylines = reporter.locator('[data-field="authorIds"]');
          assert.deepEqual(
            await bylines.evaluate((select: HTMLSelectElement) =>
              [...select.selectedOptions].map((o) => o.text),
            ),
            ["Rana Khalil"],
          );
          await reporter.getByLabel("Title").fill("Jordan opens its largest solar farm");
          await reporter.locator(".ed-prose").click();
          await reporter.keyboard.type("The plant will power a tenth of Amman.");
          await reporter.getByRole("button", { name: "Save draft" }).click();
          await reporter.waitForURL(/\/newsroom\/articles\/\d+\/edit$/);
          const articleId = Number(/articles\/(\d+)\/edit/.exec(reporter.url())?.[1]);

          // An editor publishes it.
          const editorPage = await personPage(browser);
          watchConsole(editorPage, { into: problems });
          await signInThroughForm(editorPage, origin, editor, `/newsroom/articles/${articleId}/workflow`);
          await editorPage.getByRole("button", { name: "Publish now" }).click();
          await editorPage.waitForURL(/workflow/);

          // The newsroom's list of authors, as the admin sees it.
          await adminPage.goto(`${origin}/newsroom/authors`);
          await adminPage.getByRole("cell", { name: "Rana", exact: true }).waitFor();
          await shot(adminPage, "list-desktop");
          await adminPage.setViewportSize(PHONE);
          await shot(adminPage, "list-phone");

          // A reader finds the byline on the article, and follows it to the author's page.
          const reader = await personPage(browser);
          watchConsole(reader, { into: problems, failedLoads: true });
          const article = await demo.database.db
            .selectFrom("articles")
            .select(["slug", "publishedAt"])
            .where("id", "=", articleId)
            .executeTakeFirstOrThrow();
          const day = (article.publishedAt ?? "").slice(0, 10).replaceAll("-", "/");
          await reader.goto(`${origin}/en/${day}/${article.slug}`);
          const byline = reader.locator(".byline a");
          assert.deepEqual(await byline.allTextContents(), ["Rana Khalil"]);
          await byline.click();
          await reader.waitForURL(`${origin}/en/author/rana-khalil`);
          assert.equal(await reader.locator(".author-profile h1").textContent(), "Rana Khalil");
          assert.equal(
            await reader.locator(".author-bio").textContent(),
            "Rana Khalil covers water and energy from Amman.",
          );
          assert.equal(
            await reader.locator(".author-links a").getAttribute("href"),
            "https://rana.example.org/",
          );
          assert.ok(
            await reader.getByRole("link", { name: "Jordan opens its largest solar farm" }).isVisible(),
          );
          await shot(reader, "reader-desktop");
          await reader.setViewportSize(PHONE);
          await shot(reader, "reader-phone");

          // In an edition without a bio of its own, another edition's is shown, marked with its language.
          await reader.goto(`${origin}/es/author/rana-khalil`);
          assert.equal(await reader.locator(".author-bio").getAttribute("lang"), "en-GB");
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 60_000 },
    );
  });
}
