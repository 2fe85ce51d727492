import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../../test/support/databases.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import type { Db } from "../../db/database.ts";
import { ForbiddenError } from "../../shared/errors.ts";
import type { Actor } from "../authorization/policy.ts";
import { listAuditEntries, recordAudit } from "./audit-log.ts";

for (const database of testDatabases()) {
  describe(`the audit log on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let admin: Actor;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      const user = await createTestUser(db, "admin", { email: "boss@example.org" });
      admin = { id: user.id, role: "admin", editions: [] };
      await db.deleteFrom("auditLog").execute();
    });
    afterEach(() => handle.close());

    test("lists newest first, a page at a time, with the actor's email", async () => {
      for (let n = 1; n <= 7; n += 1) {
        await recordAudit(db, {
          actorUserId: n % 2 === 0 ? admin.id : null,
          action: "article.publish",
          subjectType: "article",
          subjectId: n,
          details: { title: `Story ${n}` },
          ip: "10.0.0.1",
        });
      }
      const first = await listAuditEntries(db, admin, { limit: 3 });
      assert.deepEqual(
        first.entries.map((e) => e.subjectId),
        ["7", "6", "5"],
      );
      assert.equal(first.entries[1]?.actor?.email, "boss@example.org");
      assert.equal(first.entries[0]?.actor, null);
      assert.deepEqual(first.entries[0]?.details, { title: "Story 7" });
      const second = await listAuditEntries(db, admin, { limit: 3, before: first.nextBefore ?? undefined });
      assert.deepEqual(
        second.entries.map((e) => e.subjectId),
        ["4", "3", "2"],
      );
      const last = await listAuditEntries(db, admin, { limit: 3, before: second.nextBefore ?? undefined });
      assert.deepEqual(
        last.entries.map((e) => e.subjectId),
        ["1"],
      );
      assert.equal(last.nextBefore, null);
    });

    test("is for admins only", async () => {
      for (const role of ["contributor", "translator", "editor"] as const) {
        await assert.rejects(listAuditEntries(db, { id: 99, role, editions: ["pt"] }), ForbiddenError);
      }
    });

    test("is written in the caller's transaction: a rolled-back change leaves no entry", async () => {
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await recordAudit(trx, {
            actorUserId: admin.id,
            action: "article.delete",
            subjectType: "article",
            subjectId: 1,
          });
          throw new Error("the delete failed");
        }),
        /the delete failed/,
      );
      assert.equal((await listAuditEntries(db, admin)).entries.length, 0);
    });
  });
}
