import type { ContentChangeLog } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import { nowIso } from "../shared/validate.ts";
import { visibleToReaders } from "./visibility.ts";

/**
 * A story's bylines live in `story_authors`, in order. `articles.author_id` is kept as a copy of the
 * lead byline on each of the story's articles, for what reads it still (search texts): this is the
 * only code that writes either, so the two never disagree.
 */

/** The story's bylines, lead first. */
export async function storyBylineIds(db: Db, storyId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("storyAuthors")
    .select("authorId")
    .where("storyId", "=", storyId)
    .orderBy("position")
    .execute();
  return rows.map((row) => row.authorId);
}

/** The bylines of several stories at once, lead first: what lists of articles (feeds) show. */
export async function bylinesOfStories(
  db: Db,
  storyIds: readonly number[],
): Promise<Map<number, { id: number; name: string }[]>> {
  const bylines = new Map<number, { id: number; name: string }[]>();
  if (storyIds.length === 0) return bylines;
  const rows = await db
    .selectFrom("storyAuthors")
    .innerJoin("authors", "authors.id", "storyAuthors.authorId")
    .select(["storyAuthors.storyId", "authors.id", "authors.name"])
    .where("storyAuthors.storyId", "in", [...new Set(storyIds)])
    .orderBy("storyAuthors.storyId")
    .orderBy("storyAuthors.position")
    .execute();
  for (const row of rows) {
    const list = bylines.get(row.storyId) ?? [];
    list.push({ id: row.id, name: row.name });
    bylines.set(row.storyId, list);
  }
  return bylines;
}

/**
 * Replaces the story's bylines with `authorIds` (in that order, already checked to exist) and copies
 * the lead to its articles. Returns the bylines it had before. Call it inside a unit of work.
 */
export async function replaceStoryBylines(
  trx: Db,
  storyId: number,
  authorIds: readonly number[],
): Promise<number[]> {
  const former = await storyBylineIds(trx, storyId);
  await trx.deleteFrom("storyAuthors").where("storyId", "=", storyId).execute();
  if (authorIds.length > 0) {
    await trx
      .insertInto("storyAuthors")
      .values(authorIds.map((authorId, position) => ({ storyId, authorId, position })))
      .execute();
  }
  await trx
    .updateTable("articles")
    .set({ authorId: authorIds[0] ?? null })
    .where("storyId", "=", storyId)
    .execute();
  return former;
}

/** Whether two byline lists are the same people in the same order. */
export function sameBylines(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/**
 * Tells the unit of work that the story's bylines changed from `former`: announced when readers
 * see one of its articles, only reindexed while they are all drafts (no page shows them yet).
 */
export async function logBylineChange(
  trx: Db,
  log: ContentChangeLog,
  storyId: number,
  former: readonly number[],
): Promise<void> {
  const visible = await trx
    .selectFrom("articles")
    .select("id")
    .where("storyId", "=", storyId)
    .where(visibleToReaders(nowIso()))
    .executeTakeFirst();
  log.stories(visible ? "story.authors" : null, [storyId], { formerAuthorIds: former });
}
