import type { Db } from "../db/database.ts";
import type { Role } from "../db/schema.ts";
import { ConflictError, TribuneError, ValidationError } from "../shared/errors.ts";
import { optionalText } from "../shared/validate.ts";
import { recordAudit } from "./audit/audit-log.ts";
import { type Actor, assertCan } from "./authorization/policy.ts";
import { parseRole } from "./authorization/roles.ts";
import { type Clock, isoAfter, systemClock } from "./clock.ts";
import { assertAcceptablePassword } from "./password.ts";
import { hashToken, looksLikeToken, newToken } from "./tokens.ts";
import { cleanName, normalizeEmail, type UserRecord, UserService } from "./user-service.ts";

export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export interface Invite {
  email: string;
  role: Role;
  editions: string[];
  createdBy: number | null;
  createdAt: string;
  expiresAt: string;
  /** The author profile to create for the invitee (their byline), by name; null for none. */
  authorName: string | null;
}

/** Creates the author profile an invitation asked for and links it to the new user (in `trx`). */
export type AuthorProfileMaker = (trx: Db, userId: number, authorName: string) => Promise<void>;

/** An invitation link that cannot be used: unknown (404), or used or expired (410). */
export class InviteUnusableError extends TribuneError {
  constructor(reason: "unknown" | "used" | "expired") {
    const messages = {
      unknown:
        "This invitation link is not valid. Check that it was copied whole, or ask an admin for a new one.",
      used: "This invitation has already been used. Sign in with the password chosen then.",
      expired: "This invitation has expired. Ask an admin to invite you again.",
    } as const;
    super("INVITE_UNUSABLE", reason === "unknown" ? 404 : 410, messages[reason], { reason });
  }
}

/**
 * Invitations: an admin names an email and a role, and gets a link (valid seven days, used once)
 * through which the new user chooses their name and password. Only the token's hash is stored.
 */
export class InviteService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
    /** Given by whoever wires the newsroom (author profiles live above accounts). */
    private readonly makeAuthorProfile?: AuthorProfileMaker,
  ) {}

  /** Creates an invitation and returns its token (shown once, as a link). Admins only. */
  async createInvite(
    actor: Actor,
    input: { email: unknown; role: unknown; editions?: unknown; authorName?: unknown },
    options: { ip?: string | null } = {},
  ): Promise<{ token: string; invite: Invite }> {
    assertCan(actor, "user.invite");
    const email = normalizeEmail(input.email);
    const role = parseRole("role", input.role);
    const editions = await new UserService(this.db).checkedEditions(role, input.editions);
    const authorName = optionalText("authorName", input.authorName, 120);
    if (authorName !== null && !this.makeAuthorProfile) {
      throw new ValidationError("authorName", "author profiles cannot be created here");
    }
    const taken = await this.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirst();
    if (taken)
      throw new ConflictError(`${email} already has an account; change its role instead.`, { email });
    const token = newToken();
    const now = this.clock();
    const invite: Invite = {
      email,
      role,
      editions,
      createdBy: actor.id,
      createdAt: now.toISOString(),
      expiresAt: isoAfter(now, INVITE_LIFETIME_MS),
      authorName,
    };
    await this.db.transaction().execute(async (trx) => {
      // A new invitation replaces any earlier one still open for the same email.
      await trx
        .updateTable("invites")
        .set({ expiresAt: invite.createdAt })
        .where("email", "=", email)
        .where("usedAt", "is", null)
        .where("expiresAt", ">", invite.createdAt)
        .execute();
      await trx
        .insertInto("invites")
        .values({ ...invite, tokenHash: hashToken(token), editions: JSON.stringify(editions), usedAt: null })
        .execute();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "invite.create",
        subjectType: "invite",
        subjectId: email,
        details: {
          email,
          role,
          editions,
          expiresAt: invite.expiresAt,
          ...(authorName ? { authorName } : {}),
        },
        ip: options.ip ?? null,
        at: invite.createdAt,
      });
    });
    return { token, invite };
  }

  /** The invitation behind a token, if it can still be accepted; else InviteUnusableError. */
  async findInvite(token: string): Promise<Invite> {
    const row = looksLikeToken(token)
      ? await this.db
          .selectFrom("invites")
          .selectAll()
          .where("tokenHash", "=", hashToken(token))
          .executeTakeFirst()
      : undefined;
    if (!row) throw new InviteUnusableError("unknown");
    if (row.usedAt !== null) throw new InviteUnusableError("used");
    if (row.expiresAt <= this.clock().toISOString()) throw new InviteUnusableError("expired");
    return {
      email: row.email,
      role: row.role,
      editions: JSON.parse(row.editions) as string[],
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      authorName: row.authorName,
    };
  }

  /** Accepts an invitation: creates the user with the chosen name and password, once. */
  async acceptInvite(
    token: string,
    input: { name: unknown; password: unknown },
    options: { ip?: string | null } = {},
  ): Promise<UserRecord> {
    const invite = await this.findInvite(token);
    const name = cleanName(input.name);
    if (name === null) throw new ValidationError("name", "is required");
    const password = assertAcceptablePassword(input.password, invite.email);
    const now = this.clock().toISOString();
    return this.db.transaction().execute(async (trx) => {
      // Claiming with a condition makes "used once" hold when two people submit the link at once.
      const claimed = await trx
        .updateTable("invites")
        .set({ usedAt: now })
        .where("tokenHash", "=", hashToken(token))
        .where("usedAt", "is", null)
        .where("expiresAt", ">", now)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new InviteUnusableError("used");
      const { user } = await new UserService(trx, this.clock).createUser(
        { email: invite.email, role: invite.role, editions: invite.editions, name, password },
        { actorUserId: invite.createdBy, via: "invite", ip: options.ip ?? null },
      );
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "invite.accept",
        subjectType: "user",
        subjectId: user.id,
        details: { email: user.email, role: user.role, invitedBy: invite.createdBy },
        ip: options.ip ?? null,
        at: now,
      });
      if (invite.authorName !== null && this.makeAuthorProfile) {
        await this.makeAuthorProfile(trx, user.id, invite.authorName);
      }
      return user;
    });
  }

  /** Invitations not yet used nor expired, newest first. Admins only. */
  async listOpenInvites(actor: Actor): Promise<Invite[]> {
    assertCan(actor, "user.invite");
    const rows = await this.db
      .selectFrom("invites")
      .selectAll()
      .where("usedAt", "is", null)
      .where("expiresAt", ">", this.clock().toISOString())
      .orderBy("createdAt", "desc")
      .execute();
    return rows.map((row) => ({
      email: row.email,
      role: row.role,
      editions: JSON.parse(row.editions) as string[],
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      authorName: row.authorName,
    }));
  }
}
