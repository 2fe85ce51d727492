import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import {
  browserTest,
  checkBothWidths,
  signInThroughForm,
  watchConsole,
  withPage,
} from "../../../test/support/browser.ts";
import { freePort } from "../../../test/support/cli.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { type Mailbox, startMailbox } from "../../../test/support/mailbox.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import { headersOf, linkIn, publishStories } from "../../newsletters/newsletter-test-support.ts";

const READER = "ines@example.org";

for (const database of testDatabases()) {
  describe(`newsletters in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let mailbox: Mailbox;
    let origin = "";

    before(async () => {
      mailbox = await startMailbox();
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      demo = await startDemoApp(database, {
        PUBLIC_URL: origin,
        PAGE_CACHE_MB: "16",
        SMTP_URL: mailbox.url,
        SMTP_FROM: "Tribune <news@tribune.test>",
      });
      await demo.app.listen({ host: "127.0.0.1", port });
    });
    after(async () => {
      await demo.close();
      await mailbox.close();
    });

    browserTest(
      "a reader subscribes in the footer, confirms from the e-mail, gets the digest an editor sends, and unsubscribes in one click",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor");
        await publishStories(demo.database.db, "en", ["Lighthouse keeper retires"]);
        await withPage(async (page) => {
          const problems = watchConsole(page);
          await page.goto(`${origin}/en/`);
          const footer = page.locator("footer .newsletter");
          await footer.scrollIntoViewIfNeeded();
          await checkBothWidths(page, `${database.name}-newsletter-footer`);
          await footer.getByLabel("E-mail address").fill(READER);
          await footer.getByRole("button", { name: "Subscribe" }).click();
          await page.getByRole("status").filter({ hasText: "Check your inbox" }).waitFor();

          // The confirmation, caught by the test's SMTP server: its link shows a button.
          const confirmation = await mailbox.next();
          assert.equal(headersOf(confirmation).to, READER);
          await page.goto(linkIn(confirmation, "/en/newsletter/confirm"));
          await page.getByRole("button", { name: "Confirm subscription" }).click();
          await page.getByRole("status").filter({ hasText: "Your subscription is confirmed" }).waitFor();

          // An article has the form too, in its edition's language.
          await page.goto(`${origin}/pt/`);
          await page.locator("main h2 a, main h3 a").first().click();
          await page.locator("article h1").waitFor();
          assert.equal(
            await page.locator(".newsletter-article").getByRole("button", { name: "Assinar" }).count(),
            1,
          );
          await checkBothWidths(page, `${database.name}-newsletter-article-pt`);

          // The editor previews the next digest and sends it.
          await signInThroughForm(page, origin, editor, "/newsroom/newsletters");
          await page.getByRole("link", { name: "Preview the next digest and send it now" }).first().click();
          await page.getByText("Lighthouse keeper retires").first().waitFor();
          await page.getByRole("button", { name: "Send now to 1 confirmed subscribers" }).click();
          await page
            .getByRole("status")
            .filter({ hasText: /The digest (has been|is being) sent/ })
            .waitFor();
          assert.deepEqual(problems, []);
        });

        const digest = await mailbox.next();
        const headers = headersOf(digest);
        assert.equal(headers.to, READER);
        assert.equal(headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
        const oneClick = /<(http[^>]+)>/.exec(headers["list-unsubscribe"] ?? "")?.[1] ?? "";
        assert.ok(oneClick.startsWith(`${origin}/en/newsletter/unsubscribe?t=`), headers["list-unsubscribe"]);

        // A GET (a mail scanner) changes nothing; the mail provider's one-click POST unsubscribes.
        assert.equal((await fetch(oneClick)).status, 200);
        const status = () =>
          demo.database.db
            .selectFrom("newsletterSubscribers")
            .select("status")
            .where("email", "=", READER)
            .executeTakeFirstOrThrow();
        assert.equal((await status()).status, "confirmed");
        const posted = await fetch(oneClick, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
        });
        assert.equal(posted.status, 200);
        assert.equal((await status()).status, "unsubscribed");

        // The next digest does not reach them.
        await publishStories(demo.database.db, "en", ["Ferry timetable changes"], 0);
        const before = mailbox.messages.length;
        await withPage(async (page) => {
          await signInThroughForm(page, origin, editor, "/newsroom/newsletters");
          await page.getByRole("link", { name: "Preview the next digest and send it now" }).first().click();
          await page.getByText("Ferry timetable changes").first().waitFor();
          await page.getByRole("button", { name: "Send now to 0 confirmed subscribers" }).click();
          await page.getByRole("status").filter({ hasText: "The digest has been sent" }).waitFor();
        });
        assert.equal(mailbox.messages.length, before);
      },
      { timeout: 90_000 },
    );
  });
}
