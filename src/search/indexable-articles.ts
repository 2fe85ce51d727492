import type { BodyDocument } from "../articles/body/body-document.ts";
import { bodyPlainText } from "../articles/body/body-text.ts";
import type { Db } from "../db/database.ts";

/** What the reader index holds of an article: its texts by weight, and what results are filtered on. */
export interface IndexableArticle {
  id: number;
  storyId: number;
  edition: string;
  publishedAt: string;
  title: string;
  summary: string;
  /** The story's tag names in the article's edition, its source and the author. */
  labels: string;
  body: string;
}

/** Statuses whose articles readers can see, now or at their publication time. */
export const INDEXED_STATUSES = ["published", "scheduled"] as const;

/**
 * Reader-visible articles, either those among `ids` or the next `limit` after id `afterId` (for a
 * rebuild), with the texts the index needs. Unpublished, draft and in-review articles are left out.
 */
export async function loadIndexableArticles(
  db: Db,
  selection: { ids: readonly number[] } | { afterId: number; limit: number },
): Promise<IndexableArticle[]> {
  let query = db
    .selectFrom("articles")
    .leftJoin("stories", "stories.id", "articles.storyId")
    .leftJoin("sources", "sources.id", "stories.sourceId")
    .leftJoin("authors", "authors.id", "articles.authorId")
    .select([
      "articles.id",
      "articles.storyId",
      "articles.edition",
      "articles.publishedAt",
      "articles.title",
      "articles.summary",
      "articles.body",
      "sources.name as sourceName",
      "authors.name as authorName",
    ])
    .where("articles.status", "in", INDEXED_STATUSES)
    .where("articles.publishedAt", "is not", null);
  if ("ids" in selection) {
    if (selection.ids.length === 0) return [];
    query = query.where("articles.id", "in", selection.ids);
  } else {
    query = query.where("articles.id", ">", selection.afterId).orderBy("articles.id").limit(selection.limit);
  }
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const tags = await db
    .selectFrom("storyTags")
    .innerJoin("tagNames", "tagNames.tagId", "storyTags.tagId")
    .select(["storyTags.storyId", "tagNames.edition", "tagNames.name"])
    .where("storyTags.storyId", "in", [...new Set(rows.map((row) => row.storyId))])
    .orderBy("storyTags.storyId")
    .orderBy("storyTags.position")
    .execute();
  const tagNames = new Map<string, string[]>();
  for (const tag of tags) {
    const key = `${tag.storyId}|${tag.edition}`;
    const names = tagNames.get(key);
    if (names) names.push(tag.name);
    else tagNames.set(key, [tag.name]);
  }
  return rows.map((row) => ({
    id: row.id,
    storyId: row.storyId,
    edition: row.edition,
    publishedAt: row.publishedAt as string,
    title: row.title,
    summary: row.summary ?? "",
    labels: [...(tagNames.get(`${row.storyId}|${row.edition}`) ?? []), row.sourceName, row.authorName]
      .filter((label): label is string => typeof label === "string" && label !== "")
      .join("\n"),
    body: plainBody(row.body),
  }));
}

/** The words of a stored body; bodies were validated when saved, so they are read as they are. */
export function plainBody(json: string): string {
  try {
    return bodyPlainText(JSON.parse(json) as BodyDocument);
  } catch {
    return "";
  }
}
