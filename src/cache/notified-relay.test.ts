import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { testDatabases } from "../../test/support/databases.ts";
import type { DemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { signInAs } from "../../test/support/newsroom.ts";
import { startTwoInstances, type TwoInstances } from "../../test/support/two-instances.ts";
import { CONTENT_CHANGE_CHANNEL } from "./cluster-relay.ts";

/** Far longer than the test waits: only a notification can bring the change in time. */
const SLOW_POLL_MS = 60_000;

/**
 * Two instances on one PostgreSQL database, each with its page cache and its relay as `serve`
 * connects them (LISTEN/NOTIFY on): a change made on one purges the other's cached pages within a
 * second although neither polls the outbox more than once a minute.
 */
for (const database of testDatabases().filter((d) => d.name === "postgres")) {
  describe(`content changes woken by NOTIFY on ${database.name}`, () => {
    let instances: TwoInstances;
    let demo: DemoApp;
    let other: FastifyInstance;
    const errors: unknown[] = [];

    before(async () => {
      instances = await startTwoInstances(database, {
        intervalMs: SLOW_POLL_MS,
        notify: true,
        onError: (error) => errors.push(error),
      });
      ({ demo, other } = instances);
    });
    after(() => instances.close());

    const brandOn = async (app: FastifyInstance) =>
      parsePage((await app.inject("/en/")).body).querySelector(".brand")?.textContent;

    /** Renames the site on the first instance; returns how long the other took to show it (ms). */
    const renameAndWait = async (name: string): Promise<number> => {
      assert.notEqual(await brandOn(other), name);
      await other.inject("/en/");
      const admin = await signInAs(demo.app, demo.database.db, "admin");
      await admin.get("/newsroom/settings");
      const started = Date.now();
      const saved = await admin.post("/newsroom/settings/site", { siteName: name, logo: "" });
      assert.equal(saved.statusCode, 303);
      while ((await brandOn(other)) !== name && Date.now() - started < 3_000) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(await brandOn(other), name);
      return Date.now() - started;
    };

    test("a change on one instance purges the other's page cache within a second", async () => {
      const took = await renameAndWait("Tribune Notified");
      assert.ok(took < 1_000, `took ${took} ms`);
      assert.deepEqual(errors, []);
    });

    test("after its connection is cut, the listener connects again and catches up from the outbox", async () => {
      const cut = await sql<{ cut: boolean }>`
        select pg_terminate_backend(pid) as cut from pg_stat_activity
        where query like ${`listen "${CONTENT_CHANGE_CHANNEL}_${demo.database.schema}"`}`.execute(
        demo.database.db,
      );
      assert.equal(cut.rows.length, 2, "both instances listen on a connection of their own");
      // Changed at once, while the listeners are still away: the reconnect reads the outbox.
      const took = await renameAndWait("Tribune Reconnected");
      assert.ok(took < 1_000, `took ${took} ms`);
      assert.ok(errors.length > 0, "the drop was reported");
    });
  });
}
