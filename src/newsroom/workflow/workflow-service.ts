import { recordAudit } from "../../accounts/audit/audit-log.ts";
import { type Actor, assertCan, can, ruleFor } from "../../accounts/authorization/policy.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { searchEngineOf } from "../../content/search-index.ts";
import { isVisibleAt } from "../../content/story-change.ts";
import { changeContent } from "../../content/unit-of-work.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow, ArticleStatus } from "../../db/schema.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { ConflictError, ValidationError } from "../../shared/errors.ts";
import { isoInstant, nowIso } from "../../shared/validate.ts";
import { type ArticleForPolicy, loadArticleForPolicy } from "./article-access.ts";
import { insertReviewNote, noteFromForm } from "./review-notes.ts";

/** What the workflow panel offers; each is one method of WorkflowService. */
export type Transition = "submit" | "return" | "publish" | "schedule" | "unpublish" | "delete";

/** The status as the newsroom shows it: a scheduled article whose time has come is published. */
export type ShownStatus = ArticleStatus;

export function shownStatus(
  article: Pick<ArticleRow, "status" | "publishedAt">,
  now = nowIso(),
): ShownStatus {
  return article.status === "scheduled" && isVisibleAt(article, now) ? "published" : article.status;
}

/** Where each transition may start from (by the status shown). */
const FROM: Record<Transition, readonly ShownStatus[]> = {
  submit: ["draft"],
  return: ["review", "scheduled", "unpublished"],
  publish: ["draft", "review", "scheduled", "unpublished"],
  schedule: ["draft", "review", "scheduled", "unpublished"],
  unpublish: ["published"],
  delete: ["draft", "review", "scheduled", "published", "unpublished"],
};

const MESSAGES = {
  wrongStatus: (transition: Transition, status: ShownStatus) =>
    `This article is ${status === "review" ? "in review" : status}; it cannot be ${PAST[transition]} from there.`,
  scheduleInPast: "the time to publish at has passed; choose a time to come, or publish now",
  originalWithTranslations: (editions: string[]) =>
    `This is the original of translations (${editions.join(", ")}); delete those first.`,
};

const PAST: Record<Transition, string> = {
  submit: "sent to review",
  return: "sent back to draft",
  publish: "published",
  schedule: "scheduled",
  unpublish: "unpublished",
  delete: "deleted",
};

/**
 * Moves articles through draft → review → scheduled/published → unpublished, and deletes them.
 * Every move is checked against the actor's role (assertCan), recorded in the audit log in the
 * same transaction, and announced on the "content changed" event once committed.
 */
export class WorkflowService {
  constructor(
    private readonly db: Db,
    /** The app's ContentEvents (app.contentEvents): caches drop what a move changed. */
    private readonly events?: ContentEvents,
    /** Told when an article is sent to review (the editors' e-mail), after the move is committed. */
    private readonly onSubmitted?: (article: ArticleRow, by: Actor, note: string | null) => void,
  ) {}

  /** The transitions `actor` may make on the article now, for the panel's buttons. */
  allowedTransitions(actor: Actor, loaded: ArticleForPolicy, now = nowIso()): Transition[] {
    const status = shownStatus(loaded.article, now);
    const allowed: Transition[] = [];
    for (const transition of Object.keys(FROM) as Transition[]) {
      if (!FROM[transition].includes(status)) continue;
      if (can(actor, ACTION[transition], loaded.target)) allowed.push(transition);
    }
    return allowed;
  }

  /** Any move but scheduling (which needs a time): what the panel's buttons and bulk actions call. */
  async move(
    actor: Actor,
    articleId: number,
    transition: Exclude<Transition, "schedule">,
    ip?: string | null,
    /** A note sent with Send to review or Back to draft (ignored by the other moves). */
    note: string | null = null,
  ): Promise<void> {
    switch (transition) {
      case "submit":
        await this.submitForReview(actor, articleId, ip, note);
        return;
      case "return":
        await this.returnToDraft(actor, articleId, ip, note);
        return;
      case "publish":
        await this.publish(actor, articleId, ip);
        return;
      case "unpublish":
        await this.unpublish(actor, articleId, ip);
        return;
      case "delete":
        await this.delete(actor, articleId, ip);
        return;
    }
  }

  /** Draft → review: the writer (contributor, own draft), a translator (their edition), editors. */
  async submitForReview(
    actor: Actor,
    articleId: number,
    ip?: string | null,
    note: string | null = null,
  ): Promise<ArticleRow> {
    const row = await this.setStatus(actor, articleId, "submit", "review", ip, note);
    this.onSubmitted?.(row, actor, note);
    return row;
  }

  /** Review (or scheduled, unpublished) → draft: editors and admins. */
  async returnToDraft(
    actor: Actor,
    articleId: number,
    ip?: string | null,
    note: string | null = null,
  ): Promise<ArticleRow> {
    return this.setStatus(actor, articleId, "return", "draft", ip, note);
  }

  /** Publishes now: editors and admins. Audited as article.publish. */
  async publish(actor: Actor, articleId: number, ip?: string | null): Promise<ArticleRow> {
    const loaded = await this.check(actor, articleId, "publish");
    return this.statusChange(loaded, "article.publish", actor, ip, (service) =>
      service.publishArticle(articleId),
    );
  }

  /** Publishes at a time to come (readers see it from then on, with no job to run). */
  async schedule(
    actor: Actor,
    articleId: number,
    at: string | Date,
    ip?: string | null,
  ): Promise<ArticleRow> {
    const loaded = await this.check(actor, articleId, "schedule");
    const when = isoInstant("at", at);
    if (when <= nowIso()) throw new ValidationError("at", MESSAGES.scheduleInPast);
    return this.statusChange(loaded, "article.schedule", actor, ip, (service) =>
      service.publishArticle(articleId, { at: when }),
    );
  }

  /** Takes a published article away from readers (its URL answers 410): editors and admins. */
  async unpublish(actor: Actor, articleId: number, ip?: string | null): Promise<ArticleRow> {
    const loaded = await this.check(actor, articleId, "unpublish");
    return this.statusChange(loaded, "article.unpublish", actor, ip, (service) =>
      service.unpublishArticle(articleId),
    );
  }

  /**
   * Deletes an article with its revisions and comments: editors and admins. A published article
   * is unpublished first (announced, so caches drop it), then deleted; both are audited. An
   * original that still has translations is refused: they were made from its revisions.
   */
  async delete(actor: Actor, articleId: number, ip?: string | null): Promise<void> {
    let loaded = await this.check(actor, articleId, "delete");
    const { article } = loaded;
    if (article.edition === loaded.originalEdition) {
      const translations = await this.db
        .selectFrom("articles")
        .select("edition")
        .where("storyId", "=", article.storyId)
        .where("id", "!=", article.id)
        .execute();
      if (translations.length > 0) {
        throw new ConflictError(MESSAGES.originalWithTranslations(translations.map((t) => t.edition)));
      }
    }
    if (shownStatus(article) === "published") {
      await this.unpublish(actor, articleId, ip);
      loaded = await loadArticleForPolicy(this.db, articleId);
    }
    await changeContent(this.db, this.events, async (trx, log) => {
      // Named before the row goes: afterwards nothing would say which edition and tags it was in.
      await log.storiesBeforeRemoval("article.deleted", [article.storyId], { articleIds: [article.id] });
      await searchEngineOf(trx).removeArticles([article.id]);
      await trx.deleteFrom("articles").where("id", "=", article.id).execute();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "article.delete",
        subjectType: "article",
        subjectId: article.id,
        details: { title: article.title, edition: article.edition, status: loaded.article.status },
        ip: ip ?? null,
      });
    });
  }

  private async check(actor: Actor, articleId: number, transition: Transition): Promise<ArticleForPolicy> {
    const loaded = await loadArticleForPolicy(this.db, articleId);
    assertCan(actor, ACTION[transition], loaded.target);
    const status = shownStatus(loaded.article);
    if (!FROM[transition].includes(status)) throw new ConflictError(MESSAGES.wrongStatus(transition, status));
    return loaded;
  }

  /** Draft ⇄ review (and unscheduling): audited like every workflow step, with the status it left. */
  private async setStatus(
    actor: Actor,
    articleId: number,
    transition: Transition,
    status: ArticleStatus,
    ip: string | null | undefined,
    note: string | null,
  ): Promise<ArticleRow> {
    const { article } = await this.check(actor, articleId, transition);
    const text = noteFromForm(note);
    return changeContent(this.db, this.events, async (trx, log) => {
      const row = await trx
        .updateTable("articles")
        .set({ status })
        .where("id", "=", articleId)
        .returningAll()
        .executeTakeFirstOrThrow();
      // A scheduled article is in the archive listings ahead of its time; it leaves them.
      if (article.status === "scheduled") {
        log.stories("article.unscheduled", [article.storyId], { articleIds: [article.id] });
      }
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: transition === "submit" ? "article.submitForReview" : "article.returnToDraft",
        subjectType: "article",
        subjectId: article.id,
        details: {
          title: article.title,
          edition: article.edition,
          from: article.status,
          to: status,
          ...(text !== null ? { note: text } : {}),
        },
        ip: ip ?? null,
      });
      // The note sent with the move is kept with it, in the same transaction.
      if (text !== null) await insertReviewNote(trx, articleId, actor.id, text);
      return row;
    });
  }

  /** A change readers may see, made and audited in one transaction, announced after it commits. */
  private async statusChange(
    loaded: ArticleForPolicy,
    action: "article.publish" | "article.schedule" | "article.unpublish",
    actor: Actor,
    ip: string | null | undefined,
    change: (service: ArticleService) => Promise<ArticleRow>,
  ): Promise<ArticleRow> {
    const before = loaded.article;
    // The status change joins this unit (the service is on its transaction): one announcement.
    return changeContent(this.db, this.events, async (trx) => {
      const row = await change(new ArticleService(trx));
      await recordAudit(trx, {
        actorUserId: actor.id,
        action,
        subjectType: "article",
        subjectId: row.id,
        details: {
          title: row.title,
          edition: row.edition,
          from: before.status,
          to: row.status,
          ...(action === "article.unpublish" ? {} : { publishedAt: row.publishedAt }),
        },
        ip: ip ?? null,
      });
      return row;
    });
  }
}

/** The policy action behind each transition. */
const ACTION = {
  submit: "article.submitForReview",
  return: "article.editAny",
  publish: "article.publish",
  schedule: "article.schedule",
  unpublish: "article.unpublish",
  delete: "article.delete",
} as const satisfies Record<Transition, string>;

/** Whether `actor`'s role may make the move on some article (for offering it at all). */
export function mayEverMove(actor: Actor, transition: Transition): boolean {
  return ruleFor(ACTION[transition], actor.role) !== "deny";
}
