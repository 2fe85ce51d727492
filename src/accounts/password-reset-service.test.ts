import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser, HOUR, MINUTE, movableClock, type TestUser } from "../../test/support/newsroom.ts";
import type { Db } from "../db/database.ts";
import type { MailMessage } from "../mail/mailer.ts";
import { ForbiddenError, NotFoundError, TooManyAttemptsError, ValidationError } from "../shared/errors.ts";
import { listAuditEntries } from "./audit/audit-log.ts";
import type { Actor } from "./authorization/policy.ts";
import { verifyPassword } from "./password.ts";
import {
  MailNotConfiguredError,
  PasswordResetService,
  ResetLinkUnusableError,
} from "./password-reset-service.ts";
import { SessionService } from "./session-service.ts";
import { hashToken } from "./tokens.ts";
import { UserService } from "./user-service.ts";

/** A mailer that keeps what it is asked to send. */
function collectingMailer() {
  const sent: MailMessage[] = [];
  const waiting: (() => void)[] = [];
  return {
    sent,
    async send(message: MailMessage) {
      sent.push(message);
      for (const wake of waiting.splice(0)) wake();
    },
    /** Resolves once `count` messages have been sent. */
    async until(count: number) {
      while (sent.length < count) await new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
}

function unusable(reason: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ResetLinkUnusableError, String(error));
    assert.equal(error.details.reason, reason);
    return true;
  };
}

const tokenIn = (message: MailMessage | undefined) =>
  /\/newsroom\/reset-password\/([A-Za-z0-9_-]{43})$/m.exec(message?.text ?? "")?.[1] ?? "";

const NEW_PASSWORD = "a brand new long password";

for (const database of testDatabases()) {
  describe(`password resets on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let clock: ReturnType<typeof movableClock>;
    let mailer: ReturnType<typeof collectingMailer>;
    let resets: PasswordResetService;
    let user: TestUser;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      clock = movableClock();
      mailer = collectingMailer();
      resets = new PasswordResetService({ db, mailer, publicUrl: "https://news.example.org", clock });
      user = await createTestUser(db, "editor", { email: "ed@example.org" });
    });
    afterEach(() => handle.close());

    const auditOf = async (action: string) => {
      const admin = { id: 0, role: "admin", editions: [] } satisfies Actor;
      return (await listAuditEntries(db, admin, { action })).entries;
    };

    test("a link is mailed for an account, stored only as a hash, and sets the password once", async () => {
      await resets.request("  Ed@Example.org ", { ip: "10.0.0.1" });
      await mailer.until(1);
      const mail = mailer.sent[0];
      assert.equal(mail?.to, "ed@example.org");
      const token = tokenIn(mail);
      assert.match(mail?.text ?? "", /^https:\/\/news\.example\.org\/newsroom\/reset-password\/[\w-]{43}$/m);
      const stored = await db.selectFrom("passwordResets").selectAll().execute();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.tokenHash, hashToken(token));
      assert.equal(stored[0]?.expiresAt, new Date(clock().getTime() + HOUR).toISOString());
      assert.equal(stored[0]?.requestedIp, "10.0.0.1");

      const sessions = new SessionService(db, { clock });
      await sessions.createSession(user.id);
      assert.deepEqual(await resets.check(token), { email: "ed@example.org" });
      const redeemed = await resets.redeem(token, NEW_PASSWORD, { ip: "10.0.0.2" });
      assert.deepEqual(redeemed, { userId: user.id, email: "ed@example.org" });
      const row = await new UserService(db).findByEmail("ed@example.org");
      assert.ok(row && (await verifyPassword(row.passwordHash, NEW_PASSWORD)));
      assert.equal(row?.mustChangePassword, 0);
      assert.equal(await sessions.countSessions(user.id), 0, "every session ended");

      await assert.rejects(resets.redeem(token, "another long password"), unusable("used"));
      await assert.rejects(resets.check(token), unusable("used"));
      const [reset] = await auditOf("password.reset");
      assert.equal(reset?.subjectId, String(user.id));
      assert.equal(reset?.ip, "10.0.0.2");
      const [request] = await auditOf("password.reset.request");
      assert.equal(request?.details.outcome, "sent");
    });

    test("an unknown or disabled address gets the same answer, no mail, and an audit entry", async () => {
      const admin = await createTestUser(db, "admin");
      const gone = await createTestUser(db, "contributor", { email: "gone@example.org" });
      await new UserService(db).disableUser({ id: admin.id, role: "admin", editions: [] }, gone.id);
      assert.equal(await resets.request("nobody@example.org"), undefined);
      assert.equal(await resets.request("gone@example.org"), undefined);
      await resets.request("ed@example.org");
      await mailer.until(1);
      assert.deepEqual(
        mailer.sent.map((m) => m.to),
        ["ed@example.org"],
      );
      const outcomes = (await auditOf("password.reset.request")).map((e) => e.details.outcome).sort();
      assert.deepEqual(outcomes, ["disabled", "sent", "unknown-email"]);
      assert.equal((await db.selectFrom("passwordResets").selectAll().execute()).length, 1);
    });

    test("a link expires after an hour, and a disabled account's link opens nothing", async () => {
      await resets.request("ed@example.org");
      await mailer.until(1);
      const token = tokenIn(mailer.sent[0]);
      clock.advance(HOUR);
      await assert.rejects(resets.check(token), unusable("expired"));
      await assert.rejects(resets.redeem(token, NEW_PASSWORD), unusable("expired"));

      await resets.request("ed@example.org");
      await mailer.until(2);
      const admin = await createTestUser(db, "admin");
      await new UserService(db).disableUser({ id: admin.id, role: "admin", editions: [] }, user.id);
      await assert.rejects(resets.redeem(tokenIn(mailer.sent[1]), NEW_PASSWORD), unusable("unknown"));
      await assert.rejects(resets.check("not a token"), unusable("unknown"));
      await assert.rejects(resets.check("A".repeat(43)), unusable("unknown"));
    });

    test("using one link voids the account's other open links", async () => {
      await resets.request("ed@example.org");
      await resets.request("ed@example.org");
      await mailer.until(2);
      await resets.redeem(tokenIn(mailer.sent[1]), NEW_PASSWORD);
      await assert.rejects(
        resets.redeem(tokenIn(mailer.sent[0]), "yet another password"),
        unusable("expired"),
      );
    });

    test("a refused password keeps the link usable; the password rules are the change-password ones", async () => {
      await resets.request("ed@example.org");
      await mailer.until(1);
      const token = tokenIn(mailer.sent[0]);
      await assert.rejects(resets.redeem(token, "short"), ValidationError);
      await assert.rejects(resets.redeem(token, "ed@example.org"), ValidationError);
      await resets.redeem(token, NEW_PASSWORD);
    });

    test("of two uses of one link at the same time, exactly one sets the password", async () => {
      await resets.request("ed@example.org");
      await mailer.until(1);
      const token = tokenIn(mailer.sent[0]);
      const results = await Promise.allSettled([
        resets.redeem(token, "first racing password"),
        resets.redeem(token, "second racing password"),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      assert.equal(won.length, 1);
      assert.equal(lost.length, 1);
      assert.ok(lost[0]?.status === "rejected" && lost[0].reason instanceof ResetLinkUnusableError);
      const row = await new UserService(db).findByEmail("ed@example.org");
      const first = await verifyPassword(row?.passwordHash ?? "", "first racing password");
      const second = await verifyPassword(row?.passwordHash ?? "", "second racing password");
      assert.equal(Number(first) + Number(second), 1, "the stored password is the winner's");
      assert.equal((await auditOf("password.reset")).length, 1);
    });

    test("requests are limited per address (with or without an account) and per client address", async () => {
      for (const email of ["ed@example.org", "nobody@example.org"]) {
        for (let i = 0; i < 3; i++) await resets.request(email, { ip: `10.0.1.${i}` });
        await assert.rejects(resets.request(email, { ip: "10.0.1.9" }), (error: unknown) => {
          assert.ok(error instanceof TooManyAttemptsError);
          assert.match(error.message, /Too many password reset requests\. Try again in 60 minutes/);
          return true;
        });
      }
      await mailer.until(3);
      for (let i = 0; i < 10; i++) await resets.request(`someone${i}@example.org`, { ip: "10.0.2.1" });
      await assert.rejects(
        resets.request("someone-else@example.org", { ip: "10.0.2.1" }),
        TooManyAttemptsError,
      );
      // An hour later both limits have passed.
      clock.advance(HOUR + MINUTE);
      await resets.request("ed@example.org", { ip: "10.0.2.1" });
      await mailer.until(4);
      assert.equal(mailer.sent.length, 4);
    });

    test("without a mailer, a request says e-mail is not set up, and nothing is stored", async () => {
      const offline = new PasswordResetService({ db, mailer: null, publicUrl: "https://news.example.org" });
      assert.equal(offline.canEmail, false);
      await assert.rejects(offline.request("ed@example.org"), MailNotConfiguredError);
      assert.equal((await db.selectFrom("passwordResets").selectAll().execute()).length, 0);
    });

    test("an admin gives another user a one-time password, ending their sessions and open links", async () => {
      const admin = await createTestUser(db, "admin");
      const actor: Actor = { id: admin.id, role: "admin", editions: [] };
      await resets.request("ed@example.org");
      await mailer.until(1);
      const sessions = new SessionService(db, { clock });
      await sessions.createSession(user.id);

      const reset = await resets.resetByAdmin(actor, user.id, { ip: "10.0.0.7" });
      assert.equal(reset.email, "ed@example.org");
      assert.match(reset.oneTimePassword, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      const row = await new UserService(db).findByEmail("ed@example.org");
      assert.ok(row && (await verifyPassword(row.passwordHash, reset.oneTimePassword)));
      assert.equal(row?.mustChangePassword, 1);
      assert.equal(await sessions.countSessions(user.id), 0);
      await assert.rejects(resets.redeem(tokenIn(mailer.sent[0]), NEW_PASSWORD), unusable("expired"));
      const [entry] = await auditOf("password.reset.admin");
      assert.equal(entry?.actor?.id, admin.id);
      assert.equal(entry?.details.via, "newsroom");

      await assert.rejects(resets.resetByAdmin(actor, admin.id), ValidationError, "not their own");
      const editor: Actor = { id: user.id, role: "editor", editions: [] };
      await assert.rejects(resets.resetByAdmin(editor, admin.id), ForbiddenError, "admins only");
      await assert.rejects(resets.resetByAdmin(actor, 99_999), NotFoundError);
    });

    test("an operator resets by address; an unknown address is NotFound, a disabled one refused", async () => {
      const reset = await resets.resetByOperator("ED@example.org");
      const row = await new UserService(db).findByEmail("ed@example.org");
      assert.ok(row && (await verifyPassword(row.passwordHash, reset.oneTimePassword)));
      assert.equal(row?.mustChangePassword, 1);
      const [entry] = await auditOf("password.reset.admin");
      assert.equal(entry?.actor, null);
      assert.equal(entry?.details.via, "cli");
      await assert.rejects(resets.resetByOperator("nobody@example.org"), NotFoundError);
      const admin = await createTestUser(db, "admin");
      await new UserService(db).disableUser({ id: admin.id, role: "admin", editions: [] }, user.id);
      await assert.rejects(resets.resetByOperator("ed@example.org"), ForbiddenError);
    });
  });
}
