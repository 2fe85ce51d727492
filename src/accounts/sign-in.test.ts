import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser, TEST_PASSWORD } from "../../test/support/newsroom.ts";
import type { Db } from "../db/database.ts";
import { createNewsroomServices, type NewsroomServices } from "../newsroom/newsroom-services.ts";
import { ForbiddenError, TooManyAttemptsError, ValidationError } from "../shared/errors.ts";
import { listAuditEntries } from "./audit/audit-log.ts";
import { InvalidCredentialsError } from "./sign-in.ts";

for (const database of testDatabases()) {
  describe(`signing in on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let services: NewsroomServices;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      services = createNewsroomServices(db);
    });
    afterEach(() => handle.close());

    test("opens a session for the right password, in any case of email, and audits it", async () => {
      const ana = await createTestUser(db, "editor", { email: "ana@example.org" });
      const signedIn = await services.signIn.signIn(
        { email: " ANA@example.org", password: TEST_PASSWORD },
        { ip: "10.0.0.1", userAgent: "Test" },
      );
      assert.equal(signedIn.user.id, ana.id);
      assert.ok(await services.sessions.verifySession(signedIn.token));
      const admin = { id: 0, role: "admin" as const, editions: [] };
      const [entry] = (await listAuditEntries(db, admin, { action: "sign-in" })).entries;
      assert.deepEqual({ actor: entry?.actor?.id, ip: entry?.ip }, { actor: ana.id, ip: "10.0.0.1" });
    });

    test("answers an unknown email and a wrong password alike, and audits both", async () => {
      await createTestUser(db, "editor", { email: "ana@example.org" });
      for (const email of ["ana@example.org", "nobody@example.org"]) {
        await assert.rejects(
          services.signIn.signIn({ email, password: "not the password" }, { ip: "10.0.0.2" }),
          (error: unknown) => {
            assert.ok(error instanceof InvalidCredentialsError);
            assert.equal(error.status, 401);
            assert.equal(
              error.message,
              "That email and password do not match an account. Check both and try again.",
            );
            return true;
          },
        );
      }
      const admin = { id: 0, role: "admin" as const, editions: [] };
      const failures = (await listAuditEntries(db, admin, { action: "sign-in.failed" })).entries;
      assert.deepEqual(failures.map((f) => f.details.reason).sort(), ["unknown-email", "wrong-password"]);
    });

    test("refuses an email with a NUL or another control character before counting or looking it up", async () => {
      await assert.rejects(
        services.signIn.signIn(
          { email: "ana\u0000@example.org", password: TEST_PASSWORD },
          { ip: "10.0.0.3" },
        ),
        (error: unknown) => error instanceof ValidationError && error.details.field === "email",
      );
      assert.deepEqual(await db.selectFrom("signInFailures").selectAll().execute(), []);
    });

    test("a disabled account cannot sign in", async () => {
      const ana = await createTestUser(db, "editor");
      await db
        .updateTable("users")
        .set({ disabledAt: new Date().toISOString() })
        .where("id", "=", ana.id)
        .execute();
      await assert.rejects(
        services.signIn.signIn({ email: ana.email, password: TEST_PASSWORD }),
        ForbiddenError,
      );
    });

    test("after five failures even the right password waits", async () => {
      const ana = await createTestUser(db, "editor");
      for (let i = 0; i < 5; i += 1) {
        await assert.rejects(
          services.signIn.signIn({ email: ana.email, password: "wrong password" }),
          InvalidCredentialsError,
        );
      }
      await assert.rejects(
        services.signIn.signIn({ email: ana.email, password: TEST_PASSWORD }),
        TooManyAttemptsError,
      );
    });
  });
}
