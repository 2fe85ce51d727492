import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Kysely, sql } from "kysely";
import { DatabaseBusyError } from "../../shared/errors.ts";
import { connectSqlite } from "./sqlite-connect.ts";

interface Counter {
  counter: { id: number; n: number };
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "tribune-immediate-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Two connections to one file, as two worker processes have. */
async function twoConnections(file: string, lockWaitMs?: number) {
  const options = lockWaitMs === undefined ? {} : { lockWaitMs };
  const first = new Kysely<Counter>({ dialect: connectSqlite(file, options) });
  const second = new Kysely<Counter>({ dialect: connectSqlite(file, options) });
  await sql`create table counter (id integer primary key, n integer not null)`.execute(first);
  await sql`insert into counter values (1, 0)`.execute(first);
  return { first, second, close: () => Promise.all([first.destroy(), second.destroy()]) };
}

const increment = (db: Kysely<Counter>) =>
  db.transaction().execute(async (trx) => {
    const { n } = await trx.selectFrom("counter").select("n").where("id", "=", 1).executeTakeFirstOrThrow();
    await trx
      .updateTable("counter")
      .set({ n: n + 1 })
      .where("id", "=", 1)
      .execute();
  });

test("a read-then-write transaction waits for another connection's commit instead of failing", async () => {
  const { first, second, close } = await twoConnections(join(dir, "snapshot.db"));
  try {
    // The first connection holds the write lock while the second starts a read-then-write
    // transaction: deferred, the second would read a snapshot and fail with SQLITE_BUSY_SNAPSHOT.
    let release = () => {};
    const held = first.transaction().execute(async (trx) => {
      await trx.updateTable("counter").set({ n: 100 }).where("id", "=", 1).execute();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = increment(second);
    // The wait does not block the event loop: timers still fire while the lock is held.
    const tick = await Promise.race([
      new Promise((resolve) => setTimeout(() => resolve("timer fired"), 30)),
      waiting.then(() => "finished too early"),
    ]);
    assert.equal(tick, "timer fired");
    release();
    await held;
    await waiting;
    const { n } = await first.selectFrom("counter").select("n").executeTakeFirstOrThrow();
    assert.equal(n, 101, "the second transaction read the first one's commit");
  } finally {
    await close();
  }
});

test("many interleaved read-then-write transactions on two connections all succeed", async () => {
  const { first, second, close } = await twoConnections(join(dir, "interleaved.db"));
  try {
    await Promise.all(Array.from({ length: 200 }, (_, i) => increment(i % 2 === 0 ? first : second)));
    const { n } = await first.selectFrom("counter").select("n").executeTakeFirstOrThrow();
    assert.equal(n, 200);
  } finally {
    await close();
  }
});

test("a transaction that cannot get the lock in time fails with DatabaseBusyError, changing nothing", async () => {
  const { first, second, close } = await twoConnections(join(dir, "busy.db"), 100);
  try {
    let release = () => {};
    const held = first.transaction().execute(async (trx) => {
      await trx.updateTable("counter").set({ n: 5 }).where("id", "=", 1).execute();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await assert.rejects(increment(second), (error: unknown) => {
      assert.ok(error instanceof DatabaseBusyError);
      assert.equal(error.status, 503);
      assert.ok(error.retryAfterSeconds > 0);
      return true;
    });
    release();
    await held;
    const { n } = await second.selectFrom("counter").select("n").executeTakeFirstOrThrow();
    assert.equal(n, 5);
  } finally {
    await close();
  }
});

test("a write outside a transaction waits for the lock without blocking the event loop", async () => {
  const { first, second, close } = await twoConnections(join(dir, "autocommit.db"));
  try {
    let release = () => {};
    const held = first.transaction().execute(async (trx) => {
      await trx.updateTable("counter").set({ n: 7 }).where("id", "=", 1).execute();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const write = second.updateTable("counter").set({ n: 8 }).where("id", "=", 1).execute();
    const tick = await Promise.race([
      new Promise((resolve) => setTimeout(() => resolve("timer fired"), 30)),
      write.then(() => "finished too early"),
    ]);
    assert.equal(tick, "timer fired", "the event loop turned while the write waited");
    release();
    await held;
    await write;
    const { n } = await first.selectFrom("counter").select("n").executeTakeFirstOrThrow();
    assert.equal(n, 8, "the waiting write went in after the transaction");
  } finally {
    await close();
  }
});
