import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { bodyOf, type Mailbox, startMailbox } from "../../../test/support/mailbox.ts";
import { signInAs } from "../../../test/support/newsroom.ts";
import { createDraft } from "./workflow-test-support.ts";

for (const database of testDatabases()) {
  describe(`editors told by e-mail of what waits for review, on ${database.name}`, () => {
    let demo: DemoApp;
    let mailbox: Mailbox;

    before(async () => {
      mailbox = await startMailbox();
      demo = await startDemoApp(database, {
        SMTP_URL: mailbox.url,
        SMTP_FROM: "Newsroom <news@tribune.test>",
      });
    });
    after(async () => {
      await demo.close();
      await mailbox.close();
    });

    test("sending to review mails every editor and admin but the sender, with the note and a link", async () => {
      const db = demo.database.db;
      const writer = await signInAs(demo.app, db, "contributor", { name: "Casey Writer" });
      await signInAs(demo.app, db, "editor", { email: "desk@tribune.test", name: "Dee Desk" });
      await signInAs(demo.app, db, "admin", { email: "boss@tribune.test" });
      const disabled = await signInAs(demo.app, db, "editor", { email: "gone@tribune.test" });
      await db
        .updateTable("users")
        .set({ disabledAt: new Date().toISOString() })
        .where("id", "=", disabled.user.id)
        .execute();
      const draft = await createDraft(db, writer.user.id, { title: "Border talks resume" });
      const before = mailbox.messages.length;
      await writer.get(`/newsroom/articles/${draft.id}/workflow`);
      const sent = await writer.post(`/newsroom/articles/${draft.id}/workflow/submit`, {
        note: "Quotes checked.",
      });
      assert.equal(sent.statusCode, 303);
      const first = await mailbox.next();
      const second = await mailbox.next();
      const recipients = [first, second].map((message) => /^To: (.*)$/m.exec(message)?.[1]?.trim()).sort();
      assert.deepEqual(recipients, ["boss@tribune.test", "desk@tribune.test"]);
      assert.match(first, /^Subject: .*Waiting for review: Border talks resume/m);
      const body = bodyOf(first);
      assert.match(body, /Casey Writer sent an article to review \(en\)/);
      assert.match(body, /Quotes checked\./);
      assert.match(body, new RegExp(`http://tribune\\.test/newsroom/articles/${draft.id}/workflow`));
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(mailbox.messages.length, before + 2, "nobody else, the disabled editor included");
    });
  });
}
