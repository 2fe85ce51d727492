import type { Db } from "../db/database.ts";
import type { ArticleRow, ArticleStatus } from "../db/schema.ts";

export type TranslationState = "original" | "up-to-date" | "outdated" | "missing";

export interface EditionTranslation {
  edition: string;
  state: TranslationState;
  articleId: number | null;
  status: ArticleStatus | null;
}

/**
 * For each edition, whether the story has its article and whether a translation still matches
 * the original's current revision. Outdated is computed, never stored: it cannot drift.
 */
export async function translationStatus(
  db: Db,
  storyId: number,
  editions: readonly string[],
): Promise<EditionTranslation[]> {
  const story = await db
    .selectFrom("stories")
    .select("originalEdition")
    .where("id", "=", storyId)
    .executeTakeFirstOrThrow();
  const articles = await db
    .selectFrom("articles")
    .select(["id", "edition", "status", "revisionId", "basedOnRevisionId"])
    .where("storyId", "=", storyId)
    .execute();
  return translationStates(story.originalEdition, articles, editions);
}

/** translationStatus for a story whose articles are at hand (the translation desk reads many at once). */
export function translationStates(
  originalEdition: string,
  articles: readonly Pick<ArticleRow, "id" | "edition" | "status" | "revisionId" | "basedOnRevisionId">[],
  editions: readonly string[],
): EditionTranslation[] {
  const original = articles.find((a) => a.edition === originalEdition);
  return editions.map((edition) => {
    const article = articles.find((a) => a.edition === edition);
    if (!article) return { edition, state: "missing", articleId: null, status: null };
    const state: TranslationState =
      edition === originalEdition
        ? "original"
        : article.basedOnRevisionId === original?.revisionId
          ? "up-to-date"
          : "outdated";
    return { edition, state, articleId: article.id, status: article.status };
  });
}
