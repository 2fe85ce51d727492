import { INDEXED_STATUSES, type IndexableArticleSource } from "../db/search/search-engine.ts";
import { storedBodyText } from "../shared/body/body-text.ts";

/**
 * Reader-visible articles, either those among `ids` or the next `limit` after id `afterId` (for a
 * rebuild), with the texts the index needs. Unpublished, draft and in-review articles are left out.
 */
export const loadIndexableArticles: IndexableArticleSource = async (db, selection) => {
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
    body: storedBodyText(row.body),
  }));
};
