import type { Db } from "../db/database.ts";
import { preparedQuery } from "../db/prepared-query.ts";
import { INDEXED_STATUSES } from "../db/search/search-engine.ts";
import { storedBodyText } from "../shared/body/body-text.ts";
import { addTerms, stopWordsFor, type TermCounts } from "../shared/text/text-terms.ts";

/** Title words count three times, summary words twice; the body is cut after this many characters. */
const TITLE_WEIGHT = 3;
const SUMMARY_WEIGHT = 2;
const BODY_CHARACTERS = 2500;
/**
 * Terms kept per article. The heaviest carry nearly all of a story's similarity to another; keeping
 * them all would triple the table for changes in the fourth decimal of a score.
 */
const TERMS_KEPT = 24;
const REBUILD_BATCH = 500;

/** What an article's terms are made of. */
interface ArticleText {
  edition: string;
  title: string;
  summary: string | null;
  /** The body document as stored (JSON text). */
  body: string;
}

/** An article's weighted terms: title, summary and the start of the body, in its edition's language. */
function termsOfArticle(article: ArticleText): TermCounts {
  const stopWords = stopWordsFor(article.edition);
  const counts: TermCounts = new Map();
  addTerms(counts, article.title, TITLE_WEIGHT, stopWords);
  if (article.summary) addTerms(counts, article.summary, SUMMARY_WEIGHT, stopWords);
  addTerms(counts, storedBodyText(article.body).slice(0, BODY_CHARACTERS), 1, stopWords);
  return counts;
}

/**
 * The heaviest TERMS_KEPT terms as stored: "term weight" pairs separated by spaces (terms are folded
 * letters and digits, never spaces), heaviest first, ties alphabetical so the same text always
 * stores the same string.
 */
function serializeTerms(counts: TermCounts): string {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, TERMS_KEPT)
    .map(([term, weight]) => `${term} ${weight}`)
    .join(" ");
}

function parseTerms(stored: string): TermCounts {
  const counts: TermCounts = new Map();
  const parts = stored.split(" ");
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const weight = Number(parts[i + 1]);
    if (weight > 0) counts.set(parts[i] as string, weight);
  }
  return counts;
}

const storedTermsQuery = preparedQuery((db: Db, articleIds: readonly number[]) =>
  db.selectFrom("articleTerms").selectAll().where("articleId", "in", articleIds),
);

/** An article's terms and its story's tags, as "more on this" compares them. */
export interface ComparableArticle {
  articleId: number;
  storyId: number;
  terms: TermCounts;
  tagIds: number[];
}

interface TextRow extends ArticleText {
  id: number;
  storyId: number;
}

const TEXT_COLUMNS = ["id", "storyId", "edition", "title", "summary", "body"] as const;

/**
 * The terms and tags of the given articles: those stored, and for articles without (drafts,
 * articles still to come, rows written around the services) computed from their text the same way.
 * Unknown ids are left out.
 */
export async function comparableArticles(
  db: Db,
  articleIds: readonly number[],
): Promise<Map<number, ComparableArticle>> {
  const found = new Map<number, ComparableArticle>();
  if (articleIds.length === 0) return found;
  const stored = await storedTermsQuery(db, articleIds);
  const missing = articleIds.filter((id) => !stored.some((row) => row.articleId === id));
  const computed =
    missing.length === 0
      ? []
      : await termRows(
          db,
          await db.selectFrom("articles").select(TEXT_COLUMNS).where("id", "in", missing).execute(),
        );
  for (const row of [...stored, ...computed]) {
    found.set(row.articleId, {
      articleId: row.articleId,
      storyId: row.storyId,
      terms: parseTerms(row.terms),
      tagIds: row.tagIds === "" ? [] : row.tagIds.split(" ").map(Number),
    });
  }
  return found;
}

/**
 * Stores the terms, and the story's tags, of those of `articleIds` readers can see (now or when
 * scheduled) and forgets the others': "more on this" reads its candidates from here, in one indexed
 * lookup, instead of tokenizing their bodies on every render. Runs with the search index, in the
 * same transaction as the change (an edit, a publication, new tags).
 */
export async function refreshArticleTerms(db: Db, articleIds: readonly number[]): Promise<void> {
  if (articleIds.length === 0) return;
  await db.deleteFrom("articleTerms").where("articleId", "in", articleIds).execute();
  await storeTerms(db, await visibleTexts(db).where("id", "in", articleIds).execute());
}

/** Recomputes every article's terms (after a bulk load, with `tribune reindex`, in a migration). */
export async function rebuildArticleTerms(
  db: Db,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  await db.deleteFrom("articleTerms").execute();
  const counted = await visibleArticles(db)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const total = Number(counted.n);
  let done = 0;
  let afterId = 0;
  for (;;) {
    const rows = await visibleTexts(db)
      .where("id", ">", afterId)
      .orderBy("id")
      .limit(REBUILD_BATCH)
      .execute();
    const last = rows.at(-1);
    if (!last) break;
    await storeTerms(db, rows);
    afterId = last.id;
    done += rows.length;
    onProgress?.(done, total);
  }
  return done;
}

/** The articles readers can see, now or when their time comes: those that have terms. */
function visibleArticles(db: Db) {
  return db
    .selectFrom("articles")
    .where("status", "in", INDEXED_STATUSES)
    .where("publishedAt", "is not", null);
}

function visibleTexts(db: Db) {
  return visibleArticles(db).select(TEXT_COLUMNS);
}

async function storeTerms(db: Db, rows: TextRow[]): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto("articleTerms")
      .values(await termRows(db, rows))
      .execute();
}

/** The article_terms rows of these articles: their terms, and their stories' tags in one query. */
async function termRows(db: Db, rows: TextRow[]) {
  if (rows.length === 0) return [];
  const tags = await db
    .selectFrom("storyTags")
    .select(["storyId", "tagId"])
    .where("storyId", "in", [...new Set(rows.map((row) => row.storyId))])
    .orderBy("storyId")
    .orderBy("tagId")
    .execute();
  const tagsOf = new Map<number, number[]>();
  for (const { storyId, tagId } of tags) tagsOf.set(storyId, [...(tagsOf.get(storyId) ?? []), tagId]);
  return rows.map((row) => ({
    articleId: row.id,
    storyId: row.storyId,
    terms: serializeTerms(termsOfArticle(row)),
    tagIds: (tagsOf.get(row.storyId) ?? []).join(" "),
  }));
}
