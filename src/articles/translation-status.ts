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
 * the original's current text. Outdated is computed, never stored: it cannot drift.
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
  const unchanged = await unchangedRevisions(db, revisionPairs(story.originalEdition, articles));
  return translationStates(story.originalEdition, articles, editions, unchanged);
}

type VersionedArticle = Pick<ArticleRow, "id" | "edition" | "status" | "revisionId" | "basedOnRevisionId">;

/** Where a translation's base and its original's current revision differ: [base, current] ids. */
export function revisionPairs(
  originalEdition: string,
  articles: readonly VersionedArticle[],
): [number, number][] {
  const current = articles.find((a) => a.edition === originalEdition)?.revisionId ?? null;
  if (current === null) return [];
  return articles.flatMap((article) =>
    article.edition !== originalEdition &&
    article.basedOnRevisionId !== null &&
    article.basedOnRevisionId !== current
      ? [[article.basedOnRevisionId, current] as [number, number]]
      : [],
  );
}

type Text = { title: string; summary: string | null; body: string };

/** Whether two revisions say the same: what a translation translates is title, summary and body. */
export function sameText(a: Text, b: Text): boolean {
  return a.title === b.title && a.summary === b.summary && a.body === b.body;
}

/**
 * The pairs of revisions (`base:current`) whose title, summary and body are the same: an original
 * restored to the revision a translation was made from is, for the translation, unchanged.
 */
export async function unchangedRevisions(
  db: Db,
  pairs: readonly (readonly [number, number])[],
): Promise<Set<string>> {
  const unchanged = new Set<string>();
  if (pairs.length === 0) return unchanged;
  const rows = await db
    .selectFrom("articleRevisions")
    .select(["id", "title", "summary", "body"])
    .where("id", "in", [...new Set(pairs.flat())])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const [base, current] of pairs) {
    const a = byId.get(base);
    const b = byId.get(current);
    if (a && b && sameText(a, b)) unchanged.add(`${base}:${current}`);
  }
  return unchanged;
}

/**
 * translationStatus for a story whose articles are at hand (the translation desk reads many at
 * once); `unchanged` are the revision pairs unchangedRevisions found equal in content.
 */
export function translationStates(
  originalEdition: string,
  articles: readonly VersionedArticle[],
  editions: readonly string[],
  unchanged: ReadonlySet<string> = new Set(),
): EditionTranslation[] {
  const original = articles.find((a) => a.edition === originalEdition);
  return editions.map((edition) => {
    const article = articles.find((a) => a.edition === edition);
    if (!article) return { edition, state: "missing", articleId: null, status: null };
    const state: TranslationState =
      edition === originalEdition
        ? "original"
        : article.basedOnRevisionId === original?.revisionId ||
            unchanged.has(`${article.basedOnRevisionId}:${original?.revisionId}`)
          ? "up-to-date"
          : "outdated";
    return { edition, state, articleId: article.id, status: article.status };
  });
}
