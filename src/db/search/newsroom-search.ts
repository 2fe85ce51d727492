import type { Expression, SqlBool } from "kysely";
import type { Db } from "../database.ts";
import type { NewsroomEngineQuery, NewsroomEngineResult } from "./search-engine.ts";

/** Words a newsroom search looks for at the most: each one is a scan of titles and summaries. */
const MAX_WORDS = 8;

/**
 * The newsroom's search, the same on every database but for how one word is looked for: articles
 * holding every word (`holds`, given a LIKE pattern of it), in the editions, states and rights asked
 * for, most recently updated first.
 */
export async function queryNewsroomArticles(
  db: Db,
  request: NewsroomEngineQuery,
  holds: (pattern: string, word: string) => Expression<SqlBool>,
): Promise<NewsroomEngineResult> {
  const words = [...request.query.terms, ...request.query.phrases.flat()].slice(0, MAX_WORDS);
  if (words.length === 0) return { articleIds: [], more: false };
  let query = db.selectFrom("articles").select("id");
  for (const word of words) query = query.where(holds(`%${escapeLike(word)}%`, word));
  if (request.editions?.length) query = query.where("edition", "in", request.editions);
  if (request.statuses?.length) query = query.where("status", "in", request.statuses);
  if (request.only) query = query.where(request.only);
  const rows = await query
    .orderBy("updatedAt", "desc")
    .orderBy("id", "desc")
    .offset(request.offset)
    .limit(request.limit + 1)
    .execute();
  return {
    articleIds: rows.slice(0, request.limit).map((row) => row.id),
    more: rows.length > request.limit,
  };
}

/** `text` with LIKE's wildcards and its escape character escaped (by a backslash). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
