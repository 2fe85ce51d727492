import { recordAudit } from "../../accounts/audit/audit-log.ts";
import { type Actor, can } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import { ForbiddenError, ValidationError } from "../../shared/errors.ts";
import { nowIso, optionalText } from "../../shared/validate.ts";
import { type ArticleForPolicy, canEdit, loadArticleForReading } from "./article-access.ts";

export interface ReviewNote {
  id: number;
  text: string;
  by: string;
  createdAt: string;
}

/** A note is a message between people, not an essay: long enough for a paragraph of comments. */
export const MAX_NOTE_LENGTH = 2000;

/** The note typed in a form, or null when the field was left empty; a 400 when it is too long. */
export function noteFromForm(value: unknown): string | null {
  return optionalText("note", value, MAX_NOTE_LENGTH);
}

/** Stores a note (checked already) by `userId` on the article. */
export async function insertReviewNote(db: Db, articleId: number, userId: number, text: string) {
  return db
    .insertInto("reviewNotes")
    .values({ articleId, authorUserId: userId, text, createdAt: nowIso() })
    .returning(["id", "createdAt"])
    .executeTakeFirstOrThrow();
}

/** Whether `actor` takes part in the article's review: its owner, who may edit it, or an editor. */
export function mayWriteNotes(actor: Actor, loaded: ArticleForPolicy): boolean {
  return can(actor, "reviewQueue.view") || canEdit(actor, loaded) || loaded.target.ownerUserId === actor.id;
}

/**
 * Notes between an article's writer and the editors: sent with "Send to review" and "Back to
 * draft", or on their own from the workflow page. Whoever may edit the article, its owner and the
 * editors may write them; whoever may read it sees them.
 */
export class ReviewNotes {
  constructor(private readonly db: Db) {}

  async add(actor: Actor, articleId: number, text: string, ip?: string | null): Promise<ReviewNote> {
    const loaded = await loadArticleForReading(this.db, actor, articleId);
    if (!mayWriteNotes(actor, loaded)) {
      throw new ForbiddenError(
        `A ${actor.role} may write notes only on articles they wrote or may edit; this one is another's.`,
        { action: "article.note", role: actor.role },
      );
    }
    const note = noteFromForm(text);
    if (note === null) throw new ValidationError("note", "write the note before sending it");
    return this.db.transaction().execute(async (trx) => {
      const row = await insertReviewNote(trx, articleId, actor.id, note);
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "article.note",
        subjectType: "article",
        subjectId: articleId,
        details: { edition: loaded.article.edition, length: note.length },
        ip: ip ?? null,
      });
      const author = await trx
        .selectFrom("users")
        .select("name")
        .where("id", "=", actor.id)
        .executeTakeFirst();
      return { id: row.id, text: note, by: author?.name ?? "", createdAt: row.createdAt };
    });
  }

  /** The article's notes, oldest first (a conversation reads downwards). */
  async list(articleId: number): Promise<ReviewNote[]> {
    return this.db
      .selectFrom("reviewNotes")
      .innerJoin("users", "users.id", "reviewNotes.authorUserId")
      .select(["reviewNotes.id", "reviewNotes.text", "users.name as by", "reviewNotes.createdAt"])
      .where("reviewNotes.articleId", "=", articleId)
      .orderBy("reviewNotes.id")
      .execute();
  }
}
