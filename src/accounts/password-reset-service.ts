import type { Db } from "../db/database.ts";
import type { Mailer } from "../mail/mailer.ts";
import { ForbiddenError, NotFoundError, TribuneError, ValidationError } from "../shared/errors.ts";
import { recordAudit } from "./audit/audit-log.ts";
import { type Actor, assertCan } from "./authorization/policy.ts";
import { type Clock, isoAfter, systemClock } from "./clock.ts";
import { assertAcceptablePassword, generateOneTimePassword, hashPassword } from "./password.ts";
import {
  DEFAULT_PASSWORD_RESET_LIMITS,
  PasswordResetLimiter,
  type PasswordResetLimits,
} from "./password-reset-limiter.ts";
import { hashToken, looksLikeToken, newToken } from "./tokens.ts";
import { normalizeEmail } from "./user-service.ts";

export const RESET_LINK_LIFETIME_MS = 60 * 60 * 1000;
export const RESET_PASSWORD_PATH = "/newsroom/reset-password";

/** A reset link that cannot be used: unknown (404), or used or expired (410). */
export class ResetLinkUnusableError extends TribuneError {
  constructor(reason: "unknown" | "used" | "expired") {
    const messages = {
      unknown: "This password reset link is not valid. Check that it was copied whole, or ask for a new one.",
      used: "This password reset link has already been used. Sign in with your password, or ask for a new link.",
      expired: "This password reset link has expired. Ask for a new one; each link works for an hour.",
    } as const;
    super("RESET_LINK_UNUSABLE", reason === "unknown" ? 404 : 410, messages[reason], { reason });
  }
}

/** "Forgot password" on a site that sends no e-mail: said plainly, nothing pretends to be sent. */
export class MailNotConfiguredError extends TribuneError {
  constructor() {
    super(
      "MAIL_NOT_CONFIGURED",
      503,
      "This site does not send e-mail (no SMTP server is set up), so it cannot send you a reset link. Ask an administrator to reset your password.",
    );
  }
}

export interface PasswordResetOptions {
  db: Db;
  /** The site's mailer; null when no SMTP server is configured (links cannot be sent). */
  mailer: Mailer | null;
  /** The site's origin, for the link in the e-mail. */
  publicUrl: string;
  /** The site's name in the e-mail, read when one is sent (admins may rename the site). */
  siteName?: () => string;
  clock?: Clock;
  limits?: Partial<PasswordResetLimits>;
  /** A link that could not be mailed (the requester's answer does not wait for the mail). */
  onMailError?: (error: unknown) => void;
}

/** Who set a one-time password: an admin in the newsroom, or an operator with the command line. */
export type OneTimePasswordBy = { actor: Actor; ip?: string | null } | { via: "cli" };

/**
 * Account recovery: a link mailed to the address of an account (one hour, once; only its hash is
 * stored), and one-time passwords set by an admin or by an operator at the command line.
 */
export class PasswordResetService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly limiter: PasswordResetLimiter;

  constructor(private readonly options: PasswordResetOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.limiter = new PasswordResetLimiter(this.db, this.clock, {
      ...DEFAULT_PASSWORD_RESET_LIMITS,
      ...options.limits,
    });
  }

  /** Whether links can be mailed at all (an SMTP server is configured). */
  get canEmail(): boolean {
    return this.options.mailer !== null;
  }

  /**
   * Mails a reset link to `email` if it is the address of an enabled account, and otherwise does
   * nothing the requester can tell apart: the same answer, without waiting for the mail either way.
   * Limited per address and per client address (TooManyAttemptsError, whether the account exists
   * or not). Audited, with the outcome the requester is not told.
   */
  async request(emailInput: unknown, client: { ip?: string | null } = {}): Promise<void> {
    const mailer = this.options.mailer;
    if (!mailer) throw new MailNotConfiguredError();
    const email = normalizeEmail(emailInput);
    const ip = client.ip ?? null;
    await this.limiter.count(email, ip);
    const user = await this.db
      .selectFrom("users")
      .select(["id", "disabledAt"])
      .where("email", "=", email)
      .executeTakeFirst();
    const now = this.clock();
    if (!user || user.disabledAt !== null) {
      await recordAudit(this.db, {
        actorUserId: null,
        action: "password.reset.request",
        subjectType: user ? "user" : null,
        subjectId: user?.id ?? null,
        details: { email, outcome: user ? "disabled" : "unknown-email" },
        ip,
      });
      return;
    }
    const token = newToken();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("passwordResets")
        .values({
          tokenHash: hashToken(token),
          userId: user.id,
          createdAt: now.toISOString(),
          expiresAt: isoAfter(now, RESET_LINK_LIFETIME_MS),
          usedAt: null,
          requestedIp: ip?.slice(0, 100) ?? null,
        })
        .execute();
      await recordAudit(trx, {
        actorUserId: null,
        action: "password.reset.request",
        subjectType: "user",
        subjectId: user.id,
        details: { email, outcome: "sent" },
        ip,
      });
    });
    // Not awaited: an answer that waited for the SMTP server would tell who has an account.
    mailer.send(this.resetMail(email, token)).catch((error: unknown) => this.options.onMailError?.(error));
  }

  /** The address a link resets the password of, if the link can still be used. */
  async check(token: string): Promise<{ email: string }> {
    const row = await this.findUsable(token);
    return { email: row.email };
  }

  /**
   * Sets the password a link's owner chose, once: the link is claimed in the same transaction (of
   * two people using it at once, one succeeds), every other open link of the account is voided and
   * every session of the account ends. Returns the address, to sign in with.
   */
  async redeem(
    token: string,
    newPassword: unknown,
    client: { ip?: string | null } = {},
  ): Promise<{ userId: number; email: string }> {
    const row = await this.findUsable(token);
    const password = assertAcceptablePassword(newPassword, row.email, "newPassword");
    const passwordHash = await hashPassword(password);
    const now = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable("passwordResets")
        .set({ usedAt: now })
        .where("tokenHash", "=", hashToken(token))
        .where("usedAt", "is", null)
        .where("expiresAt", ">", now)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new ResetLinkUnusableError("used");
      await trx
        .updateTable("users")
        .set({ passwordHash, mustChangePassword: 0 })
        .where("id", "=", row.userId)
        .execute();
      await this.endAccess(trx, row.userId, now);
      // The owner proved they read the account's mail: failed sign-ins of others stop counting.
      await trx.deleteFrom("signInFailures").where("key", "=", `email:${row.email}`).execute();
      await recordAudit(trx, {
        actorUserId: row.userId,
        action: "password.reset",
        subjectType: "user",
        subjectId: row.userId,
        details: { email: row.email },
        ip: client.ip ?? null,
        at: now,
      });
    });
    return { userId: row.userId, email: row.email };
  }

  /**
   * Gives another user a one-time password (returned once, to pass on; to be changed at the next
   * sign-in), ends their sessions and voids their reset links. Admins only, never for themselves.
   */
  async resetByAdmin(
    actor: Actor,
    userId: number,
    options: { ip?: string | null } = {},
  ): Promise<{ email: string; oneTimePassword: string }> {
    assertCan(actor, "user.resetPassword");
    if (userId === actor.id) {
      throw new ValidationError(
        "user",
        "you cannot reset your own password here; change it on your account page",
      );
    }
    const user = await this.db
      .selectFrom("users")
      .select(["id", "email", "disabledAt"])
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!user) throw new NotFoundError("user", userId);
    return this.setOneTimePassword(user, { actor, ip: options.ip ?? null });
  }

  /** `tribune user reset-password`: the same, for an operator who has lost the only admin. */
  async resetByOperator(emailInput: unknown): Promise<{ email: string; oneTimePassword: string }> {
    const email = normalizeEmail(emailInput);
    const user = await this.db
      .selectFrom("users")
      .select(["id", "email", "disabledAt"])
      .where("email", "=", email)
      .executeTakeFirst();
    if (!user) throw new NotFoundError("user", email);
    return this.setOneTimePassword(user, { via: "cli" });
  }

  private async setOneTimePassword(
    user: { id: number; email: string; disabledAt: string | null },
    by: OneTimePasswordBy,
  ): Promise<{ email: string; oneTimePassword: string }> {
    if (user.disabledAt !== null) {
      throw new ForbiddenError(`${user.email} is disabled; a disabled account cannot sign in.`);
    }
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const now = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("users")
        .set({ passwordHash, mustChangePassword: 1 })
        .where("id", "=", user.id)
        .execute();
      await this.endAccess(trx, user.id, now);
      await recordAudit(trx, {
        actorUserId: "actor" in by ? by.actor.id : null,
        action: "password.reset.admin",
        subjectType: "user",
        subjectId: user.id,
        details: { email: user.email, via: "actor" in by ? "newsroom" : "cli" },
        ip: "actor" in by ? (by.ip ?? null) : null,
        at: now,
      });
    });
    return { email: user.email, oneTimePassword };
  }

  /** Whoever knew the old password or held an older link loses it: sessions end, open links die. */
  private async endAccess(trx: Db, userId: number, now: string): Promise<void> {
    await trx.deleteFrom("sessions").where("userId", "=", userId).execute();
    await trx
      .updateTable("passwordResets")
      .set({ expiresAt: now })
      .where("userId", "=", userId)
      .where("usedAt", "is", null)
      .where("expiresAt", ">", now)
      .execute();
  }

  private async findUsable(token: string): Promise<{ userId: number; email: string }> {
    const row = looksLikeToken(token)
      ? await this.db
          .selectFrom("passwordResets")
          .innerJoin("users", "users.id", "passwordResets.userId")
          .select([
            "passwordResets.userId",
            "passwordResets.usedAt",
            "passwordResets.expiresAt",
            "users.email",
            "users.disabledAt",
          ])
          .where("passwordResets.tokenHash", "=", hashToken(token))
          .executeTakeFirst()
      : undefined;
    // A disabled account's link opens nothing, as if it had never been sent.
    if (!row || row.disabledAt !== null) throw new ResetLinkUnusableError("unknown");
    if (row.usedAt !== null) throw new ResetLinkUnusableError("used");
    if (row.expiresAt <= this.clock().toISOString()) throw new ResetLinkUnusableError("expired");
    return { userId: row.userId, email: row.email };
  }

  private resetMail(email: string, token: string) {
    const site = this.options.siteName?.() ?? "Tribune";
    const link = `${this.options.publicUrl}${RESET_PASSWORD_PATH}/${token}`;
    return {
      to: email,
      subject: `Choose a new password for the ${site} newsroom`,
      text: [
        `Someone (we hope you) asked to reset the password of your ${site} newsroom account.`,
        "",
        "Open this link to choose a new password. It works once, for one hour:",
        "",
        link,
        "",
        "If you did not ask, ignore this e-mail: your password stays as it is.",
      ].join("\n"),
    };
  }
}
