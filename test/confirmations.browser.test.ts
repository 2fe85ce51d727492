// Every action of the newsroom that destroys or replaces what cannot simply be typed again asks
// first, on a page of its own that works without script, and does nothing until its "Yes".

import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Page } from "playwright-core";
import { ArticleService } from "../src/articles/article-service.ts";
import { CorrectionService } from "../src/articles/corrections.ts";
import { savePendingEdit } from "../src/articles/pending-edits.ts";
import { createDraft, moveTo } from "../src/newsroom/workflow/workflow-test-support.ts";
import { bodyFromParagraphs } from "../src/shared/body/body-text.ts";
import { browserTest, saveScreenshot, signInThroughForm, withPage } from "./support/browser.ts";
import { testDatabases } from "./support/databases.ts";
import { type DemoApp, startDemoApp } from "./support/demo-app.ts";
import { createTestUser } from "./support/newsroom.ts";

for (const database of testDatabases()) {
  describe(`confirmations in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "each destructive action opens a question first, and Cancel leaves everything as it was",
      async () => {
        const db = demo.database.db;
        const admin = await createTestUser(db, "admin", { name: "Ada Admin" });
        const translator = await createTestUser(db, "translator", { name: "Tânia", editions: ["pt"] });
        const actor = { id: admin.id, role: admin.role, editions: [] };
        const articles = new ArticleService(db);

        // What the questions are about.
        const live = await moveTo(
          db,
          actor,
          await createDraft(db, admin.id, { title: "A story to keep" }),
          "published",
        );
        await articles.updateArticle(live.id, { title: "A story to keep (second revision)" }, admin.id);
        const current = await articles.getById(live.id);
        const pending = await savePendingEdit(db, current, translator.id, {
          title: current.title,
          slug: current.slug,
          summary: current.summary,
          body: JSON.stringify(bodyFromParagraphs(["A translator's edit."])),
        });
        const correction = await new CorrectionService(db).add(actor, live.id, "The date was wrong.");
        const source = await db
          .insertInto("sources")
          .values({ name: "Unused wire", shortName: null, url: null })
          .returning("id")
          .executeTakeFirstOrThrow();
        const author = await db
          .insertInto("authors")
          .values({
            slug: "unused-author",
            name: "Unused Author",
            bio: null,
            createdAt: new Date().toISOString(),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const promotion = await db.selectFrom("promotions").select("id").executeTakeFirstOrThrow();
        const turkey = await db
          .selectFrom("tags")
          .select("id")
          .where("key", "=", "turkey")
          .executeTakeFirstOrThrow();
        const revisions = await articles.revisions(live.id);
        const first = revisions.at(-1);
        assert.ok(first);

        /** Everything the questions could destroy, to compare before and after each Cancel. */
        const state = async () =>
          JSON.stringify(
            await Promise.all([
              db.selectFrom("articles").select(["id", "status", "title"]).orderBy("id").execute(),
              db.selectFrom("articleRevisions").select("id").where("articleId", "=", live.id).execute(),
              db.selectFrom("pendingEdits").select("id").execute(),
              db.selectFrom("articleCorrections").select("id").execute(),
              db.selectFrom("sources").select("id").orderBy("id").execute(),
              db.selectFrom("authors").select("id").orderBy("id").execute(),
              db.selectFrom("promotions").select("id").execute(),
              db.selectFrom("tags").select("id").orderBy("id").execute(),
              db.selectFrom("users").select(["id", "passwordHash"]).orderBy("id").execute(),
            ]),
          );

        await withPage(async (page) => {
          await page.setViewportSize({ width: 1280, height: 900 });
          await signInThroughForm(page, origin, admin, "/newsroom");

          /** Opens `path`, presses what `start` finds, and checks the question, then cancels it. */
          const asks = async (name: string, path: string, start: (page: Page) => Promise<void>) => {
            const before = await state();
            await page.goto(`${origin}${path}`);
            await start(page);
            const question = page.locator("section.confirm-action");
            await question.waitFor();
            assert.match((await question.locator("h1").textContent()) ?? "", /\?$/, `${name}: a question`);
            assert.equal(
              await question.getByRole("button", { name: /^Yes/ }).count(),
              1,
              `${name}: one "Yes" button`,
            );
            assert.equal(await state(), before, `${name}: nothing done before the answer`);
            await saveScreenshot(page, `${database.name}-confirm-${name}`);
            await question.getByRole("link", { name: "Cancel" }).click();
            await page.waitForLoadState();
            assert.equal(await state(), before, `${name}: nothing done after Cancel`);
          };

          const workflow = `/newsroom/articles/${live.id}/workflow`;
          await asks("unpublish", workflow, (p) => p.getByRole("button", { name: "Unpublish" }).click());
          await asks("delete", workflow, (p) =>
            p.getByRole("button", { name: "Delete", exact: true }).click(),
          );
          await asks("restore", `/newsroom/articles/${live.id}/revisions`, (p) =>
            p.getByRole("button", { name: `Restore #${first.number}` }).click(),
          );
          await asks("discard-edit", `/newsroom/articles/${live.id}/pending/${pending.id}`, (p) =>
            p.getByRole("button", { name: "Discard" }).click(),
          );
          await asks("withdraw-correction", workflow, (p) =>
            p.getByRole("link", { name: "Withdraw…" }).click(),
          );
          await asks("bulk-delete", "/newsroom/articles?q=story+to+keep", async (p) => {
            await p.getByRole("checkbox", { name: /^Select A story to keep/ }).check();
            await p.getByLabel("With the ticked articles").selectOption("delete");
            await p.getByRole("button", { name: "Apply" }).click();
          });
          await asks("tag-merge", `/newsroom/tags/${turkey.id}`, async (p) => {
            await p.locator(`form[action$="/merge"] select[name="into"]`).selectOption({ index: 1 });
            await p.getByRole("button", { name: "Merge…" }).click();
          });
          await asks("source-delete", `/newsroom/sources/${source.id}`, (p) =>
            p.getByRole("button", { name: "Delete…" }).click(),
          );
          await asks("promotion-delete", `/newsroom/promotions/${promotion.id}`, (p) =>
            p.getByRole("button", { name: "Delete…" }).click(),
          );
          await asks("author-delete", `/newsroom/authors/${author.id}/edit`, (p) =>
            p.getByRole("link", { name: "Delete this author…" }).click(),
          );
          await asks("password-reset", "/newsroom/users", (p) =>
            p.getByRole("link", { name: "Reset password of Tânia" }).click(),
          );

          // And the answer "Yes" does it, saying what happened and the way back where there is one.
          await page.goto(`${origin}${workflow}`);
          await page.getByRole("button", { name: "Unpublish" }).click();
          await page.locator("section.confirm-action").getByRole("button", { name: /^Yes/ }).click();
          await page.waitForURL(/done=unpublish/);
          assert.match((await page.locator(".notice").textContent()) ?? "", /To undo it, publish it again/);
          const row = await articles.getById(live.id);
          assert.equal(row.status, "unpublished");
          await page.setViewportSize({ width: 390, height: 844 });
          await saveScreenshot(page, `${database.name}-confirm-unpublished-phone`);
          assert.equal(correction.articleId, live.id);
        });
      },
    );
  });
}
