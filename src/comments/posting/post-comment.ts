import type { Db } from "../../db/database.ts";
import type { CommentStatus } from "../../db/schema.ts";
import type { CommentedArticle } from "../comment-articles.ts";
import type { CommentConfig } from "../comment-config.ts";
import { CommentRefusedError } from "../comment-errors.ts";
import type { CommentHasher } from "../comment-hashing.ts";
import { checkCommentFields } from "../comment-input.ts";
import type { CommentPolicies } from "../comment-policy.ts";
import type { ThreadAnnouncer } from "../thread-events.ts";
import type { RateLimits } from "./phases/rate-limit.ts";
import { runPostingPipeline } from "./pipeline.ts";
import type { CommentDraft } from "./posting-context.ts";

/** What a reader sent: the form's fields, as text. */
export interface CommentSubmission {
  name: string;
  email: string;
  text: string;
  parentId: number | null;
  honeypot: string;
}

/** Who sent it: their address, and the verified reader they are signed in as, if any. */
export interface CommentAuthorContext {
  ip: string | null;
  reader: { id: number; email: string; displayName: string | null } | null;
}

export interface PostedComment {
  id: number;
  status: CommentStatus;
}

export interface PostCommentDeps {
  db: Db;
  hasher: CommentHasher;
  policies: CommentPolicies;
  announcer: ThreadAnnouncer;
  config: Pick<CommentConfig, "maxLength" | "maxLinks">;
  rateLimits: RateLimits;
}

/**
 * Posts a comment on an article readers can see: checks the fields, finds the parent, runs the
 * posting pipeline, stores the comment with the status it earned, and — when it is published at
 * once — tells the cache that the thread changed. Refusals throw CommentRefusedError.
 */
export async function postComment(
  deps: PostCommentDeps,
  article: CommentedArticle,
  submission: CommentSubmission,
  author: CommentAuthorContext,
  now: string,
): Promise<PostedComment> {
  const { db, hasher } = deps;
  const fields = checkCommentFields(submission, deps.config, {
    email: author.reader?.email,
    name: author.reader?.displayName,
  });
  const parent = submission.parentId === null ? null : await findParent(db, article.id, submission.parentId);
  const draft: CommentDraft = {
    articleId: article.id,
    edition: article.edition,
    parentId: parent?.id ?? null,
    rootId: parent ? (parent.rootId ?? parent.id) : null,
    name: fields.name,
    email: fields.email,
    emailHash: hasher.email(fields.email),
    ipHash: author.ip ? hasher.ip(author.ip) : null,
    text: fields.text,
    fingerprint: hasher.fingerprint(fields.text),
    verifiedReaderId: author.reader?.id ?? null,
    honeypot: submission.honeypot,
  };
  const policy = await deps.policies.forArticle(article, now);
  const outcome = await runPostingPipeline({
    db,
    draft,
    policy,
    limits: { maxLength: deps.config.maxLength, maxLinks: deps.config.maxLinks, rate: deps.rateLimits },
    now,
  });
  const row = await deps.announcer.change(db, async (tx, threads) => {
    const inserted = await tx
      .insertInto("comments")
      .values({
        articleId: draft.articleId,
        edition: draft.edition,
        parentId: draft.parentId,
        rootId: draft.rootId,
        status: outcome.status,
        reviewReason: outcome.reason,
        authorName: draft.name,
        authorEmail: draft.email,
        emailHash: draft.emailHash,
        ipHash: draft.ipHash,
        body: draft.text,
        fingerprint: draft.fingerprint,
        verifiedReaderId: draft.verifiedReaderId,
        createdAt: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (outcome.status === "approved") threads.posted(article, inserted.id);
    return inserted;
  });
  return { id: row.id, status: outcome.status };
}

/** Replies go to published comments of the same article; anything else is refused. */
async function findParent(db: Db, articleId: number, parentId: number) {
  const parent = await db
    .selectFrom("comments")
    .select(["id", "rootId"])
    .where("id", "=", parentId)
    .where("articleId", "=", articleId)
    .where("status", "=", "approved")
    .executeTakeFirst();
  if (!parent) throw new CommentRefusedError("PARENT_INVALID");
  return parent;
}
