import { recordAudit } from "../../accounts/audit/audit-log.ts";
import { type Actor, assertCan, can } from "../../accounts/authorization/policy.ts";
import { ArticleService } from "../../articles/article-service.ts";
import {
  deletePendingEdit,
  findPendingEdit,
  type PendingEditListItem,
  pendingEditsOf,
} from "../../articles/pending-edits.ts";
import { changeContent } from "../../content/unit-of-work.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow } from "../../db/schema.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { ForbiddenError, NotFoundError } from "../../shared/errors.ts";
import { loadArticleForReading } from "../workflow/article-access.ts";
import { compareTexts, type FieldDiff } from "./text-diff.ts";

/** A pending edit as an editor reviews it: against the text readers see now. */
export interface PendingEditReview {
  article: ArticleRow;
  edit: PendingEditListItem;
  /** From the text readers see now to the pending edit's. */
  fields: FieldDiff[];
  /** The article was saved again after the edit was begun: applying it replaces those changes too. */
  articleMovedOn: boolean;
  canDecide: boolean;
}

/**
 * Edits to live articles by people who may not change what readers see: shown to editors, who apply
 * them (a new revision, through the one write path) or discard them. Their author may withdraw one.
 */
export class PendingEditService {
  constructor(
    private readonly db: Db,
    private readonly events?: ContentEvents,
  ) {}

  /** The article's pending edits, for whoever may read it. */
  async list(actor: Actor, articleId: number): Promise<PendingEditListItem[]> {
    await loadArticleForReading(this.db, actor, articleId);
    const edits = await pendingEditsOf(this.db, articleId);
    return this.mayDecide(actor, edits[0]?.edition)
      ? edits
      : edits.filter((edit) => edit.savedByUserId === actor.id);
  }

  /** One pending edit against the article as readers see it, for an editor or its author. */
  async review(actor: Actor, articleId: number, pendingEditId: number): Promise<PendingEditReview> {
    const { article } = await loadArticleForReading(this.db, actor, articleId);
    const edit = await findPendingEdit(this.db, articleId, pendingEditId);
    if (!edit) throw new NotFoundError("pending edit", pendingEditId);
    const canDecide = this.mayDecide(actor, article.edition);
    if (!canDecide && edit.savedByUserId !== actor.id) {
      throw new ForbiddenError("Only editors and the edit's author may see an edit waiting for approval.", {
        action: "article.editLive",
        role: actor.role,
      });
    }
    return {
      article,
      edit,
      fields: compareTexts(article, edit),
      articleMovedOn: edit.baseRevisionId !== article.revisionId,
      canDecide,
    };
  }

  /**
   * Makes the pending edit the article's text: a new revision credited to its author, provided the
   * article is still at `expectedRevisionId` (what the editor reviewed), else EditConflictError.
   */
  async apply(
    actor: Actor,
    articleId: number,
    pendingEditId: number,
    expectedRevisionId: number,
    ip?: string | null,
  ): Promise<ArticleRow> {
    const { edit, article } = await this.review(actor, articleId, pendingEditId);
    assertCan(actor, "article.editLive", { edition: article.edition });
    return changeContent(this.db, this.events, async (trx) => {
      const applied = await new ArticleService(trx).updateArticle(
        articleId,
        {
          title: edit.title,
          slug: edit.slug,
          summary: edit.summary,
          body: JSON.parse(edit.body),
          expectedRevisionId,
        },
        edit.savedByUserId,
      );
      if (!(await deletePendingEdit(trx, edit.id))) throw new NotFoundError("pending edit", pendingEditId);
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "article.applyPendingEdit",
        subjectType: "article",
        subjectId: articleId,
        details: {
          title: applied.title,
          edition: applied.edition,
          revisionId: applied.revisionId,
          editBy: edit.savedBy,
        },
        ip: ip ?? null,
      });
      return applied;
    });
  }

  /** Drops the pending edit: an editor's refusal, or its author withdrawing it. */
  async discard(actor: Actor, articleId: number, pendingEditId: number, ip?: string | null): Promise<void> {
    const { edit } = await this.review(actor, articleId, pendingEditId);
    await this.db.transaction().execute(async (trx) => {
      if (!(await deletePendingEdit(trx, edit.id))) throw new NotFoundError("pending edit", pendingEditId);
      await recordAudit(trx, {
        actorUserId: actor.id,
        action:
          edit.savedByUserId === actor.id ? "article.withdrawPendingEdit" : "article.discardPendingEdit",
        subjectType: "article",
        subjectId: articleId,
        details: { title: edit.title, edition: edit.edition, editBy: edit.savedBy },
        ip: ip ?? null,
      });
    });
  }

  private mayDecide(actor: Actor, edition: string | undefined): boolean {
    return edition !== undefined && can(actor, "article.editLive", { edition });
  }
}
