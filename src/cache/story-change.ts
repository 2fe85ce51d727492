import type { Db } from "../db/database.ts";
import type { ContentChange } from "../shared/content-events.ts";

/** Whether readers see an article at `now` (as `visibleToReaders` decides in SQL). */
export function isVisibleAt(article: { status: string; publishedAt: string | null }, now: string): boolean {
  return (
    (article.status === "published" || article.status === "scheduled") &&
    article.publishedAt !== null &&
    article.publishedAt <= now
  );
}

export interface StoryChangeOptions {
  reason: string;
  storyIds: number[];
  /** The articles the change is about; all the stories' articles when absent. */
  articleIds?: number[];
  /** Tags the stories had before the change (a retag), added with their ancestors. */
  formerTagIds?: number[];
}

/**
 * Describes a change to stories or their articles as the one "content changed" event names it:
 * the articles, their editions, and the stories' tags with every tag above them (a region's
 * archive lists its countries' stories). Read after the change is committed.
 */
export async function describeStoryChange(db: Db, options: StoryChangeOptions): Promise<ContentChange> {
  const { reason, storyIds } = options;
  if (storyIds.length === 0) return { reason, articleIds: [], storyIds, editions: [], tagIds: [] };
  const articles = await db
    .selectFrom("articles")
    .select(["id", "edition"])
    .where("storyId", "in", storyIds)
    .execute();
  const chosen = options.articleIds
    ? articles.filter((article) => options.articleIds?.includes(article.id))
    : articles;
  const current = await db
    .selectFrom("storyTags")
    .innerJoin("tagAncestors", "tagAncestors.tagId", "storyTags.tagId")
    .select("tagAncestors.ancestorId")
    .where("storyTags.storyId", "in", storyIds)
    .execute();
  const former =
    options.formerTagIds && options.formerTagIds.length > 0
      ? await db
          .selectFrom("tagAncestors")
          .select("ancestorId")
          .where("tagId", "in", options.formerTagIds)
          .execute()
      : [];
  return {
    reason,
    articleIds: chosen.map((article) => article.id),
    storyIds: [...storyIds],
    editions: unique(chosen.map((article) => article.edition)),
    tagIds: unique([...current, ...former].map((row) => row.ancestorId)).sort((a, b) => a - b),
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
