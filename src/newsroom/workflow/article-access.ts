import { type Actor, assertCan, can, type PolicyTarget } from "../../accounts/authorization/policy.ts";
import { revisionSaverId } from "../../content/revision-savers.ts";
import { isVisibleAt } from "../../content/story-change.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow } from "../../db/schema.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { nowIso } from "../../shared/validate.ts";

/** An article with what the policy needs to judge it. */
export interface ArticleForPolicy {
  article: ArticleRow;
  /** The story's original edition: an article in another edition is a translation. */
  originalEdition: string;
  target: PolicyTarget;
}

/** What the policy needs to know of an article and its story (see PolicyTarget). */
export interface ArticleFacts {
  ownerUserId: number | null;
  originalEdition: string;
  /** The editions of the story's other articles. */
  otherEditions: readonly string[];
}

/** The policy's target for an article, as things stand at `now`. */
export function articleTarget(
  article: Pick<ArticleRow, "edition" | "status" | "publishedAt">,
  facts: ArticleFacts,
  now: string,
): PolicyTarget {
  return {
    edition: article.edition,
    status: article.status,
    ownerUserId: facts.ownerUserId,
    visible: isVisibleAt(article, now),
    translatedInto: article.edition === facts.originalEdition ? facts.otherEditions : [],
  };
}

/** Loads an article and its policy target, or a NotFoundError. */
export async function loadArticleForPolicy(
  db: Db,
  articleId: number,
  now = nowIso(),
): Promise<ArticleForPolicy> {
  const row = await db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .selectAll("articles")
    .select("stories.originalEdition")
    .where("articles.id", "=", articleId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("article", articleId);
  const { originalEdition, ...article } = row;
  const [ownerUserId, others] = await Promise.all([
    revisionSaverId(db, articleId, "first"),
    db
      .selectFrom("articles")
      .select("edition")
      .where("storyId", "=", article.storyId)
      .where("id", "!=", article.id)
      .execute(),
  ]);
  const facts = { ownerUserId, originalEdition, otherEditions: others.map((other) => other.edition) };
  return { article, originalEdition, target: articleTarget(article, facts, now) };
}

/**
 * Loads an article for a page that shows it (preview, revisions, workflow, translation), after
 * checking that `actor` may read it: a 403 naming the rule otherwise. Ids are not secret (they
 * count up, and the newsroom links by them), so an article out of reach is refused, not hidden.
 */
export async function loadArticleForReading(
  db: Db,
  actor: Actor,
  articleId: number,
): Promise<ArticleForPolicy> {
  const loaded = await loadArticleForPolicy(db, articleId);
  assertCan(actor, "article.read", loaded.target);
  return loaded;
}

/** The action that lets `actor` change the text of this article (translation, own draft, any). */
function editAction(actor: Actor, loaded: ArticleForPolicy) {
  if (can(actor, "article.editAny")) return "article.editAny" as const;
  if (actor.role === "translator" && loaded.article.edition !== loaded.originalEdition) {
    return "translation.edit" as const;
  }
  return "article.editOwnDraft" as const;
}

/** Whether `actor` may change the article's text (save, restore a revision). */
export function canEdit(actor: Actor, loaded: ArticleForPolicy): boolean {
  return can(actor, editAction(actor, loaded), loaded.target);
}

/** Throws the policy's 403 unless `actor` may change the article's text. */
export function assertCanEdit(actor: Actor, loaded: ArticleForPolicy): void {
  assertCan(actor, editAction(actor, loaded), loaded.target);
}
