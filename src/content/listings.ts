import type { Db } from "../db/database.ts";
import { preparedQuery } from "../db/prepared-query.ts";
import { inTransaction } from "../db/transaction.ts";

/**
 * Keeps the listing tables that archive pages read in step with the content: the tag closure
 * (a tag and every tag above it) and one row per visible or scheduled article under each tag that
 * covers it. Archive pages are then one index range scan, as fast on page 500 as on page 1.
 */

/** Recomputes the tag closure; the taxonomy is small (hundreds of tags), so all of it at once. */
export async function refreshTagAncestors(db: Db): Promise<void> {
  const tags = await db.selectFrom("tags").select(["id", "parentId"]).execute();
  const parentOf = new Map(tags.map((t) => [t.id, t.parentId]));
  const rows: { tagId: number; ancestorId: number }[] = [];
  for (const tag of tags) {
    const seen = new Set<number>();
    for (
      let current: number | null | undefined = tag.id;
      current != null && !seen.has(current);
      current = parentOf.get(current)
    ) {
      seen.add(current);
      rows.push({ tagId: tag.id, ancestorId: current });
    }
  }
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom("tagAncestors").execute();
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto("tagAncestors")
        .values(rows.slice(i, i + 500))
        .execute();
  });
}

/**
 * Rewrites the listing rows of the stories' articles (after a publish, unpublish or tag change): two
 * statements for all of them, so a unit that changed many stories (an import batch) pays once.
 */
export async function refreshStoryListings(db: Db, storyIds: readonly number[]): Promise<void> {
  if (storyIds.length === 0) return;
  await inTransaction(db, async (trx) => {
    await trx
      .deleteFrom("tagListings")
      .where("articleId", "in", (eb) =>
        eb.selectFrom("articles").select("id").where("storyId", "in", storyIds),
      )
      .execute();
    await insertListings(trx, storyIds);
  });
}

/** Rebuilds every listing row: after bulk loads, or when the taxonomy's shape changed. */
export async function rebuildAllListings(db: Db): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom("tagListings").execute();
    await insertListings(trx, null);
  });
}

async function insertListings(db: Db, storyIds: readonly number[] | null): Promise<void> {
  let source = db
    .selectFrom("articles")
    .innerJoin("storyTags", "storyTags.storyId", "articles.storyId")
    .innerJoin("tagAncestors", "tagAncestors.tagId", "storyTags.tagId")
    .select(["tagAncestors.ancestorId", "articles.edition", "articles.publishedAt", "articles.id"])
    .distinct()
    .where("articles.status", "in", ["published", "scheduled"])
    .where("articles.publishedAt", "is not", null);
  if (storyIds !== null) source = source.where("articles.storyId", "in", storyIds);
  await db
    .insertInto("tagListings")
    .columns(["tagId", "edition", "publishedAt", "articleId"])
    .expression(source)
    .execute();
}

// Compiled once per number of tags: the front page and every article page run it.
const newestPerTagQuery = preparedQuery(
  (db: Db, tagIds: readonly number[], edition: string, now: string, limit: number) => {
    const [first, ...others] = tagIds.map((tagId, index) =>
      db
        .selectFrom((inner) =>
          inner
            .selectFrom("tagListings")
            .select(["tagId", "articleId", "publishedAt"])
            .where("tagId", "=", tagId)
            .where("edition", "=", edition)
            .where("publishedAt", "<=", now)
            .orderBy("publishedAt", "desc")
            .orderBy("articleId", "desc")
            .limit(limit)
            .as(`tag${index}`),
        )
        .selectAll(),
    );
    if (!first) throw new RangeError("newestPerTag needs at least one tag");
    return others.reduce((union, next) => union.unionAll(next), first);
  },
);

/** One listing: an article under a tag. */
export interface TagListing {
  tagId: number;
  articleId: number;
  publishedAt: string;
}

/**
 * The newest `limit` articles of an edition readers can see under each of `tagIds` (its own and those
 * of the tags below it), newest first per tag, in the tags' order: one range of the listing index per
 * tag, all in one statement that reads no article. An article under several of the tags comes once
 * for each.
 */
export async function newestPerTag(
  db: Db,
  options: { tagIds: readonly number[]; edition: string; now: string; limit: number },
): Promise<TagListing[]> {
  if (options.tagIds.length === 0) return [];
  const rows = await newestPerTagQuery(db, options.tagIds, options.edition, options.now, options.limit);
  // SQL promises no order for a union; each tag's rows come back newest first, in the tags' order.
  const position = new Map(options.tagIds.map((tagId, index) => [tagId, index]));
  return rows.sort(
    (a, b) =>
      (position.get(a.tagId) ?? 0) - (position.get(b.tagId) ?? 0) ||
      (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.articleId - a.articleId),
  );
}
