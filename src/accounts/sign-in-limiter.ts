import { randomBytes } from "node:crypto";
import type { Db } from "../db/database.ts";
import { TooManyAttemptsError } from "../shared/errors.ts";
import { type Clock, systemClock } from "./clock.ts";

export interface SignInLimits {
  /** Failed attempts allowed per account (email typed) in a window. */
  perAccount: number;
  /** Failed attempts allowed per client address in a window. */
  perIp: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 5, perIp: 30, windowMs: 15 * 60 * 1000 };

/** One sign-in attempt under way: counted as a failure unless `succeeded` withdraws it. */
export interface SignInAttempt {
  id: string;
  accountKey: string;
}

/**
 * Limits failed sign-ins per account and per address, in the database so the limits hold across
 * app instances and restarts. An attempt is written down *before* the password is checked and
 * withdrawn when it succeeds: a burst of parallel guesses therefore counts in full, instead of each
 * guess finding the counter as it was before the others.
 */
export class SignInLimiter {
  readonly limits: SignInLimits;
  private readonly clock: Clock;

  constructor(
    private readonly db: Db,
    options: { clock?: Clock; limits?: Partial<SignInLimits> } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.limits = { ...DEFAULT_SIGN_IN_LIMITS, ...options.limits };
  }

  /**
   * Counts an attempt for `email` from `ip`, or throws TooManyAttemptsError (429, saying when to try
   * again) when either has used up its failures; a refused attempt is not counted.
   */
  async begin(email: string, ip: string | null | undefined): Promise<SignInAttempt> {
    const now = this.clock();
    const cutoff = new Date(now.getTime() - this.limits.windowMs).toISOString();
    const accountKey = `email:${email.trim().toLowerCase().slice(0, 254)}`;
    const keys = ip ? [accountKey, `ip:${ip}`] : [accountKey];
    const attempt: SignInAttempt = { id: randomBytes(12).toString("base64url"), accountKey };

    await this.db.deleteFrom("signInFailures").where("at", "<=", cutoff).execute();
    await this.db
      .insertInto("signInFailures")
      .values(keys.map((key) => ({ key, at: now.toISOString(), attemptId: attempt.id })))
      .execute();

    const refusals: { retryAt: number; message: (wait: string, at: string) => string }[] = [];
    for (const key of keys) {
      const isAccount = key === accountKey;
      const limit = isAccount ? this.limits.perAccount : this.limits.perIp;
      const earlier = await this.db
        .selectFrom("signInFailures")
        .select("at")
        .where("key", "=", key)
        .where("at", ">", cutoff)
        .where("attemptId", "!=", attempt.id)
        .orderBy("at")
        .execute();
      if (earlier.length < limit) continue;
      // One more attempt is allowed once enough of the oldest failures have left the window.
      const freeing = earlier[earlier.length - limit];
      const retryAt = Date.parse(freeing?.at ?? now.toISOString()) + this.limits.windowMs;
      refusals.push({
        retryAt,
        message: (wait, at) =>
          isAccount
            ? `Too many failed sign-in attempts for this account. Try again in ${wait} (after ${at}), or ask an admin to check the account.`
            : `Too many failed sign-in attempts from your network. Try again in ${wait} (after ${at}).`,
      });
    }
    if (refusals.length === 0) return attempt;

    await this.db.deleteFrom("signInFailures").where("attemptId", "=", attempt.id).execute();
    const latest = refusals.reduce((a, b) => (b.retryAt > a.retryAt ? b : a));
    throw tooManyAttempts(now, latest.retryAt, latest.message);
  }

  /**
   * The attempt signed in: it stops counting, and so do the account's earlier failures (the owner
   * knows the password). The address's failures stay, or one valid account would reset them all.
   */
  async succeeded(attempt: SignInAttempt): Promise<void> {
    await this.db.deleteFrom("signInFailures").where("attemptId", "=", attempt.id).execute();
    await this.db.deleteFrom("signInFailures").where("key", "=", attempt.accountKey).execute();
  }
}

/**
 * The refusal of an attempt over a limit, saying when the next one is allowed: `message` gets the
 * wait ("3 minutes") and the time ("14:05 UTC").
 */
export function tooManyAttempts(
  now: Date,
  retryAt: number,
  message: (wait: string, at: string) => string,
): TooManyAttemptsError {
  const seconds = Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  const at = `${new Date(retryAt).toISOString().slice(11, 16)} UTC`;
  return new TooManyAttemptsError(message(minutes === 1 ? "1 minute" : `${minutes} minutes`, at), seconds);
}
