import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Page } from "playwright-core";
import { browserTest, saveScreenshot, watchConsole, withPage } from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { addUser } from "../cli/user-command.ts";

for (const database of testDatabases()) {
  describe(`the newsroom in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "an admin added on the command line signs in, changes the one-time password, and invites a translator who joins",
      async () => {
        const printed: string[] = [];
        await addUser(
          demo.database.db,
          { email: "chief@example.org", role: "admin", name: "Chief Admin" },
          { publicUrl: demo.config.publicUrl, print: (line) => printed.push(line) },
        );
        const oneTimePassword = /^One-time password: (\S+)$/m.exec(printed.join("\n"))?.[1] ?? "";
        assert.ok(oneTimePassword, printed.join("\n"));
        const shot = (page: Page, name: string) => saveScreenshot(page, `${database.name}-newsroom-${name}`);

        await withPage(async (page, browser) => {
          const problems = watchConsole(page);
          await page.goto(`${origin}/newsroom/users`);
          await page.waitForURL(/\/newsroom\/sign-in\?next=%2Fnewsroom%2Fusers$/);
          assert.equal(await page.locator("h1").textContent(), "Sign in");
          await shot(page, "sign-in");

          // A mistyped password: refused, with the email kept.
          await page.getByLabel("Email").fill("chief@example.org");
          await page.getByLabel("Password").fill("not the password");
          await page.getByRole("button", { name: "Sign in" }).click();
          await page.locator('[role="alert"]').waitFor();
          assert.match((await page.locator('[role="alert"]').textContent()) ?? "", /do not match an account/);
          assert.equal(await page.getByLabel("Email").inputValue(), "chief@example.org");
          await shot(page, "sign-in-refused");

          await page.getByLabel("Password").fill(oneTimePassword);
          await page.getByRole("button", { name: "Sign in" }).click();
          await page.waitForURL(/\/newsroom\/change-password\?next=%2Fnewsroom%2Fusers$/);
          assert.equal(await page.locator("h1").textContent(), "Choose your password");
          await shot(page, "change-password");
          await page.getByLabel("Current password").fill(oneTimePassword);
          await page.getByLabel("New password", { exact: true }).fill("chief's own passphrase");
          await page.getByLabel("New password again").fill("chief's own passphrase");
          await page.getByRole("button", { name: "Change password" }).click();

          // The page asked for first: the users page.
          await page.waitForURL(/\/newsroom\/users$/);
          assert.equal(await page.locator("h1").textContent(), "Users");
          await page
            .getByRole("navigation", { name: "Newsroom" })
            .getByRole("link", { name: "Articles" })
            .click();
          await page.waitForURL(/\/newsroom\/articles$/);
          assert.equal(await page.locator("h1").textContent(), "Articles");
          assert.ok((await page.locator("tbody tr").count()) > 0, "the article list lists articles");
          assert.match((await page.locator("header").textContent()) ?? "", /Chief Admin\s*admin/);
          await shot(page, "dashboard");

          await page.getByRole("link", { name: "Users" }).click();
          await page.waitForURL(/\/newsroom\/users$/);
          await page.getByLabel("Email").fill("tania@example.org");
          await page.getByLabel("Role", { exact: true }).selectOption("translator");
          await page
            .locator(`form[action="/newsroom/users/invite"]`)
            .getByLabel("pt", { exact: true })
            .check();
          await page.getByRole("button", { name: "Create invitation" }).click();
          const link = page.locator("#invite-link");
          await link.waitFor();
          const invitation = new URL(await link.inputValue());
          assert.match(invitation.pathname, /^\/newsroom\/invite\/[A-Za-z0-9_-]{43}$/);
          await shot(page, "users-invited");

          await page.getByRole("link", { name: "Audit log" }).click();
          await page.waitForURL(/\/newsroom\/audit$/);
          const actions = await page
            .locator("tbody tr")
            .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
          assert.deepEqual(actions.slice(0, 4), [
            "invite.create",
            "password.change",
            "sign-in",
            "sign-in.failed",
          ]);
          await shot(page, "audit-log");

          // The translator, in a browser of their own.
          const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
          try {
            const phone = await context.newPage();
            const phoneProblems = watchConsole(phone);
            await phone.goto(`${origin}${invitation.pathname}`);
            assert.equal(await phone.locator("h1").textContent(), "Join the newsroom");
            assert.match(
              (await phone.locator("main").textContent()) ?? "",
              /translator for pt with the email tania@example\.org/,
            );
            await shot(phone, "invite-accept");
            await phone.getByLabel("Your name").fill("Tânia Ramos");
            await phone.getByLabel("Password", { exact: true }).fill("tradução correta");
            await phone.getByLabel("Password again").fill("tradução correta");
            await phone.getByRole("button", { name: "Create my account" }).click();
            // Signed in at once with the password just chosen.
            await phone.waitForURL(/\/newsroom$/);
            const header = (await phone.locator("header").textContent()) ?? "";
            assert.match(header, /Tânia Ramos\s*translator/);
            assert.doesNotMatch(header, /Users|Audit log/);
            await shot(phone, "translator-dashboard");

            await phone.goto(`${origin}/newsroom/users`);
            assert.match(
              (await phone.locator("main").textContent()) ?? "",
              /A translator may not see the list of users/,
            );
            await phone.goto(`${origin}${invitation.pathname}`);
            assert.match((await phone.locator("main").textContent()) ?? "", /already been used/);
            assert.deepEqual(phoneProblems, []);
          } finally {
            await context.close();
          }

          await page.getByRole("link", { name: "Chief Admin" }).click();
          await page.waitForURL(/\/newsroom\/change-password$/);
          await shot(page, "account");
          await page.getByRole("button", { name: "Sign out everywhere" }).click();
          await page.waitForURL(/\/newsroom\/sign-in\?signedOut=everywhere$/);
          assert.deepEqual(problems, []);
        });
      },
      { timeout: 60_000 },
    );
  });
}
