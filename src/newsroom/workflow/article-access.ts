import type { Db } from "../../db/database.ts";
import type { ArticleRow } from "../../db/schema.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { type Actor, assertCan, can, type PolicyTarget } from "../authorization/policy.ts";

/**
 * Who owns an article: the newsroom user who saved its first revision (who wrote it). Null for
 * articles made by the seed or the command line.
 */
export async function articleOwnerId(db: Db, articleId: number): Promise<number | null> {
  const first = await db
    .selectFrom("articleRevisions")
    .select("savedByUserId")
    .where("articleId", "=", articleId)
    .orderBy("number", "asc")
    .limit(1)
    .executeTakeFirst();
  return first?.savedByUserId ?? null;
}

/** An article with what the policy needs to judge it. */
export interface ArticleForPolicy {
  article: ArticleRow;
  /** The story's original edition: an article in another edition is a translation. */
  originalEdition: string;
  target: PolicyTarget;
}

/** Loads an article and its policy target, or a NotFoundError. */
export async function loadArticleForPolicy(db: Db, articleId: number): Promise<ArticleForPolicy> {
  const row = await db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .selectAll("articles")
    .select("stories.originalEdition")
    .where("articles.id", "=", articleId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("article", articleId);
  const { originalEdition, ...article } = row;
  return {
    article,
    originalEdition,
    target: {
      edition: article.edition,
      status: article.status,
      ownerUserId: await articleOwnerId(db, articleId),
    },
  };
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
