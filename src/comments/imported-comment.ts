import type { Db } from "../db/database.ts";
import type { CommentStatus } from "../db/schema.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import type { CommentHasher } from "./comment-hashing.ts";
import { ThreadAnnouncer } from "./thread-events.ts";

/** A comment brought from another system (an import), already moderated there. */
export interface ImportedCommentInput {
  article: { id: number; edition: string };
  /** The imported comment it answers, if any. */
  parentId: number | null;
  /** "approved" is published; "pending" waits in the moderation queue. */
  status: Extract<CommentStatus, "approved" | "pending">;
  authorName: string;
  authorEmail: string;
  /** Plain text: the importer has already taken any markup out. */
  text: string;
  createdAt: string;
}

/**
 * Writes an imported comment as a posted one is kept: the e-mail with its keyed hash, the text's
 * fingerprint, the thread's root; a published one is announced so the thread's pages refresh.
 * Returns the comment's id.
 */
export async function writeImportedComment(
  db: Db,
  hasher: CommentHasher,
  events: ContentEvents | undefined,
  input: ImportedCommentInput,
): Promise<number> {
  return new ThreadAnnouncer(events).change(db, async (tx, threads) => {
    const parent =
      input.parentId === null
        ? undefined
        : await tx
            .selectFrom("comments")
            .select(["id", "rootId"])
            .where("id", "=", input.parentId)
            .where("articleId", "=", input.article.id)
            .executeTakeFirst();
    const row = await tx
      .insertInto("comments")
      .values({
        articleId: input.article.id,
        edition: input.article.edition,
        parentId: parent?.id ?? null,
        rootId: parent ? (parent.rootId ?? parent.id) : null,
        status: input.status,
        reviewReason: input.status === "pending" ? "imported" : null,
        authorName: input.authorName.slice(0, 100) || "Anonymous",
        authorEmail: input.authorEmail,
        emailHash: hasher.email(input.authorEmail),
        ipHash: null,
        body: input.text,
        fingerprint: hasher.fingerprint(input.text),
        verifiedReaderId: null,
        createdAt: input.createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.status === "approved") threads.changed([input.article]);
    return row.id;
  });
}
