import { recordAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import { isVisibleAt } from "../content/story-change.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { NotFoundError, TribuneError, ValidationError } from "../shared/errors.ts";
import { nowIso, requiredText } from "../shared/validate.ts";

/** A correction is a sentence or two; a longer one belongs in the article, or in a follow-up story. */
export const CORRECTION_MAX_LENGTH = 1000;

/** A dated correction note at the foot of a published article. */
export interface Correction {
  id: number;
  articleId: number;
  /** Plain text, one paragraph; pages escape it. */
  text: string;
  correctedAt: string;
}

/** Corrections are for what readers have seen: a draft is simply edited. */
export class ArticleNotPublishedError extends TribuneError {
  constructor(articleId: number, status: string) {
    super(
      "ARTICLE_NOT_PUBLISHED",
      400,
      `Only a published article takes corrections; this one is ${status === "review" ? "in review" : status}. Edit its text instead.`,
      { articleId, status },
    );
  }
}

/** The article's corrections, oldest first (the order readers read them in). */
export async function listCorrections(db: Db, articleId: number): Promise<Correction[]> {
  return db
    .selectFrom("articleCorrections")
    .select(["id", "articleId", "text", "correctedAt"])
    .where("articleId", "=", articleId)
    .orderBy("correctedAt")
    .orderBy("id")
    .execute();
}

/**
 * The text as stored: one paragraph of plain text, its runs of spaces and line breaks made one
 * space, required and length-limited.
 */
export function correctionText(text: unknown): string {
  const folded = typeof text === "string" ? text.replace(/\s+/g, " ").trim() : "";
  if (folded === "") throw new ValidationError("correction", "write the correction readers will see");
  return requiredText("correction", folded, CORRECTION_MAX_LENGTH);
}

/**
 * Appends corrections to published articles and withdraws those added by mistake: editors and
 * admins only, audited, and announced so that the article's page, the feeds listing it and its
 * sitemaps follow at once.
 */
export class CorrectionService {
  constructor(
    private readonly db: Db,
    /** The app's ContentEvents: caches drop the pages a correction changes. */
    private readonly events?: ContentEvents,
  ) {}

  /**
   * Appends a correction dated now and moves the article's `updatedAt` with it, which its page's
   * "Updated" line, JSON-LD `dateModified`, the feeds' `updated` and the sitemaps' `lastmod` follow.
   */
  async add(actor: Actor, articleId: number, text: unknown, ip?: string | null): Promise<Correction> {
    const article = await this.article(articleId);
    assertCan(actor, "article.correct", { edition: article.edition, status: article.status });
    const now = nowIso();
    if (!isVisibleAt(article, now)) throw new ArticleNotPublishedError(article.id, article.status);
    const stored = correctionText(text);
    return changeContent(this.db, this.events, async (trx, log) => {
      const correction = await trx
        .insertInto("articleCorrections")
        .values({ articleId, text: stored, correctedAt: now, createdByUserId: actor.id, createdAt: now })
        .returning(["id", "articleId", "text", "correctedAt"])
        .executeTakeFirstOrThrow();
      await trx.updateTable("articles").set({ updatedAt: now }).where("id", "=", articleId).execute();
      log.stories("article.corrected", [article.storyId], { articleIds: [articleId], reindex: false });
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "article.correct",
        subjectType: "article",
        subjectId: articleId,
        details: {
          title: article.title,
          edition: article.edition,
          correctionId: correction.id,
          text: stored,
        },
        ip: ip ?? null,
      });
      return correction;
    });
  }

  /**
   * Takes back a correction added by mistake (the wrong article, a slip): readers no longer see it;
   * the audit log keeps its text. The article's date of change stays where the correction put it.
   */
  async withdraw(actor: Actor, articleId: number, correctionId: number, ip?: string | null): Promise<void> {
    const article = await this.article(articleId);
    assertCan(actor, "article.correct", { edition: article.edition, status: article.status });
    const correction = await this.find(articleId, correctionId);
    await changeContent(this.db, this.events, async (trx, log) => {
      await trx.deleteFrom("articleCorrections").where("id", "=", correction.id).execute();
      log.stories("article.correctionWithdrawn", [article.storyId], {
        articleIds: [articleId],
        reindex: false,
      });
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "article.withdrawCorrection",
        subjectType: "article",
        subjectId: articleId,
        details: {
          title: article.title,
          edition: article.edition,
          correctionId: correction.id,
          text: correction.text,
          correctedAt: correction.correctedAt,
        },
        ip: ip ?? null,
      });
    });
  }

  /** One correction of the article, or a NotFoundError. */
  async find(articleId: number, correctionId: number): Promise<Correction> {
    const found = (await listCorrections(this.db, articleId)).find((c) => c.id === correctionId);
    if (!found) throw new NotFoundError("correction", correctionId);
    return found;
  }

  private async article(articleId: number) {
    const article = await this.db
      .selectFrom("articles")
      .select(["id", "storyId", "edition", "title", "status", "publishedAt"])
      .where("id", "=", articleId)
      .executeTakeFirst();
    if (!article) throw new NotFoundError("article", articleId);
    return article;
  }
}
