import { recordAudit } from "../../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import type { CommentStatus } from "../../db/schema.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import type { CommentConfig } from "../comment-config.ts";
import type { CommentHasher } from "../comment-hashing.ts";
import { characterCount, cleanText } from "../comment-input.ts";
import type { CommentPolicies, EditionPolicy } from "../comment-policy.ts";
import type { ThreadAnnouncer } from "../thread-events.ts";
import { neverShownComments } from "./first-shown.ts";

export const MODERATION_ACTIONS = ["approve", "reject", "spam"] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

const STATUS_OF: Record<ModerationAction, CommentStatus> = {
  approve: "approved",
  reject: "rejected",
  spam: "spam",
};
/** Most comments one bulk action may touch. */
export const BULK_LIMIT = 200;
/** How much of a comment's old and new text the audit log keeps for an edit. */
const AUDIT_TEXT = 2000;

/** Where a moderator acted from, for the audit log. */
export interface ActingFrom {
  ip: string | null;
}

/**
 * What moderators do: approve, reject, mark as spam (one or many), edit, close and reopen threads,
 * set an edition's policy. Each change and its audit entry are one transaction; the page cache
 * hears about threads whose visible comments changed once it is committed.
 */
export class ModerationService {
  constructor(
    private readonly db: Db,
    private readonly announcer: ThreadAnnouncer,
    private readonly policies: CommentPolicies,
    private readonly config: Pick<CommentConfig, "maxLength">,
    readonly hasher: CommentHasher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Approves, rejects or marks as spam; returns how many comments changed status. */
  async moderate(
    actor: Actor,
    ids: readonly number[],
    action: ModerationAction,
    from: ActingFrom,
  ): Promise<number> {
    const unique = [...new Set(ids)].slice(0, BULK_LIMIT);
    if (unique.length === 0) return 0;
    const rows = await this.db
      .selectFrom("comments")
      .select(["id", "articleId", "edition", "status", "flagsCount"])
      .where("id", "in", unique)
      .execute();
    for (const edition of new Set(rows.map((row) => row.edition)))
      assertCan(actor, "comment.moderate", { edition });
    const status = STATUS_OF[action];
    const now = this.clock().toISOString();
    const changed: typeof rows = [];
    await this.announcer.change(this.db, async (tx, threads) => {
      // Approving a comment readers never saw publishes it: webhooks hear of it as posted.
      const firstShown =
        status === "approved"
          ? await neverShownComments(
              tx,
              rows.filter((row) => row.status !== "approved").map((row) => row.id),
            )
          : new Set<number>();
      for (const row of rows) {
        // Approving also settles the flags; the same readers cannot flag it again.
        const result = await tx
          .updateTable("comments")
          .set({
            status,
            reviewReason: null,
            moderatedAt: now,
            moderatedByUserId: actor.id,
            ...(action === "approve" ? { flagsCount: 0 } : {}),
          })
          .where("id", "=", row.id)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) continue;
        changed.push(row);
        await recordAudit(tx, {
          actorUserId: actor.id,
          action: `comment.${action}`,
          subjectType: "comment",
          subjectId: row.id,
          details: {
            edition: row.edition,
            articleId: row.articleId,
            from: row.status,
            flags: row.flagsCount,
            bulk: unique.length > 1,
          },
          ip: from.ip,
          at: now,
        });
      }
      threads.changed(
        changed
          // Shown before or after: the thread (or the count) changed.
          .filter((row) => row.status === "approved" || status === "approved")
          .map((row) => ({ id: row.articleId, edition: row.edition })),
      );
      for (const row of changed) {
        if (firstShown.has(row.id)) threads.posted({ id: row.articleId, edition: row.edition }, row.id);
      }
    });
    return changed.filter((row) => row.status !== status).length;
  }

  /** Replaces a comment's text (typos, a slur removed); readers see it marked as edited. */
  async edit(actor: Actor, id: number, rawText: string, from: ActingFrom): Promise<void> {
    const row = await this.db
      .selectFrom("comments")
      .select(["id", "articleId", "edition", "status", "body"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError("comment", id);
    assertCan(actor, "comment.moderate", { edition: row.edition });
    const text = cleanText(rawText);
    if (text === "") throw new ValidationError("text", "the comment cannot be empty; reject it instead");
    const length = characterCount(text);
    if (length > this.config.maxLength) {
      throw new ValidationError("text", `${length} characters is over the limit of ${this.config.maxLength}`);
    }
    if (text === row.body) return;
    const now = this.clock().toISOString();
    await this.announcer.change(this.db, async (tx, threads) => {
      await tx
        .updateTable("comments")
        .set({ body: text, fingerprint: this.hasher.fingerprint(text), editedAt: now })
        .where("id", "=", id)
        .execute();
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "comment.edit",
        subjectType: "comment",
        subjectId: id,
        details: {
          edition: row.edition,
          articleId: row.articleId,
          before: row.body.slice(0, AUDIT_TEXT),
          after: text.slice(0, AUDIT_TEXT),
        },
        ip: from.ip,
        at: now,
      });
      if (row.status === "approved") threads.changed([{ id: row.articleId, edition: row.edition }]);
    });
  }

  /** Closes or reopens one article's thread. */
  async setThreadClosed(actor: Actor, articleId: number, closed: boolean, from: ActingFrom): Promise<void> {
    const article = await this.db
      .selectFrom("articles")
      .select(["id", "edition"])
      .where("id", "=", articleId)
      .executeTakeFirst();
    if (!article) throw new NotFoundError("article", articleId);
    assertCan(actor, "comment.moderate", { edition: article.edition });
    const now = this.clock().toISOString();
    await this.announcer.change(this.db, async (tx, threads) => {
      await this.policies.setArticleClosed(tx, articleId, closed, actor.id, now);
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: closed ? "comment.closeThread" : "comment.reopenThread",
        subjectType: "article",
        subjectId: articleId,
        details: { edition: article.edition },
        ip: from.ip,
        at: now,
      });
      threads.changed([article]);
    });
  }

  /**
   * Sets an edition's policy (an administrator's setting). Thread pages already cached show their
   * old form until they expire; posting follows the new policy at once.
   */
  async setEditionPolicy(
    actor: Actor,
    edition: string,
    policy: EditionPolicy,
    from: ActingFrom,
  ): Promise<void> {
    assertCan(actor, "settings.edit");
    const now = this.clock().toISOString();
    const before = await this.policies.forEdition(edition);
    await this.db.transaction().execute(async (tx) => {
      await this.policies.setForEdition(tx, edition, policy, actor.id, now);
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "comment.policy",
        subjectType: "edition",
        subjectId: edition,
        details: { before, after: policy },
        ip: from.ip,
        at: now,
      });
    });
  }
}
