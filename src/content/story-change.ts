import type { Db } from "../db/database.ts";
import type { ChangeReason, ContentChange } from "../shared/content-events.ts";

/** Whether readers see an article at `now` (as `visibleToReaders` decides in SQL). */
export function isVisibleAt(article: { status: string; publishedAt: string | null }, now: string): boolean {
  return (
    (article.status === "published" || article.status === "scheduled") &&
    article.publishedAt !== null &&
    article.publishedAt <= now
  );
}

/** What a status change did for readers (see surrogate-keys.ts for what each reason purges). */
export function statusChangeReason(
  before: { status: string; publishedAt: string | null },
  after: { status: string; publishedAt: string | null },
  now: string,
): ChangeReason {
  if (isVisibleAt(after, now)) return "article.published";
  if (isVisibleAt(before, now)) {
    return after.status === "unpublished" ? "article.unpublished" : "article.rescheduled";
  }
  return after.status === "scheduled" ? "article.scheduled" : "article.unscheduled";
}

export interface StoryChangeOptions {
  reasons: readonly ChangeReason[];
  storyIds: number[];
  /** The articles the change is about; all the stories' articles when absent. */
  articleIds?: number[];
  /** Tags the stories had before the change (a retag), added with their ancestors. */
  formerTagIds?: number[];
  /** Bylines the stories had before the change. */
  formerAuthorIds?: number[];
}

/**
 * Describes a change to stories or their articles as the one "content changed" event names it:
 * the articles, their editions, and the stories' tags with every tag above them (a region's
 * archive lists its countries' stories). Read after the change is committed.
 */
export async function describeStoryChange(db: Db, options: StoryChangeOptions): Promise<ContentChange> {
  const { reasons, storyIds } = options;
  if (storyIds.length === 0) return { reasons, articleIds: [], storyIds, editions: [], tagIds: [] };
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
  const bylines = await db
    .selectFrom("storyAuthors")
    .select("authorId")
    .where("storyId", "in", storyIds)
    .execute();
  const authorIds = unique([...bylines.map((row) => row.authorId), ...(options.formerAuthorIds ?? [])]);
  return {
    reasons,
    articleIds: chosen.map((article) => article.id),
    storyIds: [...storyIds],
    editions: unique(chosen.map((article) => article.edition)),
    tagIds: unique([...current, ...former].map((row) => row.ancestorId)).sort((a, b) => a - b),
    ...(authorIds.length > 0 ? { authorIds } : {}),
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
