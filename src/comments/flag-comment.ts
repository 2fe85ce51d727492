import type { Db } from "../db/database.ts";
import { CommentRefusedError } from "./comment-errors.ts";
import type { CommentHasher } from "./comment-hashing.ts";
import type { ThreadAnnouncer } from "./thread-events.ts";

export const FLAG_REASONS = ["abuse", "spam", "off-topic", "other"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** Flags one reader may raise in an hour. */
const FLAGS_PER_HOUR = 20;

export interface FlagDeps {
  db: Db;
  hasher: CommentHasher;
  announcer: ThreadAnnouncer;
  flagThreshold: number;
}

/** What a flag did: counted, counted and sent the comment back to review, or nothing (flagged before). */
export type FlagOutcome = "counted" | "sent-to-review" | "already-flagged";

/**
 * A reader reports a published comment. Each reader (a verified reader, else an address) counts
 * once per comment; when the flags reach the threshold the comment leaves the thread and waits in
 * the "flagged" queue until a moderator decides.
 */
export async function flagComment(
  deps: FlagDeps,
  comment: { id: number; articleId: number; edition: string },
  reporter: { ip: string | null; readerId: number | null },
  reason: FlagReason,
  now: string,
): Promise<FlagOutcome> {
  const { db } = deps;
  const key =
    reporter.readerId !== null ? `r:${reporter.readerId}` : `ip:${deps.hasher.ip(reporter.ip ?? "unknown")}`;
  const hourAgo = new Date(Date.parse(now) - 3_600_000).toISOString();
  const recent = await db
    .selectFrom("commentFlags")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("reporter", "=", key)
    .where("createdAt", ">", hourAgo)
    .executeTakeFirstOrThrow();
  if (Number(recent.count) >= FLAGS_PER_HOUR) throw new CommentRefusedError("FLAG_LIMIT");

  const sentToReview = await deps.announcer.change(db, async (tx, threads) => {
    const inserted = await tx
      .insertInto("commentFlags")
      .values({ commentId: comment.id, reporter: key, reason, createdAt: now })
      .onConflict((oc) => oc.columns(["commentId", "reporter"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    await tx
      .updateTable("comments")
      .set((eb) => ({ flagsCount: eb("flagsCount", "+", 1) }))
      .where("id", "=", comment.id)
      .execute();
    const hidden = await tx
      .updateTable("comments")
      .set({ status: "pending", reviewReason: "flagged" })
      .where("id", "=", comment.id)
      .where("status", "=", "approved")
      .where("flagsCount", ">=", deps.flagThreshold)
      .executeTakeFirst();
    const sent = Number(hidden.numUpdatedRows) > 0;
    if (sent) threads.changed([{ id: comment.articleId, edition: comment.edition }]);
    return sent;
  });
  if (sentToReview === null) return "already-flagged";
  if (sentToReview) return "sent-to-review";
  return "counted";
}
