import { visibleToReaders } from "../articles/visibility.ts";
import type { Db } from "../db/database.ts";

/** The little of an article that its comments need. */
export interface CommentedArticle {
  id: number;
  edition: string;
  title: string;
  slug: string;
  publishedAt: string;
}

const COLUMNS = ["id", "edition", "title", "slug", "publishedAt"] as const;

/** The article readers of `edition` see under `slug` at `now`, or undefined. */
export async function findArticleBySlug(
  db: Db,
  edition: string,
  slug: string,
  now: string,
): Promise<CommentedArticle | undefined> {
  const row = await db
    .selectFrom("articles")
    .select(COLUMNS)
    .where("edition", "=", edition)
    .where("slug", "=", slug)
    .where(visibleToReaders(now))
    .executeTakeFirst();
  return row?.publishedAt ? { ...row, publishedAt: row.publishedAt } : undefined;
}

/** The article with `id` if readers of `edition` see it at `now`. */
export async function findArticleById(
  db: Db,
  edition: string,
  id: number,
  now: string,
): Promise<CommentedArticle | undefined> {
  const row = await db
    .selectFrom("articles")
    .select(COLUMNS)
    .where("id", "=", id)
    .where("edition", "=", edition)
    .where(visibleToReaders(now))
    .executeTakeFirst();
  return row?.publishedAt ? { ...row, publishedAt: row.publishedAt } : undefined;
}
