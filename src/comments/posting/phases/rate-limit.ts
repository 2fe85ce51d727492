import type { Db } from "../../../db/database.ts";
import { CommentRefusedError } from "../../comment-errors.ts";
import type { PostingPhase } from "../posting-context.ts";

/** At most `count` comments in `minutes`. */
export interface RateWindow {
  count: number;
  minutes: number;
}

/**
 * Limits per address and per e-mail. Addresses are looser: many readers share one behind a
 * mobile carrier's or an office's NAT.
 */
export interface RateLimits {
  perIp: readonly RateWindow[];
  perEmail: readonly RateWindow[];
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perIp: [
    { count: 10, minutes: 10 },
    { count: 60, minutes: 24 * 60 },
  ],
  perEmail: [
    { count: 5, minutes: 10 },
    { count: 40, minutes: 24 * 60 },
  ],
};

/**
 * Counts the comments already stored (whatever their status) from the same address and the same
 * e-mail, so the limits hold across processes and restarts without a store of their own.
 */
export const rateLimit: PostingPhase = {
  name: "rate-limit",
  async run({ db, draft, limits, now }) {
    await check(db, "emailHash", draft.emailHash, limits.rate.perEmail, now);
    if (draft.ipHash) await check(db, "ipHash", draft.ipHash, limits.rate.perIp, now);
    return undefined;
  },
};

async function check(
  db: Db,
  column: "emailHash" | "ipHash",
  value: string,
  windows: readonly RateWindow[],
  now: string,
): Promise<void> {
  for (const window of windows) {
    const since = new Date(Date.parse(now) - window.minutes * 60_000).toISOString();
    const recent = await db
      .selectFrom("comments")
      .select("createdAt")
      .where(column, "=", value)
      .where("createdAt", ">", since)
      .orderBy("createdAt", "desc")
      .limit(window.count)
      .execute();
    if (recent.length < window.count) continue;
    // The oldest of the last `count` comments leaves the window first.
    const oldest = Date.parse(recent.at(-1)?.createdAt ?? now);
    const wait = Math.max(1, Math.ceil((oldest + window.minutes * 60_000 - Date.parse(now)) / 60_000));
    throw new CommentRefusedError("RATE_LIMITED", { minutes: wait });
  }
}
