import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { type Actor, ruleFor } from "./policy.ts";

/** A condition on the `articles` table of a query, for its `where`. */
export type ArticleCondition = (eb: ExpressionBuilder<Database, "articles">) => Expression<SqlBool>;

/**
 * The articles `actor` may read at `now`, as a condition on `articles`: the "article.read" rule of
 * the policy said in SQL, so that lists (dashboard, search, desk, review queue, media usage) show
 * only what the pages behind them would open. readable-articles.test.ts holds the two together.
 */
export function readableArticles(actor: Actor, now: string): ArticleCondition {
  const rule = ruleFor("article.read", actor.role);
  switch (rule) {
    case "allow":
      return () => sql<SqlBool>`1 = 1`;
    case "ownOrVisible":
      return (eb) => eb.or([visibleAt(eb, now), ownedBy(eb, actor.id)]);
    case "editionOrVisible":
      return (eb) =>
        actor.editions.length === 0
          ? visibleAt(eb, now)
          : eb.or([
              visibleAt(eb, now),
              eb("articles.edition", "in", actor.editions),
              originalTranslatedInto(eb, actor.editions),
            ]);
    default:
      // A rule the matrix may give "article.read" one day, and this file has not learnt yet.
      throw new Error(`readableArticles does not know the rule "${rule}"`);
  }
}

/** What readers see now: published, or scheduled and its time has come (as isVisibleAt says). */
function visibleAt(eb: ExpressionBuilder<Database, "articles">, now: string): Expression<SqlBool> {
  return eb.and([
    eb("articles.status", "in", ["published", "scheduled"]),
    eb("articles.publishedAt", "is not", null),
    eb("articles.publishedAt", "<=", now),
  ]);
}

/** Whose first revision `userId` saved: the article's owner (see revisionSaverId). */
export function ownedBy(eb: ExpressionBuilder<Database, "articles">, userId: number): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom("articleRevisions as first")
      .select("first.id")
      .whereRef("first.articleId", "=", "articles.id")
      .where("first.number", "=", 1)
      .where("first.savedByUserId", "=", userId),
  );
}

/** The story's original, when the story has an article in one of `editions`. */
function originalTranslatedInto(
  eb: ExpressionBuilder<Database, "articles">,
  editions: readonly string[],
): Expression<SqlBool> {
  return eb.and([
    eb.exists(
      eb
        .selectFrom("stories as story")
        .select("story.id")
        .whereRef("story.id", "=", "articles.storyId")
        .whereRef("story.originalEdition", "=", "articles.edition"),
    ),
    eb.exists(
      eb
        .selectFrom("articles as sibling")
        .select("sibling.id")
        .whereRef("sibling.storyId", "=", "articles.storyId")
        .where("sibling.edition", "in", editions),
    ),
  ]);
}
