import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import {
  browserTest,
  saveScreenshot,
  signInThroughForm,
  watchConsole,
  withPage,
} from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { createTestUser } from "../../test/support/newsroom.ts";

for (const database of testDatabases()) {
  describe(`access tokens in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "an editor makes a token, a script uses it, the editor revokes it and the script gets 401",
      async () => {
        const editor = await createTestUser(demo.database.db, "editor");
        const script = (token: string) =>
          fetch(`${origin}/api/v1/admin/articles/1`, { headers: { authorization: `Bearer ${token}` } });

        await withPage(async (page) => {
          const problems = watchConsole(page);
          await signInThroughForm(page, origin, editor, "/newsroom/change-password");
          await page.getByRole("link", { name: "manage your tokens" }).click();
          await page.waitForURL(/\/newsroom\/account\/tokens$/);
          assert.equal(await page.locator("h1").textContent(), "Access tokens");

          await page.getByLabel("Name (what it is for)").fill("Syndication script");
          await page.getByLabel(/Expires after/).fill("7");
          await page.getByRole("button", { name: "Create token" }).click();
          const shown = page.getByLabel("The new token");
          await shown.waitFor();
          const token = await shown.inputValue();
          assert.match(token, /^trb_[A-Za-z0-9_-]{43}$/);
          await saveScreenshot(page, `${database.name}-tokens-created`);

          const used = await script(token);
          assert.equal(used.status, 200);
          assert.equal((await used.json()).id, 1);

          await page.goto(`${origin}/newsroom/account/tokens`);
          const row = page.locator("tr", { hasText: "Syndication script" });
          assert.match((await row.textContent()) ?? "", /expires \d{4}-/);
          assert.equal(await page.getByLabel("The new token").count(), 0, "the token is shown once");
          await row.getByRole("link", { name: "Revoke" }).click();
          await page.getByRole("heading", { name: "Revoke this token?" }).waitFor();
          await page.getByRole("button", { name: "Revoke token" }).click();
          await page.waitForURL(/\/newsroom\/account\/tokens\?revoked=1$/);
          assert.match(
            (await page.locator("tr", { hasText: "Syndication script" }).textContent()) ?? "",
            /revoked/,
          );
          await saveScreenshot(page, `${database.name}-tokens-revoked`);

          const refused = await script(token);
          assert.equal(refused.status, 401);
          assert.equal(refused.headers.get("content-type"), "application/problem+json");
          assert.match(refused.headers.get("www-authenticate") ?? "", /^Bearer/);
          assert.deepEqual(problems, []);
        });
      },
    );
  });
}
