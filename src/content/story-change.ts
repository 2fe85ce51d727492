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
  const [change] = await describeStoryChanges(db, [options]);
  return change as ContentChange;
}

/**
 * Describes several changes (those one unit of work logged) as `describeStoryChange` describes each,
 * reading the articles, tags and bylines of all their stories in one query each: a unit that changed
 * hundreds of stories (an import batch) is described in a few statements, not a few per change.
 */
export async function describeStoryChanges(
  db: Db,
  changes: readonly StoryChangeOptions[],
): Promise<ContentChange[]> {
  const storyIds = unique(changes.flatMap((change) => change.storyIds));
  const formerTagIds = unique(changes.flatMap((change) => change.formerTagIds ?? []));
  const articles = await inSlices(storyIds, (ids) =>
    db.selectFrom("articles").select(["id", "edition", "storyId"]).where("storyId", "in", ids).execute(),
  );
  const ancestors = await inSlices(storyIds, (ids) =>
    db
      .selectFrom("storyTags")
      .innerJoin("tagAncestors", "tagAncestors.tagId", "storyTags.tagId")
      .select(["storyTags.storyId", "tagAncestors.ancestorId"])
      .where("storyTags.storyId", "in", ids)
      .execute(),
  );
  const formerAncestors = await inSlices(formerTagIds, (ids) =>
    db.selectFrom("tagAncestors").select(["tagId", "ancestorId"]).where("tagId", "in", ids).execute(),
  );
  const bylines = await inSlices(storyIds, (ids) =>
    db.selectFrom("storyAuthors").select(["storyId", "authorId"]).where("storyId", "in", ids).execute(),
  );
  return changes.map(({ reasons, storyIds: ids, articleIds, formerTagIds: former, formerAuthorIds }) => {
    if (ids.length === 0) return { reasons, articleIds: [], storyIds: ids, editions: [], tagIds: [] };
    const ofStories = new Set(ids);
    const formerTags = new Set(former ?? []);
    const chosen = articles.filter(
      (article) => ofStories.has(article.storyId) && (!articleIds || articleIds.includes(article.id)),
    );
    const tagIds = [
      ...ancestors.filter((row) => ofStories.has(row.storyId)),
      ...formerAncestors.filter((row) => formerTags.has(row.tagId)),
    ].map((row) => row.ancestorId);
    const authorIds = unique([
      ...bylines.filter((row) => ofStories.has(row.storyId)).map((row) => row.authorId),
      ...(formerAuthorIds ?? []),
    ]);
    return {
      reasons,
      articleIds: chosen.map((article) => article.id),
      storyIds: [...ids],
      editions: unique(chosen.map((article) => article.edition)),
      tagIds: unique(tagIds).sort((a, b) => a - b),
      ...(authorIds.length > 0 ? { authorIds } : {}),
    };
  });
}

/** Bounds the parameters of one statement: a unit may name thousands of stories. */
const IDS_PER_QUERY = 500;

async function inSlices<T>(ids: readonly number[], read: (slice: number[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY)
    rows.push(...(await read(ids.slice(i, i + IDS_PER_QUERY))));
  return rows;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
