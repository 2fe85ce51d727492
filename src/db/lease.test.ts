import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { Lease, runWhileLeased } from "./lease.ts";

const failOnError = (error: unknown) => {
  throw error;
};

for (const testDatabase of testDatabases()) {
  describe(`leases on ${testDatabase.name}`, () => {
    let database: TestDatabaseHandle;
    before(async () => {
      database = await testDatabase.open();
    });
    after(() => database.close());

    test("one holder at a time; another takes it over once it expires unrenewed", async () => {
      let now = Date.parse("2026-12-01T10:00:00Z");
      const clock = () => now;
      const a = new Lease(database.db, "feeds", "process-a", 10_000, clock);
      const b = new Lease(database.db, "feeds", "process-b", 10_000, clock);
      assert.equal(await a.acquire(), true);
      assert.equal(await b.acquire(), false, "held by a");
      now += 8_000;
      assert.equal(await a.acquire(), true, "a renews before it expires");
      now += 8_000;
      assert.equal(await b.acquire(), false, "the renewal moved the expiry");
      assert.equal(await a.saveState("checkpoint-1"), true);
      now += 10_000;
      assert.equal(await b.acquire(), true, "expired: b takes over");
      assert.equal(await a.acquire(), false, "a lost it");
      assert.equal(await a.saveState("late"), false, "a former holder cannot write the checkpoint");
      assert.equal(await b.readState(), "checkpoint-1", "the taker reads where a stopped");
    });

    test("two processes racing for a free lease: exactly one gets it", async () => {
      const leases = Array.from({ length: 8 }, (_, i) => new Lease(database.db, "race", `p${i}`, 10_000));
      const got = await Promise.all(leases.map((lease) => lease.acquire()));
      assert.equal(got.filter(Boolean).length, 1);
    });

    test("leased work runs in one process, and in the next once the first lets go", async () => {
      const running: string[] = [];
      const start = (name: string) =>
        runWhileLeased({
          lease: new Lease(database.db, "work", name, 300),
          renewEveryMs: 50,
          start: async () => {
            running.push(name);
          },
          stop: async () => {
            running.splice(running.indexOf(name), 1);
          },
          onError: failOnError,
        });
      const first = await start("first");
      const second = await start("second");
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(running, ["first"], "the second waits while the first renews");
      await first.close();
      assert.deepEqual(running, []);
      await new Promise((resolve) => setTimeout(resolve, 120));
      assert.deepEqual(running, ["second"], "taken at the second's next attempt");
      await second.close();
    });

    test("work that failed to start (the database went away) is started again at the next renewal", async () => {
      let starts = 0;
      let running = false;
      const errors: unknown[] = [];
      const work = await runWhileLeased({
        lease: new Lease(database.db, "restarted", "only", 300),
        renewEveryMs: 50,
        start: async () => {
          starts++;
          if (starts === 1) throw new Error("connection terminated");
          running = true;
        },
        stop: async () => {
          running = false;
        },
        onError: (error) => errors.push(error),
      });
      const deadline = Date.now() + 2_000;
      while (!running && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(running, true, "running after the failed start");
      assert.equal(starts, 2);
      assert.equal(errors.length, 1, "the failed start was reported");
      await work.close();
    });
  });
}
