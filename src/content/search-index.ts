import type { Db } from "../db/database.ts";
import { dialectAdapterOf } from "../db/dialect-of.ts";
import type { ReaderSearch, SearchEngine } from "../db/search/search-engine.ts";
import { refreshArticleTerms } from "./article-terms.ts";
import { loadIndexableArticles } from "./indexable-articles.ts";

/**
 * Keeps the reader search index in step with the content. Called in the same transaction as the
 * archive listings (after a publish, edit, unpublish or tag change), so an unpublished article is
 * out of the results the moment the change commits.
 */

/** The search engine of the database `db` belongs to (works on transactions too). */
export function searchEngineOf(db: Db): SearchEngine {
  return dialectAdapterOf(db).search.open(db, loadIndexableArticles);
}

/** The reader queries of an app over `db`, off the event loop where the database allows; close them. */
export function openReaderSearch(db: Db): ReaderSearch {
  return dialectAdapterOf(db).search.openReader(db);
}

/**
 * Re-indexes every article of the stories: visible ones with their current text, the others removed;
 * and likewise the terms "more on this" compares stories by. All the stories at once: a unit that
 * changed many (an import batch) reads and writes their rows in a few statements.
 */
export async function refreshStorySearch(db: Db, storyIds: readonly number[]): Promise<void> {
  if (storyIds.length === 0) return;
  const articles = await db.selectFrom("articles").select("id").where("storyId", "in", storyIds).execute();
  const ids = articles.map((article) => article.id);
  await searchEngineOf(db).indexArticles(ids);
  await refreshArticleTerms(db, ids);
}

/** Rebuilds the whole reader index (after bulk loads, or with `tribune reindex`). */
export async function rebuildSearchIndex(
  db: Db,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  return searchEngineOf(db).rebuild(onProgress);
}
