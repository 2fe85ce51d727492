import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser, TEST_PASSWORD } from "../../test/support/newsroom.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, ForbiddenError, TooManyAttemptsError, ValidationError } from "../shared/errors.ts";
import { listAuditEntries } from "./audit/audit-log.ts";
import type { Actor } from "./authorization/policy.ts";
import { verifyPassword } from "./password.ts";
import { SessionService } from "./session-service.ts";
import { normalizeEmail, UserService } from "./user-service.ts";

function validationOn(field: string, pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.details.field, field);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

for (const database of testDatabases()) {
  describe(`users on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let users: UserService;
    let admin: Actor;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      users = new UserService(db);
      const created = await createTestUser(db, "admin");
      admin = { id: created.id, role: "admin", editions: [] };
    });
    afterEach(() => handle.close());

    test("a user created without a password gets a one-time one that must be changed", async () => {
      const { user, oneTimePassword } = await users.createUser(
        { email: "  Ana.Silva@Example.ORG ", role: "editor" },
        { via: "cli" },
      );
      assert.ok(oneTimePassword);
      assert.equal(user.email, "ana.silva@example.org");
      assert.equal(user.name, "ana.silva");
      assert.equal(user.mustChangePassword, true);
      const row = await users.findByEmail("ANA.SILVA@example.org");
      assert.match(row?.passwordHash ?? "", /^\$argon2id\$/);
      assert.ok(!row?.passwordHash.includes(oneTimePassword), "the password is not stored in clear");

      await users.changePassword(user.id, oneTimePassword, "a brand new passphrase");
      assert.equal((await users.getUser(user.id)).mustChangePassword, false);
    });

    test("a user created with a password need not change it", async () => {
      const { user, oneTimePassword } = await users.createUser(
        { email: "bo@example.org", role: "contributor", password: "long enough password", name: " Bo  Lee " },
        { via: "cli" },
      );
      assert.equal(oneTimePassword, null);
      assert.equal(user.mustChangePassword, false);
      assert.equal(user.name, "Bo Lee");
    });

    test("refuses a bad email, a bad role, a taken email and a weak password, clearly", async () => {
      await assert.rejects(
        users.createUser({ email: "not-an-email", role: "editor" }, { via: "cli" }),
        validationOn("email", /not an email address/),
      );
      await assert.rejects(
        users.createUser({ email: "x@example.org", role: "owner" }, { via: "cli" }),
        validationOn("role", /the roles are contributor, translator, editor, admin/),
      );
      await users.createUser({ email: "taken@example.org", role: "editor" }, { via: "cli" });
      await assert.rejects(
        users.createUser({ email: "TAKEN@example.org", role: "editor" }, { via: "cli" }),
        (error: unknown) =>
          error instanceof ConflictError && /taken@example.org already exists/.test(error.message),
      );
      await assert.rejects(
        users.createUser({ email: "y@example.org", role: "editor", password: "short" }, { via: "cli" }),
        validationOn("password", /at least 12/),
      );
      assert.throws(() => normalizeEmail("a@b"), validationOn("email"));
      for (const email of ["ana\u0000@example.org", "ana@exa\u0000mple.org", "ana@example.org\u0007"]) {
        assert.throws(() => normalizeEmail(email), validationOn("email", /control characters/));
      }
    });

    test("translators need editions, known ones; other roles take none", async () => {
      await assert.rejects(
        users.createUser({ email: "t@example.org", role: "translator" }, { via: "cli" }),
        validationOn("editions", /at least one edition/),
      );
      await assert.rejects(
        users.createUser({ email: "t@example.org", role: "translator", editions: "pt,xx" }, { via: "cli" }),
        validationOn("editions", /"xx" is not an edition/),
      );
      await assert.rejects(
        users.createUser({ email: "e@example.org", role: "editor", editions: "pt" }, { via: "cli" }),
        validationOn("editions", /only translators/),
      );
      const { user } = await users.createUser(
        { email: "t@example.org", role: "translator", editions: "es, pt,pt" },
        { via: "cli" },
      );
      assert.deepEqual(user.editions, ["es", "pt"]);
    });

    test("changing a password needs the current one, and a new acceptable one", async () => {
      const ana = await createTestUser(db, "editor", { email: "ana@example.org" });
      await assert.rejects(
        users.changePassword(ana.id, "wrong password!", "another good password"),
        validationOn("currentPassword"),
      );
      await assert.rejects(
        users.changePassword(ana.id, TEST_PASSWORD, "short"),
        validationOn("newPassword", /at least 12/),
      );
      await assert.rejects(
        users.changePassword(ana.id, TEST_PASSWORD, "ana@example.org"),
        validationOn("newPassword", /email/),
      );
      await assert.rejects(
        users.changePassword(ana.id, TEST_PASSWORD, TEST_PASSWORD),
        validationOn("newPassword", /differ/),
      );
    });

    test("wrong current passwords count as the account's failed sign-ins; past five, nothing is checked", async () => {
      const bo = await createTestUser(db, "editor", { email: "bo@example.org" });
      for (let i = 0; i < 5; i += 1) {
        await assert.rejects(
          users.changePassword(bo.id, `wrong ${i}`, "another good password"),
          validationOn("currentPassword"),
        );
      }
      await assert.rejects(
        users.changePassword(bo.id, TEST_PASSWORD, "another good password"),
        (error: unknown) => error instanceof TooManyAttemptsError && error.retryAfterSeconds > 800,
      );
      const counted = await db
        .selectFrom("signInFailures")
        .select("key")
        .where("key", "=", "email:bo@example.org")
        .execute();
      assert.equal(counted.length, 5, "the failures the sign-in form counts too");
      const row = await users.findByEmail("bo@example.org");
      assert.ok(row && (await verifyPassword(row.passwordHash, TEST_PASSWORD)), "the password is unchanged");
    });

    test("changing a password ends the user's other sessions", async () => {
      const ana = await createTestUser(db, "editor");
      const sessions = new SessionService(db);
      const here = await sessions.createSession(ana.id);
      const elsewhere = await sessions.createSession(ana.id);
      await users.changePassword(ana.id, TEST_PASSWORD, "another good password", {
        keepSessionId: here.sessionId,
      });
      assert.ok(await sessions.verifySession(here.token));
      assert.equal(await sessions.verifySession(elsewhere.token), null);
    });

    test("admins change roles (audited), never their own; others may not", async () => {
      const bo = await createTestUser(db, "contributor");
      const changed = await users.changeRole(
        admin,
        bo.id,
        { role: "translator", editions: ["pt"] },
        { ip: "10.0.0.1" },
      );
      assert.equal(changed.role, "translator");
      assert.deepEqual(changed.editions, ["pt"]);
      const back = await users.changeRole(admin, bo.id, { role: "editor" });
      assert.deepEqual(back.editions, [], "editions go with the translator role");

      const { entries } = await listAuditEntries(db, admin, { action: "user.roleChange" });
      assert.equal(entries.length, 2);
      assert.deepEqual(
        {
          actor: entries[1]?.actor?.id,
          subject: entries[1]?.subjectId,
          ip: entries[1]?.ip,
          from: entries[1]?.details.from,
          to: entries[1]?.details.to,
        },
        { actor: admin.id, subject: String(bo.id), ip: "10.0.0.1", from: "contributor", to: "translator" },
      );

      await assert.rejects(
        users.changeRole(admin, admin.id, { role: "editor" }),
        validationOn("role", /your own role/),
      );
      const editor: Actor = { id: bo.id, role: "editor", editions: [] };
      await assert.rejects(users.changeRole(editor, admin.id, { role: "contributor" }), ForbiddenError);
      await assert.rejects(users.listUsers(editor), ForbiddenError);
    });

    test("disabling a user ends their sessions and is audited; not oneself", async () => {
      const bo = await createTestUser(db, "editor");
      const sessions = new SessionService(db);
      const { token } = await sessions.createSession(bo.id);
      const disabled = await users.disableUser(admin, bo.id);
      assert.ok(disabled.disabledAt);
      assert.equal(await sessions.verifySession(token), null);
      const { entries } = await listAuditEntries(db, admin, { action: "user.disable" });
      assert.equal(entries[0]?.subjectId, String(bo.id));
      await assert.rejects(users.disableUser(admin, admin.id), validationOn("user", /yourself/));
      await assert.rejects(
        users.disableUser({ id: bo.id, role: "editor", editions: [] }, admin.id),
        ForbiddenError,
      );
    });

    test("lists users with their editions, for admins", async () => {
      await createTestUser(db, "translator", { email: "t@example.org", editions: ["es", "pt"] });
      const list = await users.listUsers(admin);
      assert.equal(list.length, 2);
      assert.deepEqual(list.find((u) => u.email === "t@example.org")?.editions, ["es", "pt"]);
      assert.ok(list.every((u) => !("passwordHash" in u)));
    });
  });
}
