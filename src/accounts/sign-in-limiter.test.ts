import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { MINUTE, movableClock } from "../../test/support/newsroom.ts";
import type { Db } from "../db/database.ts";
import { TooManyAttemptsError } from "../shared/errors.ts";
import { SignInLimiter } from "./sign-in-limiter.ts";

function tooMany(pattern: RegExp, seconds?: number) {
  return (error: unknown) => {
    assert.ok(error instanceof TooManyAttemptsError, String(error));
    assert.equal(error.status, 429);
    assert.match(error.message, pattern);
    if (seconds !== undefined) assert.equal(error.retryAfterSeconds, seconds);
    return true;
  };
}

for (const database of testDatabases()) {
  describe(`sign-in limits on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let clock: ReturnType<typeof movableClock>;
    let limiter: SignInLimiter;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      clock = movableClock("2026-03-02T09:00:00.000Z");
      limiter = new SignInLimiter(db, { clock });
    });
    afterEach(() => handle.close());

    test("five failures per account in 15 minutes, then 429 saying when to try again", async () => {
      for (let i = 0; i < 5; i += 1) {
        await limiter.begin("ana@example.org", `10.0.0.${i}`);
        clock.advance(MINUTE);
      }
      // The first failure (09:00) leaves the window at 09:15; it is 09:05 now.
      await assert.rejects(
        limiter.begin("ANA@example.org", "10.0.9.9"),
        tooMany(
          /^Too many failed sign-in attempts for this account\. Try again in 10 minutes \(after 09:15 UTC\)/,
          600,
        ),
      );
      await limiter.begin("bo@example.org", "10.0.9.9");
      clock.advance(10 * MINUTE);
      await limiter.begin("ana@example.org", "10.0.9.9");
      await assert.rejects(
        limiter.begin("ana@example.org", "10.0.9.9"),
        tooMany(/Try again in 1 minute \(after 09:16 UTC\)/, 60),
      );
    });

    test("thirty failures per address in 15 minutes, whatever the accounts", async () => {
      for (let i = 0; i < 30; i += 1) await limiter.begin(`user${i}@example.org`, "192.0.2.7");
      await assert.rejects(
        limiter.begin("fresh@example.org", "192.0.2.7"),
        tooMany(/from your network\. Try again in 15 minutes/, 900),
      );
      await limiter.begin("fresh@example.org", "192.0.2.8");
      clock.advance(15 * MINUTE);
      await limiter.begin("fresh@example.org", "192.0.2.7");
    });

    test("a success withdraws the attempt and the account's failures, not the address's", async () => {
      for (let i = 0; i < 4; i += 1) await limiter.begin("ana@example.org", "192.0.2.1");
      await limiter.succeeded(await limiter.begin("ana@example.org", "192.0.2.1"));
      for (let i = 0; i < 5; i += 1) await limiter.begin("ana@example.org", "192.0.2.1");
      await assert.rejects(limiter.begin("ana@example.org", "192.0.2.1"), TooManyAttemptsError);
      const byIp = await db
        .selectFrom("signInFailures")
        .selectAll()
        .where("key", "=", "ip:192.0.2.1")
        .execute();
      assert.equal(byIp.length, 9, "4 failures before the success and 5 after, per address");
    });

    test("attempts under way count: a burst of parallel guesses gets five at most, not fifty", async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => limiter.begin("target@example.org", `198.51.100.${i}`)),
      );
      const through = results.filter((r) => r.status === "fulfilled").length;
      assert.ok(through <= 5, `${through} of 50 parallel attempts went through`);
      assert.ok(results.every((r) => r.status === "fulfilled" || r.reason instanceof TooManyAttemptsError));
      const left = await db
        .selectFrom("signInFailures")
        .selectAll()
        .where("key", "=", "email:target@example.org")
        .execute();
      assert.equal(left.length, through, "refused attempts leave nothing behind");
    });

    test("refused attempts do not extend the lock, and old rows are cleaned away", async () => {
      for (let i = 0; i < 5; i += 1) await limiter.begin("ana@example.org", "192.0.2.1");
      for (let i = 0; i < 3; i += 1)
        await assert.rejects(limiter.begin("ana@example.org", "192.0.2.1"), TooManyAttemptsError);
      clock.advance(15 * MINUTE);
      await limiter.begin("ana@example.org", "192.0.2.1");
      const rows = await db.selectFrom("signInFailures").selectAll().execute();
      assert.equal(rows.length, 2, "only the latest attempt, for the account and the address");
    });
  });
}
