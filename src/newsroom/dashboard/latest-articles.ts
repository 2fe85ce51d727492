import type { Actor } from "../../accounts/authorization/policy.ts";
import { readableArticles } from "../../accounts/authorization/readable-articles.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleStatus } from "../../db/schema.ts";
import { nowIso } from "../../shared/validate.ts";

export interface ArticleListItem {
  id: number;
  storyId: number;
  edition: string;
  title: string;
  status: ArticleStatus;
  updatedAt: string;
  publishedAt: string | null;
}

/**
 * The newest articles of every edition and status that `actor` may read, for the dashboard. Ordered
 * by id (creation) so that it is one walk down the primary key however large the archive is.
 */
export async function latestArticles(db: Db, actor: Actor, limit = 50): Promise<ArticleListItem[]> {
  return db
    .selectFrom("articles")
    .select(["id", "storyId", "edition", "title", "status", "updatedAt", "publishedAt"])
    .where(readableArticles(actor, nowIso()))
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
