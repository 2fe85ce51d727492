import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import {
  browserTest,
  checkBothWidths,
  DESKTOP,
  PHONE,
  signInThroughForm,
  watchConsole,
  withPage,
} from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { bodyOf, type Mailbox, startMailbox } from "../../test/support/mailbox.ts";
import { createTestUser } from "../../test/support/newsroom.ts";

const NEW_PASSWORD = "a brand new long password";

for (const database of testDatabases()) {
  describe(`account recovery in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let mailbox: Mailbox;
    let origin = "";

    before(async () => {
      mailbox = await startMailbox();
      demo = await startDemoApp(database, { SMTP_URL: mailbox.url });
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(async () => {
      await demo.close();
      await mailbox.close();
    });

    browserTest(
      "a user who forgot their password gets a link by e-mail, sets a new one and signs in",
      async () => {
        const user = await createTestUser(demo.database.db, "editor", { email: "forgetful@example.org" });
        await withPage(async (page) => {
          const problems = watchConsole(page);
          await page.setViewportSize(DESKTOP);
          await page.goto(`${origin}/newsroom/sign-in`);
          await page.getByRole("link", { name: "Forgot your password?" }).click();
          await page.waitForURL(/\/newsroom\/forgot-password$/);
          await checkBothWidths(page, `${database.name}-forgot-password`);

          await page.getByLabel("Email").fill("Forgetful@Example.org");
          await page.getByRole("button", { name: "Send me a link" }).click();
          await page.waitForURL(/\/newsroom\/forgot-password\?sent=1$/);
          await page.getByText("If an account exists for that address").waitFor();
          await checkBothWidths(page, `${database.name}-forgot-password-sent`);

          const mail = bodyOf(await mailbox.next());
          const path = /http:\/\/tribune\.test(\/newsroom\/reset-password\/[A-Za-z0-9_-]{43})/.exec(
            mail,
          )?.[1];
          assert.ok(path, mail);
          const opened = await page.goto(`${origin}${path}`);
          assert.equal(opened?.headers()["referrer-policy"], "no-referrer");
          await page.getByText("For the account forgetful@example.org").waitFor();
          await checkBothWidths(page, `${database.name}-reset-password`);

          await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
          await page.getByLabel("New password again").fill(NEW_PASSWORD);
          await page.getByRole("button", { name: "Set new password" }).click();
          await page.waitForURL(/\/newsroom\/sign-in\?reset=1/);
          await page.getByText("Your password has been changed").waitFor();
          assert.equal(await page.getByLabel("Email").inputValue(), user.email);
          await checkBothWidths(page, `${database.name}-sign-in-after-reset`);
          await page.getByLabel("Password").fill(NEW_PASSWORD);
          await page.getByRole("button", { name: "Sign in" }).click();
          await page.waitForURL((url) => url.pathname === "/newsroom");

          const reused = await page.goto(`${origin}${path}`);
          assert.equal(reused?.status(), 410);
          await page.getByText("This password reset link has already been used").waitFor();
          await checkBothWidths(page, `${database.name}-reset-link-used`);
          assert.deepEqual(problems, []);
        });
      },
    );

    browserTest(
      "an admin resets a colleague's password; the colleague signs in with it and must change it",
      async () => {
        const admin = await createTestUser(demo.database.db, "admin");
        const colleague = await createTestUser(demo.database.db, "contributor", { name: "Lou Locked" });
        let oneTimePassword = "";
        await withPage(async (page) => {
          await page.setViewportSize(DESKTOP);
          await signInThroughForm(page, origin, admin, "/newsroom/users");
          await page.getByRole("link", { name: "Reset password of Lou Locked" }).click();
          await page.getByRole("heading", { name: "Reset this password?" }).waitFor();
          await checkBothWidths(page, `${database.name}-admin-reset-confirm`);
          await page.getByRole("button", { name: "Yes, reset the password" }).click();
          await page.locator("#one-time-password").waitFor();
          oneTimePassword = await page.locator("#one-time-password").inputValue();
          assert.match(oneTimePassword, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
          await checkBothWidths(page, `${database.name}-admin-reset-done`);
        });
        await withPage(async (page) => {
          await page.setViewportSize(PHONE);
          await page.goto(`${origin}/newsroom/sign-in`);
          await page.getByLabel("Email").fill(colleague.email);
          await page.getByLabel("Password").fill(oneTimePassword);
          await page.getByRole("button", { name: "Sign in" }).click();
          await page.waitForURL(/\/newsroom\/change-password/);
          await page.getByText("You signed in with a one-time password").waitFor();
        });
      },
    );
  });

  describe(`account recovery without SMTP in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";
    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest("forgot password says to ask an administrator when the site sends no e-mail", async () => {
      await withPage(async (page) => {
        await page.goto(`${origin}/newsroom/sign-in`);
        await page.getByRole("link", { name: "Forgot your password?" }).click();
        await page.getByText("This site does not send e-mail").waitFor();
        assert.equal(await page.getByLabel("Email").count(), 0, "no form pretends to send");
        await checkBothWidths(page, `${database.name}-forgot-password-no-smtp`);
      });
    });
  });
}
