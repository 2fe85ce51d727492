import type { Db } from "../db/database.ts";
import type { UserRow } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { assertEditions } from "../editions/edition-service.ts";
import { ConflictError, NotFoundError, TooManyAttemptsError, ValidationError } from "../shared/errors.ts";
import { recordAudit } from "./audit/audit-log.ts";
import { type Actor, assertCan } from "./authorization/policy.ts";
import { parseRole, type Role } from "./authorization/roles.ts";
import { type Clock, systemClock } from "./clock.ts";
import {
  assertAcceptablePassword,
  generateOneTimePassword,
  hashPassword,
  verifyPassword,
} from "./password.ts";
import { type SignInAttempt, SignInLimiter } from "./sign-in-limiter.ts";

/** A newsroom user as the rest of the newsroom sees one (never the password hash). */
export interface NewsroomUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** A translator's assigned editions; empty for the other roles. */
  editions: string[];
  /** The password is a one-time one: nothing but changing it is allowed until it is changed. */
  mustChangePassword: boolean;
}

export interface UserRecord extends NewsroomUser {
  createdAt: string;
  disabledAt: string | null;
}

export interface NewUserInput {
  email: unknown;
  role: unknown;
  name?: unknown;
  /** Required (one or more) for translators, refused for the other roles. */
  editions?: unknown;
  /** Without one, a one-time password is generated and must be changed at first sign-in. */
  password?: unknown;
}

/** Who or what creates a user, for the audit log. */
export interface CreatedBy {
  actorUserId?: number | null;
  ip?: string | null;
  via: "cli" | "demo" | "invite" | "test";
}

const MAX_NAME = 120;
const MAX_EMAIL = 254;

/** The email as stored and compared: trimmed and lowercased. */
export function normalizeEmail(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError("email", "is required");
  const email = value.trim().toLowerCase();
  // NUL above all: PostgreSQL refuses it (a 500), and no address holds one.
  if (/\p{Cc}/u.test(email)) throw new ValidationError("email", "must not contain control characters");
  if (email.length > MAX_EMAIL || !/^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:.]+$/.test(email)) {
    throw new ValidationError(
      "email",
      `"${value.trim().slice(0, 80)}" is not an email address such as ana@example.org`,
    );
  }
  return email;
}

/** Users of the newsroom: creating, listing, passwords, roles, disabling. */
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
    /**
     * Counts wrong current passwords at a password change as failed sign-ins of the account. The
     * newsroom passes its shared one (with its configured limits); by default the standard limits.
     */
    private readonly limiter: SignInLimiter = new SignInLimiter(db, { clock }),
  ) {}

  /**
   * Adds a user. Without a password, generates a one-time one (returned once, never stored in
   * clear) that must be changed at first sign-in. The command line and invitations call this;
   * in the newsroom, admins invite instead.
   */
  async createUser(
    input: NewUserInput,
    by: CreatedBy,
  ): Promise<{ user: UserRecord; oneTimePassword: string | null }> {
    const email = normalizeEmail(input.email);
    const role = parseRole("role", input.role);
    const editions = await this.checkedEditions(role, input.editions);
    const name = cleanName(input.name) ?? email.slice(0, email.indexOf("@"));
    const oneTimePassword = input.password === undefined ? generateOneTimePassword() : null;
    const password = oneTimePassword ?? assertAcceptablePassword(input.password, email);
    const passwordHash = await hashPassword(password);
    const now = this.clock().toISOString();
    const userId = await inTransaction(this.db, async (trx) => {
      await assertEmailFree(trx, email);
      const row = await trx
        .insertInto("users")
        .values({
          email,
          name,
          role,
          passwordHash,
          mustChangePassword: oneTimePassword === null ? 0 : 1,
          createdAt: now,
          disabledAt: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (editions.length > 0) {
        await trx
          .insertInto("userEditions")
          .values(editions.map((edition) => ({ userId: row.id, edition })))
          .execute();
      }
      await recordAudit(trx, {
        actorUserId: by.actorUserId ?? null,
        action: "user.create",
        subjectType: "user",
        subjectId: row.id,
        details: { email, role, editions, via: by.via },
        ip: by.ip ?? null,
        at: now,
      });
      return row.id;
    });
    return { user: await this.getUser(userId), oneTimePassword };
  }

  async getUser(userId: number): Promise<UserRecord> {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
    if (!row) throw new NotFoundError("user", userId);
    return this.withEditions(row);
  }

  /** The user with this email (any case), or undefined. Includes the hash, for signing in. */
  async findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email.trim().toLowerCase())
      .executeTakeFirst();
  }

  /** Every user, admins first then by name, with their editions. Admins only. */
  async listUsers(actor: Actor): Promise<UserRecord[]> {
    assertCan(actor, "user.list");
    const rows = await this.db.selectFrom("users").selectAll().orderBy("email").execute();
    const editions = await this.db.selectFrom("userEditions").selectAll().orderBy("edition").execute();
    return rows.map((row) =>
      toRecord(
        row,
        editions.filter((e) => e.userId === row.id).map((e) => e.edition),
      ),
    );
  }

  /**
   * Sets a new password: `current` must be right. Guessing it is limited as signing in is: a wrong
   * one counts as a failed sign-in of the account (audited), and past the limit the answer is
   * TooManyAttemptsError (429) whatever is typed; a right one clears the account's failures.
   * Signs out every other session of the user.
   */
  async changePassword(
    userId: number,
    current: unknown,
    next: unknown,
    options: { keepSessionId?: string | undefined; ip?: string | null } = {},
  ): Promise<void> {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
    if (!row) throw new NotFoundError("user", userId);
    const failed = (reason: "wrong-password" | "rate-limited") =>
      recordAudit(this.db, {
        actorUserId: userId,
        action: "password.change.failed",
        subjectType: "user",
        subjectId: userId,
        details: { reason },
        ip: options.ip ?? null,
      });
    let attempt: SignInAttempt;
    try {
      // Per account only: whoever guesses holds a session of this account, whatever their address.
      attempt = await this.limiter.begin(row.email, null);
    } catch (error) {
      if (error instanceof TooManyAttemptsError) await failed("rate-limited");
      throw error;
    }
    if (typeof current !== "string" || !(await verifyPassword(row.passwordHash, current))) {
      await failed("wrong-password");
      throw new ValidationError("currentPassword", "is not your current password");
    }
    await this.limiter.succeeded(attempt);
    const password = assertAcceptablePassword(next, row.email, "newPassword");
    if (password === current) {
      throw new ValidationError("newPassword", "must differ from the current password");
    }
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("users")
        .set({ passwordHash, mustChangePassword: 0 })
        .where("id", "=", userId)
        .execute();
      // Whoever knew the old password may hold a session; it ends here.
      let others = trx.deleteFrom("sessions").where("userId", "=", userId);
      if (options.keepSessionId) others = others.where("id", "!=", options.keepSessionId);
      await others.execute();
      await recordAudit(trx, {
        actorUserId: userId,
        action: "password.change",
        subjectType: "user",
        subjectId: userId,
        ip: options.ip ?? null,
      });
    });
  }

  /** Gives a user another role (and a translator their editions). Admins only, never themselves. */
  async changeRole(
    actor: Actor,
    userId: number,
    change: { role: unknown; editions?: unknown },
    options: { ip?: string | null } = {},
  ): Promise<UserRecord> {
    assertCan(actor, "user.changeRole");
    const role = parseRole("role", change.role);
    const editions = await this.checkedEditions(role, change.editions);
    // An admin cannot demote themselves: with that rule there is always an admin left (the actor).
    if (userId === actor.id) {
      throw new ValidationError("role", "you cannot change your own role; ask another admin");
    }
    const before = await this.getUser(userId);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable("users").set({ role }).where("id", "=", userId).execute();
      await trx.deleteFrom("userEditions").where("userId", "=", userId).execute();
      if (editions.length > 0) {
        await trx
          .insertInto("userEditions")
          .values(editions.map((edition) => ({ userId, edition })))
          .execute();
      }
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "user.roleChange",
        subjectType: "user",
        subjectId: userId,
        details: {
          email: before.email,
          from: before.role,
          to: role,
          editionsFrom: before.editions,
          editionsTo: editions,
        },
        ip: options.ip ?? null,
      });
    });
    return this.getUser(userId);
  }

  /** Disables a user and ends their sessions; they can no longer sign in. Admins only. */
  async disableUser(actor: Actor, userId: number, options: { ip?: string | null } = {}): Promise<UserRecord> {
    assertCan(actor, "user.disable");
    if (userId === actor.id)
      throw new ValidationError("user", "you cannot disable yourself; ask another admin");
    const user = await this.getUser(userId);
    if (user.disabledAt !== null) return user;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("users")
        .set({ disabledAt: this.clock().toISOString() })
        .where("id", "=", userId)
        .execute();
      await trx.deleteFrom("sessions").where("userId", "=", userId).execute();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "user.disable",
        subjectType: "user",
        subjectId: userId,
        details: { email: user.email, role: user.role },
        ip: options.ip ?? null,
      });
    });
    return this.getUser(userId);
  }

  /** Translators need at least one edition; the other roles act in every edition and take none. */
  async checkedEditions(role: Role, value: unknown): Promise<string[]> {
    const editions = parseEditionList(value);
    if (role === "translator" && editions.length === 0) {
      throw new ValidationError("editions", "a translator needs at least one edition to translate into");
    }
    if (role !== "translator" && editions.length > 0) {
      throw new ValidationError(
        "editions",
        `only translators are limited to editions; leave it empty for ${role === "contributor" ? "a" : "an"} ${role}`,
      );
    }
    await assertEditions(this.db, "editions", editions);
    return editions;
  }

  private async withEditions(row: UserRow): Promise<UserRecord> {
    const editions = await this.db
      .selectFrom("userEditions")
      .select("edition")
      .where("userId", "=", row.id)
      .orderBy("edition")
      .execute();
    return toRecord(
      row,
      editions.map((e) => e.edition),
    );
  }
}

/** Edition codes from a list or a comma-separated text, trimmed, without repeats. */
export function parseEditionList(value: unknown): string[] {
  if (value === undefined || value === null || value === "") return [];
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : null;
  if (!items || items.some((item) => typeof item !== "string")) {
    throw new ValidationError("editions", "must be a list of edition codes such as pt,es");
  }
  return [...new Set((items as string[]).map((item) => item.trim()).filter(Boolean))];
}

/** A display name, spaces folded; empty becomes null. */
export function cleanName(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ValidationError("name", "must be text");
  const name = value.trim().replace(/\s+/g, " ");
  if (name.length > MAX_NAME)
    throw new ValidationError("name", `is ${name.length} characters long; the limit is ${MAX_NAME}`);
  if (/\p{Cc}/u.test(name)) throw new ValidationError("name", "must not contain control characters");
  return name === "" ? null : name;
}

async function assertEmailFree(db: Db, email: string): Promise<void> {
  const taken = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (taken) throw new ConflictError(`A user with the email ${email} already exists.`, { email });
}

function toRecord(row: UserRow, editions: string[]): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    editions,
    mustChangePassword: row.mustChangePassword === 1,
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
  };
}
