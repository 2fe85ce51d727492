import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser, DAY, movableClock } from "../../test/support/newsroom.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../shared/errors.ts";
import { listAuditEntries } from "./audit/audit-log.ts";
import type { Actor } from "./authorization/policy.ts";
import { InviteService, InviteUnusableError } from "./invite-service.ts";
import { verifyPassword } from "./password.ts";
import { UserService } from "./user-service.ts";

function unusable(reason: string, status: number) {
  return (error: unknown) => {
    assert.ok(error instanceof InviteUnusableError, String(error));
    assert.equal(error.details.reason, reason);
    assert.equal(error.status, status);
    return true;
  };
}

for (const database of testDatabases()) {
  describe(`invitations on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let clock: ReturnType<typeof movableClock>;
    let invites: InviteService;
    let admin: Actor;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      clock = movableClock();
      invites = new InviteService(db, clock);
      const created = await createTestUser(db, "admin");
      admin = { id: created.id, role: "admin", editions: [] };
    });
    afterEach(() => handle.close());

    test("an invitation is accepted once, creating the user with the chosen name and password", async () => {
      const { token, invite } = await invites.createInvite(admin, {
        email: "Tra@Example.org",
        role: "translator",
        editions: ["pt", "es"],
      });
      assert.equal(invite.email, "tra@example.org");
      assert.equal(invite.expiresAt, new Date(clock().getTime() + 7 * DAY).toISOString());
      const stored = await db.selectFrom("invites").selectAll().execute();
      assert.notEqual(stored[0]?.tokenHash, token, "only the token's hash is stored");

      const user = await invites.acceptInvite(
        token,
        { name: "Tânia Ramos", password: "a good long password" },
        { ip: "10.0.0.5" },
      );
      assert.equal(user.role, "translator");
      assert.deepEqual(user.editions, ["es", "pt"]);
      assert.equal(user.mustChangePassword, false);
      const row = await new UserService(db).findByEmail("tra@example.org");
      assert.ok(row && (await verifyPassword(row.passwordHash, "a good long password")));

      await assert.rejects(invites.findInvite(token), unusable("used", 410));
      await assert.rejects(
        invites.acceptInvite(token, { name: "Someone", password: "another long password" }),
        unusable("used", 410),
      );

      const actions = (await listAuditEntries(db, admin)).entries.map((e) => e.action);
      assert.deepEqual(actions.slice(0, 3), ["invite.accept", "user.create", "invite.create"]);
    });

    test("two people submitting the same link at once: one account, one refusal", async () => {
      const { token } = await invites.createInvite(admin, { email: "race@example.org", role: "editor" });
      const results = await Promise.allSettled([
        invites.acceptInvite(token, { name: "One", password: "first long password" }),
        invites.acceptInvite(token, { name: "Two", password: "second long password" }),
      ]);
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
      const users = await db
        .selectFrom("users")
        .select("email")
        .where("email", "=", "race@example.org")
        .execute();
      assert.equal(users.length, 1);
    });

    test("expires after seven days", async () => {
      const { token } = await invites.createInvite(admin, { email: "late@example.org", role: "editor" });
      clock.advance(7 * DAY - 1000);
      assert.equal((await invites.findInvite(token)).email, "late@example.org");
      clock.advance(2000);
      await assert.rejects(invites.findInvite(token), unusable("expired", 410));
      await assert.rejects(
        invites.acceptInvite(token, { name: "Late", password: "a good long password" }),
        unusable("expired", 410),
      );
    });

    test("a new invitation for the same email replaces the open one", async () => {
      const first = await invites.createInvite(admin, { email: "twice@example.org", role: "editor" });
      const second = await invites.createInvite(admin, { email: "twice@example.org", role: "contributor" });
      await assert.rejects(invites.findInvite(first.token), unusable("expired", 410));
      assert.equal((await invites.findInvite(second.token)).role, "contributor");
      assert.equal((await invites.listOpenInvites(admin)).length, 1);
    });

    test("refuses unknown tokens, weak passwords, existing accounts and non-admins", async () => {
      await assert.rejects(invites.findInvite("x".repeat(43)), unusable("unknown", 404));
      await assert.rejects(invites.findInvite("../etc"), unusable("unknown", 404));
      const { token } = await invites.createInvite(admin, { email: "new@example.org", role: "editor" });
      await assert.rejects(invites.acceptInvite(token, { name: "New", password: "short" }), ValidationError);
      await assert.rejects(
        invites.acceptInvite(token, { name: " ", password: "a good long password" }),
        ValidationError,
      );
      assert.ok(await invites.findInvite(token), "a refused acceptance leaves the invitation usable");
      const existing = await createTestUser(db, "editor");
      await assert.rejects(
        invites.createInvite(admin, { email: existing.email, role: "editor" }),
        ConflictError,
      );
      await assert.rejects(
        invites.createInvite(admin, { email: "t@example.org", role: "translator" }),
        ValidationError,
      );
      const editor: Actor = { id: existing.id, role: "editor", editions: [] };
      await assert.rejects(
        invites.createInvite(editor, { email: "x@example.org", role: "editor" }),
        ForbiddenError,
      );
    });
  });
}
