import type { Selectable } from "kysely";
import type { Db } from "../db/database.ts";
import type { ArticleRow, PendingEditTable } from "../db/schema.ts";
import { nowIso } from "../shared/validate.ts";

export type PendingEdit = Selectable<PendingEditTable>;

/** A pending edit with the name of who made it and the article it is for. */
export interface PendingEditListItem extends PendingEdit {
  savedBy: string;
  edition: string;
  articleTitle: string;
}

/** The text of an edit waiting for approval: an article's fields as the editor saved them. */
export interface PendingText {
  title: string;
  slug: string;
  summary: string | null;
  /** The body document as JSON text. */
  body: string;
}

/**
 * Keeps `userId`'s pending edit of `article`: one per article and user, replaced by each save. The
 * revision it was first made on stays, so an editor can tell when the article moved on since.
 */
export async function savePendingEdit(
  db: Db,
  article: Pick<ArticleRow, "id" | "revisionId">,
  userId: number,
  text: PendingText,
): Promise<PendingEdit> {
  const now = nowIso();
  return db
    .insertInto("pendingEdits")
    .values({
      articleId: article.id,
      savedByUserId: userId,
      baseRevisionId: article.revisionId,
      ...text,
      createdAt: now,
      updatedAt: now,
    })
    .onConflict((oc) => oc.columns(["articleId", "savedByUserId"]).doUpdateSet({ ...text, updatedAt: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** `userId`'s pending edit of the article, if they have one. */
export async function pendingEditOf(
  db: Db,
  articleId: number,
  userId: number,
): Promise<PendingEdit | undefined> {
  return db
    .selectFrom("pendingEdits")
    .selectAll()
    .where("articleId", "=", articleId)
    .where("savedByUserId", "=", userId)
    .executeTakeFirst();
}

function listQuery(db: Db) {
  return db
    .selectFrom("pendingEdits")
    .innerJoin("users", "users.id", "pendingEdits.savedByUserId")
    .innerJoin("articles", "articles.id", "pendingEdits.articleId")
    .selectAll("pendingEdits")
    .select(["users.name as savedBy", "articles.edition", "articles.title as articleTitle"]);
}

/** The article's pending edits, the longest waiting first. */
export async function pendingEditsOf(db: Db, articleId: number): Promise<PendingEditListItem[]> {
  return listQuery(db)
    .where("pendingEdits.articleId", "=", articleId)
    .orderBy("pendingEdits.updatedAt")
    .orderBy("pendingEdits.id")
    .execute();
}

/** Every pending edit, the longest waiting first (the review queue). */
export async function allPendingEdits(db: Db, limit = 200): Promise<PendingEditListItem[]> {
  return listQuery(db).orderBy("pendingEdits.updatedAt").orderBy("pendingEdits.id").limit(limit).execute();
}

/** How many edits wait for approval, across the site (the dashboard's count). */
export async function countPendingEdits(db: Db): Promise<number> {
  const row = await db
    .selectFrom("pendingEdits")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** One pending edit of the article, if it is still waiting. */
export async function findPendingEdit(
  db: Db,
  articleId: number,
  pendingEditId: number,
): Promise<PendingEditListItem | undefined> {
  return listQuery(db)
    .where("pendingEdits.articleId", "=", articleId)
    .where("pendingEdits.id", "=", pendingEditId)
    .executeTakeFirst();
}

/** Removes a pending edit; false when it was no longer there (applied or discarded meanwhile). */
export async function deletePendingEdit(db: Db, pendingEditId: number): Promise<boolean> {
  const result = await db.deleteFrom("pendingEdits").where("id", "=", pendingEditId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
