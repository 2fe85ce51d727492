import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { type Mailbox, startMailbox } from "../../../test/support/mailbox.ts";
import { signInAs } from "../../../test/support/newsroom.ts";
import { ScheduleStore } from "../../newsletters/digest-schedule.ts";

for (const database of testDatabases()) {
  describe(`/newsroom/newsletters (${database.name})`, () => {
    let demo: DemoApp;
    let mailbox: Mailbox;

    before(async () => {
      mailbox = await startMailbox();
      demo = await startDemoApp(database, { SMTP_URL: mailbox.url }, { watchSchedule: false });
    });
    after(async () => {
      await demo.close();
      await mailbox.close();
    });

    test("editors set an edition's schedule; a bad time is refused beside its form; contributors may not", async () => {
      const editor = await signInAs(demo.app, demo.database.db, "editor");
      const saved = await editor.post("/newsroom/newsletters/pt/schedule", {
        frequency: "weekly",
        weekday: "3",
        time: "07:15",
      });
      assert.equal(saved.statusCode, 303);
      const page = await editor.get("/newsroom/newsletters?done=saved");
      assert.match(page.body, /The schedule has been saved/);
      assert.match(page.body, /America\/Sao_Paulo|on the edition&#39;s clock|on the edition's clock/);
      const store = new ScheduleStore(demo.database.db);
      assert.deepEqual(
        { ...(await store.get("pt")), updatedAt: null },
        { frequency: "weekly", weekday: 3, time: "07:15", lastSlot: null, updatedAt: null },
      );

      const refused = await editor.post("/newsroom/newsletters/pt/schedule", {
        frequency: "daily",
        time: "7h",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Give the time as HH:MM/);

      const contributor = await signInAs(demo.app, demo.database.db, "contributor");
      assert.equal((await contributor.get("/newsroom/newsletters")).statusCode, 403);
    });

    test("a due slot is taken once, and never one from before the schedule was set", async () => {
      const store = new ScheduleStore(demo.database.db);
      const setAt = new Date("2026-03-10T12:00:00Z");
      await store.set("es", { frequency: "daily", weekday: null, time: "08:00" }, setAt);
      assert.equal(await store.takeSlot("es", new Date("2026-03-10T07:00:00Z")), false, "before it was set");
      const slot = new Date("2026-03-11T07:00:00Z");
      assert.equal(await store.takeSlot("es", slot), true);
      assert.equal(await store.takeSlot("es", slot), false, "taken already");
    });
  });
}
