import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Page } from "playwright-core";
import { browserTest, saveScreenshot, withBrowser } from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { createTestUser, type TestUser } from "../../../test/support/newsroom.ts";
import { type CommentsDemo, startCommentsDemo } from "../../comments/comment-test-support.ts";

const EDITIONS = {
  en: {
    show: "Show Comments",
    post: "Post comment",
    pending: /will appear once a moderator/,
    reply: "Reply",
  },
  pt: {
    show: "Mostrar comentários",
    post: "Publicar comentário",
    pending: /aparecerá assim que um moderador/,
    reply: "Responder",
  },
  es: {
    show: "Mostrar comentarios",
    post: "Publicar comentario",
    pending: /aparecerá en cuanto un moderador/,
    reply: "Responder",
  },
} as const;

for (const database of testDatabases()) {
  describe(`comments in Chromium on ${database.name}`, () => {
    let demo: CommentsDemo;
    let origin = "";
    let moderator: TestUser;

    before(async () => {
      // Every edition pre-moderates first comments; one flag is enough to send a comment back.
      demo = await startCommentsDemo(database, { COMMENT_FLAG_THRESHOLD: "1" });
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
      moderator = await createTestUser(demo.database.db, "editor", { name: "Mona Moderator" });
    });
    after(() => demo.close());

    /** Writes into the comment form on the page (where the script put it) and sends it. */
    async function writeComment(
      page: Page,
      edition: keyof typeof EDITIONS,
      name: string,
      email: string,
      text: string,
    ) {
      const form = page.locator("#comment-form");
      await form.locator('input[name="name"]').fill(name);
      await form.locator('input[name="email"]').fill(email);
      await form.locator("textarea").fill(text);
      await Promise.all([
        page.waitForURL(/\/comments\?notice=/),
        form.getByRole("button", { name: EDITIONS[edition].post }).click(),
      ]);
    }

    /** The moderator approves every pending comment of an edition from the queue: keyboard for one, buttons for the rest. */
    async function approveAll(page: Page, edition: string, expected: number) {
      await page.goto(`${origin}/newsroom/comments/${edition}`);
      assert.equal(await page.locator(".queue-item").count(), expected);
      // The first by keyboard: the script selects it, "a" approves it.
      await Promise.all([page.waitForURL(/done=approve/), page.keyboard.press("a")]);
      while ((await page.locator(".queue-item").count()) > 0) {
        await Promise.all([
          page.waitForURL(/done=approve/),
          page.locator(".queue-item .action-approve").first().click(),
        ]);
      }
    }

    browserTest(
      "in each edition a reader posts a comment and a reply, a moderator approves them from the queue, and they appear",
      async () => {
        await withBrowser(async (browser) => {
          const readerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          const modContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          const reader = await readerContext.newPage();
          const mod = await modContext.newPage();
          reader.setDefaultTimeout(8000);
          mod.setDefaultTimeout(8000);
          await mod.goto(`${origin}/newsroom/sign-in`);
          await mod.locator('input[name="email"]').fill(moderator.email);
          await mod.locator('input[name="password"]').fill(moderator.password);
          await Promise.all([
            mod.waitForURL(`${origin}/newsroom`),
            mod.getByRole("button", { name: "Sign in" }).click(),
          ]);

          for (const edition of ["en", "pt", "es"] as const) {
            const strings = EDITIONS[edition];
            const article = await demo.article(edition);
            await reader.goto(`${origin}${article.path}`);
            // The script fills the count in, and the one control opens the thread in the page.
            await reader.waitForFunction(
              (label) => document.querySelector("#comments summary")?.textContent === label,
              `${strings.show} (0)`,
            );
            assert.equal(await reader.locator(`text=${strings.show} (0)`).count(), 1, "one control");
            await reader.locator("#comments summary").click();
            await reader.locator("#comments details[open] #comment-thread").waitFor();
            await writeComment(
              reader,
              edition,
              `Reader ${edition}`,
              `reader-${edition}@example.org`,
              `My first comment in ${edition}.`,
            );
            assert.match((await reader.locator(".comment-notice").textContent()) ?? "", strings.pending);

            await approveAll(mod, edition, 1);
            await reader.goto(`${origin}${article.threadPath}`);
            const first = reader.locator(".comment-list > li").first();
            assert.equal(
              await first.locator(".comment-text").textContent(),
              `My first comment in ${edition}.`,
            );

            // Another reader replies: "Reply" moves the form under the comment.
            await first.getByRole("link", { name: strings.reply }).click();
            assert.equal(await reader.locator(".comment-list > li > article + #comment-form").count(), 1);
            await writeComment(
              reader,
              edition,
              `Replier ${edition}`,
              `replier-${edition}@example.org`,
              `A reply in ${edition}.`,
            );
            assert.match((await reader.locator(".comment-notice").textContent()) ?? "", strings.pending);
            await approveAll(mod, edition, 1);

            await reader.goto(`${origin}${article.path}`);
            await reader.waitForFunction(
              (label) => document.querySelector("#comments summary")?.textContent === label,
              `${strings.show} (2)`,
            );
            await reader.locator("#comments summary").click();
            const reply = reader.locator("#comments .comment-replies .comment-text");
            await reply.waitFor();
            assert.equal(await reply.textContent(), `A reply in ${edition}.`);
            await saveScreenshot(reader, `${database.name}-comments-article-${edition}`);
          }
          const en = await demo.article("en");
          await reader.goto(`${origin}${en.threadPath}`);
          await saveScreenshot(reader, `${database.name}-comments-thread-en`);

          // A spam comment is caught: the reader is told it waits; the moderator finds it under Spam.
          await writeComment(
            reader,
            "en",
            "Promo",
            "promo@example.org",
            "Best online casino bonus, click here!",
          );
          assert.match((await reader.locator(".comment-notice").textContent()) ?? "", EDITIONS.en.pending);
          await mod.goto(`${origin}/newsroom/comments/en?tab=spam`);
          assert.match(
            (await mod.locator(".queue-item .comment-text").first().textContent()) ?? "",
            /casino/,
          );
          await saveScreenshot(mod, `${database.name}-comments-queue-spam`);

          // A flagged comment returns to review.
          await reader.goto(`${origin}${en.threadPath}`);
          const target = reader.locator(".comment-list > li").first();
          const text = (await target.locator(":scope > article .comment-text").textContent()) ?? "";
          await Promise.all([
            reader.waitForURL(/notice=flagged/),
            target.locator(":scope > article .comment-flag button").click(),
          ]);
          assert.ok(
            !(await reader.locator(".comment-list > li > article .comment-text").allTextContents()).includes(
              text,
            ),
          );
          await mod.goto(`${origin}/newsroom/comments/en?tab=flagged`);
          assert.equal(await mod.locator(".queue-item .comment-text").first().textContent(), text);
          await saveScreenshot(mod, `${database.name}-comments-queue-flagged`);
          await readerContext.close();
          await modContext.close();
        });
      },
      { timeout: 120_000 },
    );
  });
}
