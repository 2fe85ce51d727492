import { randomBytes } from "node:crypto";
import type { Db } from "../db/database.ts";
import type { Clock } from "./clock.ts";
import { tooManyAttempts } from "./sign-in-limiter.ts";

export interface PasswordResetLimits {
  /** Links asked for one address in a window, whether it has an account or not. */
  perAddress: number;
  /** Links asked from one client address in a window. */
  perIp: number;
  windowMs: number;
}

export const DEFAULT_PASSWORD_RESET_LIMITS: PasswordResetLimits = {
  perAddress: 3,
  perIp: 10,
  windowMs: 60 * 60 * 1000,
};

/**
 * Counts "forgot password" requests per address typed and per client address, in the database (the
 * limits hold across processes). Every request counts, for an address with an account or without:
 * a limit that only accounts met would tell who has one. The request is written down before the
 * count, so a burst of parallel requests counts in full.
 */
export class PasswordResetLimiter {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly limits: PasswordResetLimits,
  ) {}

  /** Counts a request, or throws TooManyAttemptsError (not counting it) when a limit is reached. */
  async count(email: string, ip: string | null): Promise<void> {
    const now = this.clock();
    const cutoff = new Date(now.getTime() - this.limits.windowMs).toISOString();
    const addressKey = `email:${email.slice(0, 254)}`;
    const keys = ip ? [addressKey, `ip:${ip.slice(0, 100)}`] : [addressKey];
    const requestId = randomBytes(12).toString("base64url");
    await this.db.deleteFrom("passwordResetRequests").where("at", "<=", cutoff).execute();
    await this.db
      .insertInto("passwordResetRequests")
      .values(keys.map((key) => ({ key, at: now.toISOString(), requestId })))
      .execute();
    let retryAt = 0;
    for (const key of keys) {
      const limit = key === addressKey ? this.limits.perAddress : this.limits.perIp;
      const earlier = await this.db
        .selectFrom("passwordResetRequests")
        .select("at")
        .where("key", "=", key)
        .where("at", ">", cutoff)
        .where("requestId", "!=", requestId)
        .orderBy("at")
        .execute();
      if (earlier.length < limit) continue;
      const freeing = earlier[earlier.length - limit]?.at ?? now.toISOString();
      retryAt = Math.max(retryAt, Date.parse(freeing) + this.limits.windowMs);
    }
    if (retryAt === 0) return;
    await this.db.deleteFrom("passwordResetRequests").where("requestId", "=", requestId).execute();
    throw tooManyAttempts(
      now,
      retryAt,
      (wait, at) => `Too many password reset requests. Try again in ${wait} (after ${at}), or ask an admin.`,
    );
  }
}
