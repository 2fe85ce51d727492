import { recordAudit } from "../../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../../accounts/authorization/policy.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { sameText } from "../../articles/translation-status.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow, RevisionRow } from "../../db/schema.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { compareTexts, type FieldDiff } from "../revisions/text-diff.ts";
import { loadArticleForReading } from "../workflow/article-access.ts";

/** What changed in the original since a translation was made from it (or last marked updated). */
export interface ChangesSince {
  /** The original's revision the translation follows, or null when it is no longer there. */
  basedOn: Pick<RevisionRow, "id" | "number" | "createdAt"> | null;
  current: Pick<RevisionRow, "id" | "number" | "createdAt">;
  fields: FieldDiff[];
}

/** A translation with its story's original article. */
export interface TranslationPair {
  translation: ArticleRow;
  original: ArticleRow;
}

/** Starting translations from their original, and keeping them in step with it. */
export class TranslationService {
  private readonly articles: ArticleService;

  constructor(private readonly db: Db) {
    this.articles = new ArticleService(db);
  }

  /**
   * Starts the `edition` translation of a story as a draft holding the original's current text, to
   * be translated in place; it records the original's revision it was made from.
   */
  async start(actor: Actor, storyId: number, edition: string): Promise<ArticleRow> {
    assertCan(actor, "translation.create", { edition });
    const story = await this.db
      .selectFrom("stories")
      .select("originalEdition")
      .where("id", "=", storyId)
      .executeTakeFirst();
    if (!story) throw new NotFoundError("story", storyId);
    if (story.originalEdition === edition) {
      throw new ValidationError("edition", `"${edition}" is the story's original edition, not a translation`);
    }
    const original = await this.articles.findByStoryAndEdition(storyId, story.originalEdition);
    if (!original) {
      throw new ValidationError(
        "storyId",
        `the story has no "${story.originalEdition}" original to translate yet`,
      );
    }
    // The translation starts as a copy of the original: only for those who may read it. A story
    // not yet published reaches translators when an editor starts its translation for them.
    await loadArticleForReading(this.db, actor, original.id);
    return this.articles.createArticle({
      storyId,
      edition,
      title: original.title,
      summary: original.summary,
      body: original.body,
      authorId: original.authorId,
      savedByUserId: actor.id,
    });
  }

  /**
   * The translation and its original, for those who may read both; a NotFoundError when the
   * article is not a translation.
   */
  async pair(actor: Actor, articleId: number): Promise<TranslationPair> {
    const { article: translation } = await loadArticleForReading(this.db, actor, articleId);
    const original = await this.articles.originalOf(translation);
    if (!original) throw new NotFoundError("translation", articleId);
    await loadArticleForReading(this.db, actor, original.id);
    return { translation, original };
  }

  /**
   * The original's changes since the revision the translation follows, word by word; null when the
   * translation is up to date.
   */
  async changesSince(pair: TranslationPair): Promise<ChangesSince | null> {
    const { translation, original } = pair;
    if (original.revisionId === null || translation.basedOnRevisionId === original.revisionId) return null;
    const ids = [
      original.revisionId,
      ...(translation.basedOnRevisionId ? [translation.basedOnRevisionId] : []),
    ];
    const revisions = await this.db
      .selectFrom("articleRevisions")
      .selectAll()
      .where("id", "in", ids)
      .where("articleId", "=", original.id)
      .execute();
    const current = revisions.find((revision) => revision.id === original.revisionId);
    if (!current) return null;
    const basedOn = revisions.find((revision) => revision.id === translation.basedOnRevisionId) ?? null;
    // Restored to the text the translation was made from: nothing to translate (the desk agrees).
    if (basedOn && sameText(basedOn, current)) return null;
    // Without the old revision, everything in the original counts as new.
    const before = basedOn ?? { title: "", summary: null, body: '{"type":"doc","content":[]}' };
    return {
      basedOn: basedOn && { id: basedOn.id, number: basedOn.number, createdAt: basedOn.createdAt },
      current: { id: current.id, number: current.number, createdAt: current.createdAt },
      fields: compareTexts(before, current),
    };
  }

  /** The translator confirms the translation now reflects the original's current text. */
  async markUpdated(actor: Actor, articleId: number, ip?: string | null): Promise<ArticleRow> {
    const { translation, original } = await this.pair(actor, articleId);
    assertCan(actor, "translation.markUpdated", { edition: translation.edition });
    return this.db.transaction().execute(async (trx) => {
      const updated = await new ArticleService(trx).markTranslationUpdated(articleId);
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "translation.markUpdated",
        subjectType: "article",
        subjectId: articleId,
        details: { edition: translation.edition, originalRevisionId: original.revisionId },
        ip: ip ?? null,
      });
      return updated;
    });
  }
}
