import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import type { ParsedQuery } from "../../shared/text/query-parser.ts";
import type { Db } from "../database.ts";
import type { ArticleStatus, Database } from "../schema.ts";

/**
 * The seam between the search service and a database's full-text search: SQLite FTS5 with terms
 * stemmed here (src/db/sqlite/sqlite-search.ts), or PostgreSQL text search with the edition's
 * configuration (src/db/postgres/postgres-search.ts). Both implement this shape and pass one test suite.
 */
export interface SearchEngine {
  /**
   * Brings the reader index in line with these articles: those readers can see (published, or
   * scheduled with a publication time) are written with their current text, all others removed.
   */
  indexArticles(articleIds: readonly number[]): Promise<void>;
  /** Takes these articles out of the reader index. */
  removeArticles(articleIds: readonly number[]): Promise<void>;
  /** Ranked reader hits of one edition, with the number of matches (up to the candidate cap). */
  query(request: EngineQuery): Promise<EngineResult>;
  /** Every article, in every state and edition, whose title, summary or slug holds the words. */
  queryNewsroom(request: NewsroomEngineQuery): Promise<NewsroomEngineResult>;
  /** Empties and refills the reader index from the articles table; returns how many were indexed. */
  rebuild(onProgress?: (done: number, total: number) => void): Promise<number>;
  /** Bytes the reader index takes on disk (tables and indexes), for benchmarks and operators. */
  sizeInBytes(): Promise<number>;
}

/**
 * The reader queries of one app, for as long as it runs (SearchService holds one): where the
 * database allows, they run away from the event loop that answers pages. `close` ends what it started.
 */
export interface ReaderSearch {
  /** Reader queries worth running at once in one process (the bound SearchService applies). */
  readonly concurrency: number;
  /** The part of the time each of those may keep the database busy (see AdmissionLimits.share). */
  readonly share: number;
  query(request: EngineQuery): Promise<EngineResult>;
  close(): Promise<void>;
}

/** How a dialect makes its index tables and its engine; one property of the DialectAdapter. */
export interface SearchEngineFactory {
  /** Creates the index tables (migration 0003-search). */
  createSchema(db: Kysely<unknown>): Promise<void>;
  /**
   * The tables createSchema makes (with SQLite's FTS5 shadow tables): derived from the articles in
   * this dialect's own form, so copying a site rebuilds them rather than copying them.
   */
  readonly indexTables: readonly string[];
  /** The engine over a database or a transaction, reading articles to index through `articles`. */
  open(db: Db, articles: IndexableArticleSource): SearchEngine;
  /** Reader queries over a database (not a transaction), for an app's lifetime. */
  openReader(db: Db): ReaderSearch;
}

/** What the reader index holds of an article: its texts by weight, and what results are filtered on. */
export interface IndexableArticle {
  id: number;
  storyId: number;
  edition: string;
  publishedAt: string;
  title: string;
  summary: string;
  /** The story's tag names in the article's edition, its source and the author. */
  labels: string;
  body: string;
}

/** Statuses whose articles readers can see, now or at their publication time. */
export const INDEXED_STATUSES = ["published", "scheduled"] as const;

/**
 * Reads reader-visible articles, those among `ids` or the next `limit` after id `afterId` (for a
 * rebuild), with the texts an index needs. The search feature provides it: it knows how a stored body
 * reads as text, which this layer does not.
 */
export type IndexableArticleSource = (
  db: Db,
  selection: { ids: readonly number[] } | { afterId: number; limit: number },
) => Promise<IndexableArticle[]>;

export interface EngineQuery {
  edition: string;
  query: ParsedQuery;
  /** Only articles under this tag or a tag below it (a region and its countries). */
  tagId?: number | undefined;
  /** Published at or after this instant (ISO). */
  from?: string | undefined;
  /** Published before this instant (ISO). */
  to?: string | undefined;
  /** Readers see nothing published after this instant (scheduled articles wait for it). */
  now: string;
  offset: number;
  limit: number;
  /**
   * At most this many matches are ranked: the newest ones. A word found in half the archive is then
   * as fast as a rare one, and a news search favours recent stories anyway.
   */
  candidateCap: number;
}

export interface EngineHit {
  articleId: number;
  /** Higher is more relevant; comparable only within one result. */
  score: number;
}

export interface EngineResult {
  hits: EngineHit[];
  /** Matches found, counted up to the candidate cap. */
  total: number;
  /** True when there were more matches than the cap: `total` is then a lower bound. */
  more: boolean;
}

export interface NewsroomEngineQuery {
  query: ParsedQuery;
  editions?: readonly string[] | undefined;
  statuses?: readonly ArticleStatus[] | undefined;
  /** Only articles meeting this condition on `articles` (those the newsroom user may read). */
  only?: ((eb: ExpressionBuilder<Database, "articles">) => Expression<SqlBool>) | undefined;
  offset: number;
  limit: number;
}

export interface NewsroomEngineResult {
  /** Article ids, most recently updated first. */
  articleIds: number[];
  /** True when another page follows. */
  more: boolean;
}
