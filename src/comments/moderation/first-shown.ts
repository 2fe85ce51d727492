import type { Db } from "../../db/database.ts";

/**
 * The comments of `ids` that readers have never seen: none was approved by a moderator before, and
 * none was moderated away from "approved" (which a comment shown at once, when posted, would be).
 * Approving one of these is its first appearance, which webhooks report as comment.posted; approving
 * again a comment once rejected is not a new post. Read before this moderation writes its audit rows.
 */
export async function neverShownComments(db: Db, ids: readonly number[]): Promise<Set<number>> {
  const remaining = new Set(ids);
  if (remaining.size === 0) return remaining;
  const history = await db
    .selectFrom("auditLog")
    .select(["subjectId", "action", "details"])
    .where("subjectType", "=", "comment")
    .where(
      "subjectId",
      "in",
      ids.map((id) => String(id)),
    )
    .where("action", "in", ["comment.approve", "comment.reject", "comment.spam"])
    .execute();
  for (const row of history) {
    if (row.action === "comment.approve" || fromOf(row.details) === "approved") {
      remaining.delete(Number(row.subjectId));
    }
  }
  return remaining;
}

function fromOf(details: string): unknown {
  try {
    const parsed: unknown = JSON.parse(details);
    return typeof parsed === "object" && parsed !== null ? (parsed as { from?: unknown }).from : undefined;
  } catch {
    return undefined;
  }
}
