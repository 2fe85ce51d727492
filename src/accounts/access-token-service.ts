import type { Db } from "../db/database.ts";
import type { AccessTokenRow } from "../db/schema.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { recordAudit } from "./audit/audit-log.ts";
import { type Clock, isoAfter, systemClock } from "./clock.ts";
import { tooManyAttempts } from "./sign-in-limiter.ts";
import { hashToken, looksLikeToken, newToken } from "./tokens.ts";
import { type NewsroomUser, UserService } from "./user-service.ts";

/** Every personal access token starts so: recognisable in a leaked file or a secret scanner's rules. */
export const ACCESS_TOKEN_PREFIX = "trb_";

const MAX_NAME = 80;
const MAX_EXPIRY_DAYS = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;
// Writing last_used_at on every request would make each API call a write; once a minute is enough
// for "last used" as people read it.
const TOUCH_EVERY_MS = 60_000;

/** A token as its owner sees it listed: never the token itself, which is shown once. */
export interface AccessTokenRecord {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** "active", "expired" or "revoked", as of the listing. */
  state: "active" | "expired" | "revoked";
}

export interface NewAccessTokenInput {
  name?: unknown;
  /** Days until it stops working; absent or empty: it works until revoked. */
  expiresDays?: unknown;
}

/** Who makes or revokes a token, for the audit log. */
export interface TokenAuditContext {
  /** The newsroom user acting (the owner, on the Tokens page); null for the command line. */
  actorUserId: number | null;
  ip?: string | null;
  via: "newsroom" | "cli" | "test";
}

export interface TokenAttemptLimits {
  /** Failed token attempts allowed per client address in a window. */
  perIp: number;
  windowMs: number;
}

export const DEFAULT_TOKEN_ATTEMPT_LIMITS: TokenAttemptLimits = { perIp: 20, windowMs: 15 * 60 * 1000 };

/** Why a token opens nothing, in words for the 401 answer. */
export type TokenRefusal = "missing" | "malformed" | "unknown" | "revoked" | "expired" | "disabled";

export type TokenCheck = { user: NewsroomUser; tokenId: number } | { refused: TokenRefusal };

/**
 * Personal access tokens: the admin API's credentials. A token acts as its user with the user's
 * current role and editions (read at each request, so a role change or a disabled account applies
 * at once). Stored by the SHA-256 of the token, like sessions.
 */
export class AccessTokenService {
  readonly limits: TokenAttemptLimits;
  private readonly clock: Clock;
  private readonly users: UserService;

  constructor(
    private readonly db: Db,
    options: { clock?: Clock; limits?: Partial<TokenAttemptLimits> } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.limits = { ...DEFAULT_TOKEN_ATTEMPT_LIMITS, ...options.limits };
    this.users = new UserService(db, this.clock);
  }

  /** Makes a token for `userId`; the token is returned this once and never stored. */
  async create(
    userId: number,
    input: NewAccessTokenInput,
    audit: TokenAuditContext,
  ): Promise<{ token: string; record: AccessTokenRecord }> {
    const user = await this.users.getUser(userId);
    if (user.disabledAt !== null) {
      throw new ForbiddenError(`The account ${user.email} is disabled; it cannot have access tokens.`);
    }
    const name = tokenName(input.name);
    const days = expiryDays(input.expiresDays);
    const now = this.clock();
    const token = `${ACCESS_TOKEN_PREFIX}${newToken()}`;
    const id = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("accessTokens")
        .values({
          userId,
          name,
          tokenHash: hashToken(token),
          createdAt: now.toISOString(),
          lastUsedAt: null,
          expiresAt: days === null ? null : isoAfter(now, days * DAY_MS),
          revokedAt: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: audit.actorUserId,
        action: "token.create",
        subjectType: "user",
        subjectId: userId,
        details: { tokenId: row.id, name, expiresDays: days, via: audit.via },
        ip: audit.ip ?? null,
        at: now.toISOString(),
      });
      return row.id;
    });
    return { token, record: await this.get(id) };
  }

  /** The user's tokens, newest first, revoked and expired ones included. */
  async list(userId: number): Promise<AccessTokenRecord[]> {
    const rows = await this.db
      .selectFrom("accessTokens")
      .selectAll()
      .where("userId", "=", userId)
      .orderBy("id", "desc")
      .execute();
    return rows.map((row) => this.toRecord(row));
  }

  async get(tokenId: number): Promise<AccessTokenRecord> {
    const row = await this.db
      .selectFrom("accessTokens")
      .selectAll()
      .where("id", "=", tokenId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError("access token", tokenId);
    return this.toRecord(row);
  }

  /**
   * Revokes a token: it stops working at once. `ownerUserId` limits it to that user's tokens (the
   * newsroom's Tokens page: another user's token is "not found", so ids reveal nothing); the command
   * line passes null. Revoking a revoked token changes nothing.
   */
  async revoke(
    tokenId: number,
    ownerUserId: number | null,
    audit: TokenAuditContext,
  ): Promise<AccessTokenRecord> {
    const found = await this.get(tokenId).catch(() => null);
    if (!found || (ownerUserId !== null && found.userId !== ownerUserId)) {
      throw new NotFoundError("access token", tokenId);
    }
    if (found.revokedAt !== null) return found;
    const now = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("accessTokens")
        .set({ revokedAt: now })
        .where("id", "=", tokenId)
        .where("revokedAt", "is", null)
        .execute();
      await recordAudit(trx, {
        actorUserId: audit.actorUserId,
        action: "token.revoke",
        subjectType: "user",
        subjectId: found.userId,
        details: { tokenId, name: found.name, via: audit.via },
        ip: audit.ip ?? null,
        at: now,
      });
    });
    return this.get(tokenId);
  }

  /**
   * The user a bearer token acts as, or why it opens nothing. Failures count against the client's
   * address; past the limit this throws TooManyAttemptsError (429) before looking the token up, so
   * guessing tokens is as slow as guessing passwords.
   */
  async authenticate(token: string | undefined, ip: string | null | undefined): Promise<TokenCheck> {
    await this.assertUnderLimit(ip);
    const check = await this.check(token);
    if ("refused" in check && check.refused !== "missing") await this.countFailure(ip);
    return check;
  }

  private async check(token: string | undefined): Promise<TokenCheck> {
    if (token === undefined || token === "") return { refused: "missing" };
    const secret = token.startsWith(ACCESS_TOKEN_PREFIX) ? token.slice(ACCESS_TOKEN_PREFIX.length) : null;
    if (!looksLikeToken(secret)) return { refused: "malformed" };
    const row = await this.db
      .selectFrom("accessTokens")
      .selectAll()
      .where("tokenHash", "=", hashToken(token))
      .executeTakeFirst();
    if (!row) return { refused: "unknown" };
    const record = this.toRecord(row);
    if (record.state !== "active") return { refused: record.state };
    const user = await this.users.getUser(row.userId);
    if (user.disabledAt !== null) return { refused: "disabled" };
    const now = this.clock();
    if (row.lastUsedAt === null || now.getTime() - Date.parse(row.lastUsedAt) >= TOUCH_EVERY_MS) {
      await this.db
        .updateTable("accessTokens")
        .set({ lastUsedAt: now.toISOString() })
        .where("id", "=", row.id)
        .execute();
    }
    const { createdAt: _c, disabledAt: _d, ...newsroomUser } = user;
    return { user: newsroomUser, tokenId: row.id };
  }

  private key(ip: string | null | undefined): string {
    return `token-ip:${ip ?? "unknown"}`;
  }

  private async assertUnderLimit(ip: string | null | undefined): Promise<void> {
    const now = this.clock();
    const cutoff = new Date(now.getTime() - this.limits.windowMs).toISOString();
    const failures = await this.db
      .selectFrom("signInFailures")
      .select("at")
      .where("key", "=", this.key(ip))
      .where("at", ">", cutoff)
      .orderBy("at")
      .execute();
    if (failures.length < this.limits.perIp) return;
    const freeing = failures[failures.length - this.limits.perIp];
    const retryAt = Date.parse(freeing?.at ?? now.toISOString()) + this.limits.windowMs;
    throw tooManyAttempts(
      now,
      retryAt,
      (wait, at) =>
        `Too many requests with invalid tokens from your network. Try again in ${wait} (after ${at}) with a valid token.`,
    );
  }

  private async countFailure(ip: string | null | undefined): Promise<void> {
    const now = this.clock();
    const cutoff = new Date(now.getTime() - this.limits.windowMs).toISOString();
    await this.db.deleteFrom("signInFailures").where("at", "<=", cutoff).execute();
    await this.db
      .insertInto("signInFailures")
      .values({ key: this.key(ip), at: now.toISOString(), attemptId: newToken().slice(0, 16) })
      .execute();
  }

  private toRecord(row: AccessTokenRow): AccessTokenRecord {
    const now = this.clock().getTime();
    const state =
      row.revokedAt !== null
        ? "revoked"
        : row.expiresAt !== null && Date.parse(row.expiresAt) <= now
          ? "expired"
          : "active";
    return {
      id: row.id,
      userId: row.userId,
      name: row.name,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      state,
    };
  }
}

function tokenName(value: unknown): string {
  if (value === undefined || value === null || value === "") return "API token";
  if (typeof value !== "string") throw new ValidationError("name", "must be text");
  const name = value.trim();
  if (name === "") return "API token";
  if (/\p{Cc}/u.test(name)) throw new ValidationError("name", "must not contain control characters");
  if (name.length > MAX_NAME) throw new ValidationError("name", `must be at most ${MAX_NAME} characters`);
  return name;
}

function expiryDays(value: unknown): number | null {
  if (value === undefined || value === null || value === "") return null;
  const days =
    typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
    throw new ValidationError("expiresDays", `must be a whole number of days from 1 to ${MAX_EXPIRY_DAYS}`);
  }
  return days;
}
