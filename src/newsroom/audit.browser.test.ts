import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { browserTest, saveScreenshot, signInThroughForm, withPage } from "../../test/support/browser.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import { recordAudit } from "../accounts/audit/audit-log.ts";

for (const database of testDatabases()) {
  describe(`the audit log in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      "an admin reads the details of each entry whole, words unbroken, on a desktop screen",
      async () => {
        const admin = await createTestUser(demo.database.db, "admin");
        await recordAudit(demo.database.db, {
          actorUserId: admin.id,
          action: "user.create",
          subjectType: "user",
          subjectId: admin.id,
          details: {
            email: "a.rather.long.address@example.org",
            role: "translator",
            editions: ["pt", "es"],
            via: "invite",
          },
          ip: "127.0.0.1",
        });
        await withPage(async (page) => {
          await page.setViewportSize({ width: 1280, height: 900 });
          await signInThroughForm(page, origin, admin, "/newsroom/audit");
          await page.locator("dl.details").first().waitFor();
          const fit = await page.evaluate(() => {
            const wrap = document.querySelector(".table-wrap") as HTMLElement;
            // A word laid out on two lines has two boxes: list the words of the details that do.
            const split: string[] = [];
            for (const dd of document.querySelectorAll("dl.details dd")) {
              const text = dd.firstChild;
              if (!text?.textContent) continue;
              for (const match of text.textContent.matchAll(/\S+/g)) {
                const range = document.createRange();
                range.setStart(text, match.index);
                range.setEnd(text, match.index + match[0].length);
                if (range.getClientRects().length > 1) split.push(match[0]);
              }
            }
            return {
              table: (wrap.querySelector("table") as HTMLElement).scrollWidth,
              room: wrap.clientWidth,
              split,
            };
          });
          // The pairs used to run together with no place to break: the column cut its words anywhere.
          assert.deepEqual(fit.split, [], "no word of the details is split across lines");
          assert.ok(fit.table <= fit.room, `the table (${fit.table}px) fits its ${fit.room}px`);
          await saveScreenshot(page, `${database.name}-audit-desktop`);
          await page.setViewportSize({ width: 390, height: 844 });
          await saveScreenshot(page, `${database.name}-audit-phone`);
        });
      },
    );
  });
}
