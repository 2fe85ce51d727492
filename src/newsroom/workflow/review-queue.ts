import { type Actor, assertCan } from "../../accounts/authorization/policy.ts";
import { readableArticles } from "../../accounts/authorization/readable-articles.ts";
import type { Db } from "../../db/database.ts";
import { nowIso } from "../../shared/validate.ts";
import type { ReviewQueueItem } from "./views/review-queue-page.tsx";

/**
 * Articles in review, the longest waiting first, with who wrote them (the first revision's user):
 * the editors' queue (others are refused), listing only what `actor` may read.
 */
export async function reviewQueue(db: Db, actor: Actor, limit = 200): Promise<ReviewQueueItem[]> {
  assertCan(actor, "reviewQueue.view");
  return db
    .selectFrom("articles")
    .leftJoin("articleRevisions as first", (join) =>
      join.onRef("first.articleId", "=", "articles.id").on("first.number", "=", 1),
    )
    .leftJoin("users", "users.id", "first.savedByUserId")
    .select([
      "articles.id",
      "articles.edition",
      "articles.title",
      "articles.updatedAt",
      "users.name as authorName",
    ])
    .where("articles.status", "=", "review")
    .where(readableArticles(actor, nowIso()))
    .orderBy("articles.updatedAt", "asc")
    .orderBy("articles.id", "asc")
    .limit(limit)
    .execute();
}
