import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser, DAY, HOUR, MINUTE, movableClock } from "../../test/support/newsroom.ts";
import type { Db } from "../db/database.ts";
import { listAuditEntries } from "./audit/audit-log.ts";
import { SessionService, sessionIdOf } from "./session-service.ts";

for (const database of testDatabases()) {
  describe(`sessions on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let clock: ReturnType<typeof movableClock>;
    let sessions: SessionService;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      clock = movableClock();
      sessions = new SessionService(db, { clock });
    });
    afterEach(() => handle.close());

    test("are stored under the hash of their token, never the token", async () => {
      const user = await createTestUser(db, "editor");
      const { token, sessionId } = await sessions.createSession(user.id, {
        ip: "10.1.1.1",
        userAgent: "Firefox",
      });
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(sessionId, sessionIdOf(token));
      const rows = await db.selectFrom("sessions").selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.id, sessionId);
      assert.notEqual(rows[0]?.id, token);
      const verified = await sessions.verifySession(token);
      assert.equal(verified?.user.email, user.email);
      assert.equal(verified?.user.role, "editor");
      assert.equal(await sessions.verifySession(sessionId), null, "the stored id is not a token");
      assert.equal(await sessions.verifySession("nonsense"), null);
      assert.equal(await sessions.verifySession(undefined), null);
    });

    test("expire after 12 idle hours", async () => {
      const user = await createTestUser(db, "editor");
      const { token } = await sessions.createSession(user.id);
      clock.advance(11 * HOUR);
      assert.ok(await sessions.verifySession(token), "used within 12 hours, it lives on");
      clock.advance(11 * HOUR);
      assert.ok(await sessions.verifySession(token), "idleness counts from the last use");
      clock.advance(12 * HOUR + MINUTE);
      assert.equal(await sessions.verifySession(token), null);
      assert.equal((await db.selectFrom("sessions").selectAll().execute()).length, 0, "and is deleted");
    });

    test("expire 7 days after sign-in however busy", async () => {
      const user = await createTestUser(db, "editor");
      const { token } = await sessions.createSession(user.id);
      for (let hours = 0; hours < 7 * 24 - 6; hours += 6) {
        clock.advance(6 * HOUR);
        assert.ok(await sessions.verifySession(token), `alive after ${hours + 6} hours`);
      }
      clock.advance(DAY);
      assert.equal(await sessions.verifySession(token), null);
    });

    test("signing out everywhere ends every session of the user, and only theirs", async () => {
      const ana = await createTestUser(db, "editor");
      const bo = await createTestUser(db, "editor");
      const anaTokens = [
        (await sessions.createSession(ana.id)).token,
        (await sessions.createSession(ana.id)).token,
        (await sessions.createSession(ana.id)).token,
      ];
      const boToken = (await sessions.createSession(bo.id)).token;
      assert.equal(await sessions.countSessions(ana.id), 3);
      assert.equal(await sessions.signOutEverywhere(ana.id, { ip: "10.0.0.9" }), 3);
      for (const token of anaTokens) assert.equal(await sessions.verifySession(token), null);
      assert.ok(await sessions.verifySession(boToken));
      const admin = { id: 0, role: "admin" as const, editions: [] };
      const { entries } = await listAuditEntries(db, admin, { action: "sign-out.everywhere" });
      assert.deepEqual(entries[0]?.details, { sessions: 3 });
    });

    test("signing out ends one session", async () => {
      const ana = await createTestUser(db, "editor");
      const here = await sessions.createSession(ana.id);
      const there = await sessions.createSession(ana.id);
      await sessions.signOut(here.sessionId, { userId: ana.id });
      assert.equal(await sessions.verifySession(here.token), null);
      assert.ok(await sessions.verifySession(there.token));
    });

    test("a disabled user's session opens nothing", async () => {
      const ana = await createTestUser(db, "editor");
      const { token } = await sessions.createSession(ana.id);
      await db
        .updateTable("users")
        .set({ disabledAt: clock().toISOString() })
        .where("id", "=", ana.id)
        .execute();
      assert.equal(await sessions.verifySession(token), null);
    });
  });
}
