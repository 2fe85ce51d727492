import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sql } from "kysely";
import { postgresTestUrl, testDatabases } from "../../../test/support/databases.ts";
import { postgresAdapter } from "./postgres-adapter.ts";

const postgres = testDatabases().find((database) => database.name === "postgres");

/** Runs `work` on a fresh handle; the uncaught exceptions meanwhile (none, or the process would have ended). */
async function uncaughtDuring(
  work: (handle: Awaited<ReturnType<NonNullable<typeof postgres>["open"]>>) => Promise<void>,
): Promise<unknown[]> {
  if (!postgres) return [];
  const handle = await postgres.open();
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on("uncaughtException", onUncaught);
  try {
    await work(handle);
    return uncaught;
  } finally {
    process.off("uncaughtException", onUncaught);
    await handle.close();
  }
}

/** Ends a backend from another connection. */
async function terminate(pid: number | undefined): Promise<void> {
  if (!postgres) return;
  const other = await postgres.open();
  try {
    await sql`select pg_terminate_backend(${pid})`.execute(other.db);
  } finally {
    await other.close();
  }
}

describe("PostgreSQL connections", { skip: postgresTestUrl() ? false : "no PostgreSQL" }, () => {
  test("an idle connection the server ends does not end the process; the next query opens another", async () => {
    const uncaught = await uncaughtDuring(async (handle) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      // Ended from another connection, as a server restart or a dropped database would end it.
      await terminate(rows[0]?.pid);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      assert.equal(again.rows[0]?.one, 1);
    });
    assert.deepEqual(uncaught, []);
  });

  test("a connection ended while a transaction holds it fails that transaction, not the process", async () => {
    const uncaught = await uncaughtDuring(async (handle) => {
      const transaction = handle.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // Checked out and between two statements, as the server restarts.
        await terminate(rows[0]?.pid);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`select 1`.execute(trx);
      });
      await assert.rejects(transaction);
      const again = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      assert.equal(again.rows[0]?.one, 1);
    });
    assert.deepEqual(uncaught, []);
  });

  test("a transaction told to roll back if idle is ended by the server when it waits longer, its writes undone", async () => {
    const uncaught = await uncaughtDuring(async (handle) => {
      const transaction = handle.db.transaction().execute(async (trx) => {
        await postgresAdapter.rollBackIfIdle(trx, 100);
        await trx
          .insertInto("contentChanges")
          .values({ createdAt: new Date().toISOString(), origin: "stalled", change: "{}" })
          .execute();
        // A process stopped (or cut off) between its last statement and its commit.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      });
      await assert.rejects(transaction);
      const rows = await handle.db
        .selectFrom("contentChanges")
        .select("id")
        .where("origin", "=", "stalled")
        .execute();
      assert.deepEqual(rows, []);
    });
    assert.deepEqual(uncaught, []);
  });
});
