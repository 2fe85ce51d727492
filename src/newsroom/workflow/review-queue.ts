import type { Db } from "../../db/database.ts";
import type { ReviewQueueItem } from "./views/review-queue-page.tsx";

/** Articles in review, the longest waiting first, with who wrote them (the first revision's user). */
export async function reviewQueue(db: Db, limit = 200): Promise<ReviewQueueItem[]> {
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
    .orderBy("articles.updatedAt", "asc")
    .orderBy("articles.id", "asc")
    .limit(limit)
    .execute();
}
