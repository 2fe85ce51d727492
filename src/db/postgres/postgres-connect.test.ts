import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sql } from "kysely";
import { postgresTestUrl, testDatabases } from "../../../test/support/databases.ts";

const postgres = testDatabases().find((database) => database.name === "postgres");

describe("PostgreSQL connections", { skip: postgresTestUrl() ? false : "no PostgreSQL" }, () => {
  test("an idle connection the server ends does not end the process; the next query opens another", async () => {
    if (!postgres) return;
    const handle = await postgres.open();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      const pid = rows[0]?.pid;
      // Ended from another connection, as a server restart or a dropped database would end it.
      const other = await postgres.open();
      await sql`select pg_terminate_backend(${pid})`.execute(other.db);
      await other.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(uncaught, []);
      const again = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      assert.equal(again.rows[0]?.one, 1);
    } finally {
      process.off("uncaughtException", onUncaught);
      await handle.close();
    }
  });

  test("a connection ended while a transaction holds it fails that transaction, not the process", async () => {
    if (!postgres) return;
    const handle = await postgres.open();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const other = await postgres.open();
      const transaction = handle.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // Checked out and between two statements, as the server restarts.
        await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(other.db);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`select 1`.execute(trx);
      });
      await assert.rejects(transaction);
      await other.close();
      assert.deepEqual(uncaught, []);
      const again = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      assert.equal(again.rows[0]?.one, 1);
    } finally {
      process.off("uncaughtException", onUncaught);
      await handle.close();
    }
  });
});
