import type { Db } from "../db/database.ts";
import { recordAudit } from "./audit/audit-log.ts";
import { type Clock, isoAfter, systemClock } from "./clock.ts";
import { hashToken, looksLikeToken, newToken } from "./tokens.ts";
import type { NewsroomUser } from "./user-service.ts";

export interface SessionLifetimes {
  /** A session unused this long ends (default 12 hours). */
  idleMs: number;
  /** A session ends this long after sign-in, however active (default 7 days). */
  absoluteMs: number;
}

export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = {
  idleMs: 12 * 60 * 60 * 1000,
  absoluteMs: 7 * 24 * 60 * 60 * 1000,
};

/** A valid session and the user it signs in. */
export interface VerifiedSession {
  /** The stored id (hash of the token): what CSRF tokens are bound to. */
  sessionId: string;
  user: NewsroomUser;
  expiresAt: string;
}

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
}

// Writing last_seen_at on every request would make each page view a write; once a minute is enough
// to measure idleness in hours.
const TOUCH_EVERY_MS = 60_000;

/**
 * Sessions live in the database under the SHA-256 of their token, so that the table alone signs
 * nobody in and every app instance sees the same sessions, and sign-out everywhere is one delete.
 */
export class SessionService {
  readonly lifetimes: SessionLifetimes;
  private readonly clock: Clock;

  constructor(
    private readonly db: Db,
    options: { clock?: Clock; lifetimes?: Partial<SessionLifetimes> } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.lifetimes = { ...DEFAULT_SESSION_LIFETIMES, ...options.lifetimes };
  }

  /** Starts a session; the token goes into the cookie and is never stored. */
  async createSession(
    userId: number,
    client: ClientInfo = {},
  ): Promise<{ token: string; sessionId: string; expiresAt: string }> {
    const token = newToken();
    const sessionId = hashToken(token);
    const now = this.clock();
    const expiresAt = isoAfter(now, this.lifetimes.absoluteMs);
    await this.db
      .insertInto("sessions")
      .values({
        id: sessionId,
        userId,
        createdAt: now.toISOString(),
        expiresAt,
        lastSeenAt: now.toISOString(),
        ip: client.ip?.slice(0, 100) ?? null,
        userAgent: client.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    // Housekeeping while we are here: sessions past their absolute end are of no use to anyone.
    await this.db.deleteFrom("sessions").where("expiresAt", "<=", now.toISOString()).execute();
    return { token, sessionId, expiresAt };
  }

  /** The session a cookie token opens, or null when it is unknown, expired, idle too long or disabled. */
  async verifySession(token: string | undefined): Promise<VerifiedSession | null> {
    if (!looksLikeToken(token)) return null;
    const sessionId = hashToken(token);
    const row = await this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.userId")
      .select([
        "sessions.id as sessionId",
        "sessions.expiresAt",
        "sessions.lastSeenAt",
        "users.id",
        "users.email",
        "users.name",
        "users.role",
        "users.mustChangePassword",
        "users.disabledAt",
      ])
      .where("sessions.id", "=", sessionId)
      .executeTakeFirst();
    if (!row) return null;
    const now = this.clock();
    const idleSince = now.getTime() - Date.parse(row.lastSeenAt);
    if (
      row.disabledAt !== null ||
      Date.parse(row.expiresAt) <= now.getTime() ||
      idleSince >= this.lifetimes.idleMs
    ) {
      await this.db.deleteFrom("sessions").where("id", "=", sessionId).execute();
      return null;
    }
    if (idleSince >= TOUCH_EVERY_MS) {
      await this.db
        .updateTable("sessions")
        .set({ lastSeenAt: now.toISOString() })
        .where("id", "=", sessionId)
        .execute();
    }
    const editions = await this.db
      .selectFrom("userEditions")
      .select("edition")
      .where("userId", "=", row.id)
      .orderBy("edition")
      .execute();
    return {
      sessionId,
      expiresAt: row.expiresAt,
      user: {
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role,
        editions: editions.map((e) => e.edition),
        mustChangePassword: row.mustChangePassword === 1,
      },
    };
  }

  /** Forgets a session without a trace in the audit log (replaced by a new sign-in in the same browser). */
  async discard(sessionId: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", sessionId).execute();
  }

  /** Ends one session (this browser). */
  async signOut(sessionId: string, audit: { userId: number; ip?: string | null }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("sessions").where("id", "=", sessionId).execute();
      await recordAudit(trx, {
        actorUserId: audit.userId,
        action: "sign-out",
        subjectType: "user",
        subjectId: audit.userId,
        ip: audit.ip ?? null,
      });
    });
  }

  /** Ends every session of the user, on every device; returns how many there were. */
  async signOutEverywhere(userId: number, audit: { ip?: string | null } = {}): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom("sessions").where("userId", "=", userId).executeTakeFirst();
      const ended = Number(result.numDeletedRows);
      await recordAudit(trx, {
        actorUserId: userId,
        action: "sign-out.everywhere",
        subjectType: "user",
        subjectId: userId,
        details: { sessions: ended },
        ip: audit.ip ?? null,
      });
      return ended;
    });
  }

  /** How many sessions the user has open now (for the account page). */
  async countSessions(userId: number): Promise<number> {
    const row = await this.db
      .selectFrom("sessions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("userId", "=", userId)
      .where("expiresAt", ">", this.clock().toISOString())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

/** The stored id of a cookie token. */
export const sessionIdOf = hashToken;
