import { type CompiledQuery, type Kysely, type RawBuilder, sql } from "kysely";
import { foldText } from "../../shared/text/fold.ts";
import type { ParsedQuery } from "../../shared/text/query-parser.ts";
import { analyzerFor } from "../../shared/text/text-analysis.ts";
import type { Db } from "../database.ts";
import { escapeLike, queryNewsroomArticles } from "../search/newsroom-search.ts";
import type {
  EngineQuery,
  EngineResult,
  IndexableArticle,
  IndexableArticleSource,
  NewsroomEngineQuery,
  NewsroomEngineResult,
  ReaderSearch,
  SearchEngine,
  SearchEngineFactory,
} from "../search/search-engine.ts";
import { inTransaction } from "../transaction.ts";
import { SqliteReaderThread } from "./sqlite-reader-thread.ts";

/**
 * SQLite: an FTS5 table of terms stemmed and folded in JavaScript (text-analysis.ts), each prefixed
 * with its edition (`pt_retir`) so every edition has doclists of its own. The table is contentless:
 * snippets are made from the articles' own text. Its rowid orders documents by publication time
 * (seconds × 2³⁰ + article id), so "the newest matches" is a walk down the doclists that stops early,
 * and date filters are rowid ranges. search_documents maps rowids back to articles.
 */
export const sqliteSearch: SearchEngineFactory = {
  async createSchema(db: Kysely<unknown>) {
    await sql`create table search_documents (
      doc_id integer primary key,
      article_id integer not null unique references articles(id) on delete cascade,
      edition text not null,
      published_at text not null
    )`.execute(db);
    await sql`create virtual table search_fts using fts5(
      title, summary, labels, body,
      content = '', contentless_delete = 1,
      tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
    )`.execute(db);
  },
  indexTables: [
    "search_documents",
    "search_fts",
    "search_fts_config",
    "search_fts_data",
    "search_fts_docsize",
    "search_fts_idx",
  ],
  open: (db, articles) => new SqliteSearchEngine(db, articles),
  openReader: (db) => new SqliteReaderSearch(db),
};

/** Column weights for bm25: a word in the title counts ten times one in the body. */
const BM25 = sql`bm25(search_fts, 10.0, 4.0, 2.5, 1.0)`;
const WRITE_BATCH = 400;
const REBUILD_BATCH = 2_000;

/** The rowid of an article published at `iso` (an SQL expression over bound values). */
function docId(iso: string, articleId: number): RawBuilder<number> {
  // better-sqlite3 binds numbers as REAL; the cast keeps the sum an exact 64-bit integer.
  return sql<number>`(unixepoch(${iso}) * 1073741824 + cast(${articleId} as integer))`;
}

class SqliteSearchEngine implements SearchEngine {
  constructor(
    private readonly db: Db,
    private readonly loadIndexableArticles: IndexableArticleSource,
  ) {}

  async indexArticles(articleIds: readonly number[]): Promise<void> {
    for (let i = 0; i < articleIds.length; i += WRITE_BATCH) {
      const ids = articleIds.slice(i, i + WRITE_BATCH);
      await inTransaction(this.db, async (db) => {
        await removeFrom(db, ids);
        await write(db, await this.loadIndexableArticles(db, { ids }));
      });
    }
  }

  async removeArticles(articleIds: readonly number[]): Promise<void> {
    for (let i = 0; i < articleIds.length; i += WRITE_BATCH) {
      await inTransaction(this.db, (db) => removeFrom(db, articleIds.slice(i, i + WRITE_BATCH)));
    }
  }

  async query(request: EngineQuery): Promise<EngineResult> {
    const query = readerQuery(this.db, request);
    if (query === null) return noHits();
    return rankCandidates((await this.db.executeQuery<Candidate>(query)).rows, request);
  }

  queryNewsroom(request: NewsroomEngineQuery): Promise<NewsroomEngineResult> {
    // LIKE folds ASCII case only; slugs are folded spellings of titles, so `ira` finds `Irã` there.
    return queryNewsroomArticles(
      this.db,
      request,
      (pattern, word) =>
        sql<boolean>`(articles.title like ${pattern} escape '\\' or articles.summary like ${pattern} escape '\\'
          or articles.slug like ${`%${escapeLike(foldText(word))}%`} escape '\\')`,
    );
  }

  async rebuild(onProgress?: (done: number, total: number) => void): Promise<number> {
    // One transaction: readers keep the old index until the new one is complete.
    return inTransaction(this.db, async (db) => {
      const { total } = await db
        .selectFrom("articles")
        .select((eb) => eb.fn.countAll<number>().as("total"))
        .where("status", "in", ["published", "scheduled"])
        .where("publishedAt", "is not", null)
        .executeTakeFirstOrThrow();
      await sql`insert into search_fts(search_fts) values ('delete-all')`.execute(db);
      await sql`delete from search_documents`.execute(db);
      let done = 0;
      let afterId = 0;
      onProgress?.(0, Number(total));
      for (;;) {
        const batch = await this.loadIndexableArticles(db, { afterId, limit: REBUILD_BATCH });
        if (batch.length === 0) break;
        await write(db, batch);
        afterId = batch[batch.length - 1]?.id ?? afterId;
        done += batch.length;
        onProgress?.(done, Number(total));
      }
      // Merges the index's segments into one b-tree: smaller, and faster to query.
      await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
      return done;
    });
  }

  async sizeInBytes(): Promise<number> {
    const { rows } = await sql<{ bytes: number }>`
      select coalesce(sum(pgsize), 0) as bytes from dbstat
      where name like 'search_fts%' or name = 'search_documents'
         or name in (select name from sqlite_schema where tbl_name = 'search_documents' and type = 'index')`.execute(
      this.db,
    );
    return Number(rows[0]?.bytes ?? 0);
  }
}

const noHits = (): EngineResult => ({ hits: [], total: 0, more: false });

/** A match of a reader query: `id` and `score` read the same through Kysely and in the thread. */
interface Candidate {
  id: number;
  score: number;
}

/**
 * The statement of a reader query (the newest `candidateCap + 1` matches with their bm25 score), or
 * null when nothing is left to look for.
 */
function readerQuery(db: Db, request: EngineQuery): CompiledQuery<Candidate> | null {
  const match = matchExpression(request.edition, request.query);
  if (match === null) return null;
  const upper = request.to && request.to < request.now ? request.to : request.now;
  const filters = [
    sql`search_fts match ${match}`,
    // The rowid bounds let FTS5 skip whole doclist pages; the exact times are checked after the join.
    sql`search_fts.rowid < (unixepoch(${upper}) + 1) * 1073741824`,
    sql`d.edition = ${request.edition}`,
    sql`d.published_at <= ${request.now}`,
  ];
  if (request.to) filters.push(sql`d.published_at < ${request.to}`);
  if (request.from) {
    filters.push(sql`search_fts.rowid >= unixepoch(${request.from}) * 1073741824`);
    filters.push(sql`d.published_at >= ${request.from}`);
  }
  if (request.tagId !== undefined) {
    // tag_listings already lists each visible article under every tag above its own.
    filters.push(sql`exists (select 1 from tag_listings t
      where t.tag_id = ${request.tagId} and t.edition = d.edition
        and t.published_at = d.published_at and t.article_id = d.article_id)`);
  }
  return sql<Candidate>`
    select d.article_id as id, ${BM25} as score
    from search_fts join search_documents d on d.doc_id = search_fts.rowid
    where ${sql.join(filters, sql` and `)}
    order by search_fts.rowid desc
    limit ${request.candidateCap + 1}`.compile(db);
}

/** The page of hits asked for, best first, from candidates that came newest first. */
function rankCandidates(rows: readonly Candidate[], request: EngineQuery): EngineResult {
  const more = rows.length > request.candidateCap;
  const candidates = rows.slice(0, request.candidateCap);
  // bm25 is lower for better matches. The sort is stable: equal scores stay newest first.
  candidates.sort((a, b) => a.score - b.score);
  return {
    hits: candidates
      .slice(request.offset, request.offset + request.limit)
      .map((row) => ({ articleId: row.id, score: -row.score })),
    total: candidates.length,
    more,
  };
}

/**
 * Reader queries of one app. On a database file they run in a thread of their own at a low
 * priority (sqlite-reader-thread.ts), on their own read-only connection: a search then neither
 * blocks the event loop that answers cached pages nor takes much CPU from it, and reads what was
 * committed, as the app's connection does. An in-memory database (tests) has no file another
 * connection could open: its queries run here.
 */
class SqliteReaderSearch implements ReaderSearch {
  /** One query in the thread while the hits of another are described in the event loop. */
  readonly concurrency = 2;
  /** Back to back: the thread's low priority already leaves the CPU to pages. */
  readonly share = 1;
  #thread: Promise<SqliteReaderThread | null> | undefined;

  constructor(private readonly db: Db) {}

  async query(request: EngineQuery): Promise<EngineResult> {
    const query = readerQuery(this.db, request);
    if (query === null) return noHits();
    this.#thread ??= this.#threadForFile();
    const thread = await this.#thread;
    const rows = thread ? await thread.all<Candidate>(query) : (await this.db.executeQuery(query)).rows;
    return rankCandidates(rows, request);
  }

  async close(): Promise<void> {
    const thread = await this.#thread;
    await thread?.close();
  }

  async #threadForFile(): Promise<SqliteReaderThread | null> {
    // '' for an in-memory or temporary database.
    const { rows } = await sql<{ file: string }>`
      select file from pragma_database_list where name = 'main'`.execute(this.db);
    const file = rows[0]?.file;
    return file ? new SqliteReaderThread(file) : null;
  }
}

async function removeFrom(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const list = sql.join(ids.map((id) => sql`${id}`));
  await sql`delete from search_fts where rowid in (select doc_id from search_documents where article_id in (${list}))`.execute(
    db,
  );
  await sql`delete from search_documents where article_id in (${list})`.execute(db);
}

async function write(db: Db, articles: readonly IndexableArticle[]): Promise<void> {
  for (let i = 0; i < articles.length; i += WRITE_BATCH) {
    const batch = articles.slice(i, i + WRITE_BATCH);
    if (batch.length === 0) continue;
    await sql`insert into search_documents (doc_id, article_id, edition, published_at) values ${sql.join(
      batch.map((a) => sql`(${docId(a.publishedAt, a.id)}, ${a.id}, ${a.edition}, ${a.publishedAt})`),
    )}`.execute(db);
    await sql`insert into search_fts (rowid, title, summary, labels, body) values ${sql.join(
      batch.map((a) => {
        const terms = (text: string) => indexTerms(a.edition, text);
        return sql`(${docId(a.publishedAt, a.id)}, ${terms(a.title)}, ${terms(a.summary)}, ${terms(a.labels)}, ${terms(a.body)})`;
      }),
    )}`.execute(db);
  }
}

/** The edition's prefix on every term: `pt_` (edition codes are letters, checked by the config). */
function prefixOf(edition: string): string {
  return `${edition.toLowerCase().replace(/[^a-z0-9]/g, "")}_`;
}

function indexTerms(edition: string, text: string): string {
  if (text === "") return "";
  const prefix = prefixOf(edition);
  return analyzerFor(edition)
    .terms(text)
    .map((term) => prefix + term)
    .join(" ");
}

/**
 * The MATCH expression of a parsed query, or null when nothing is left to look for (only stop words).
 * Every term is a quoted string of letters, digits and the prefix's underscore: no user input is
 * interpreted by FTS5's query syntax.
 */
export function matchExpression(edition: string, query: ParsedQuery): string | null {
  const analyzer = analyzerFor(edition);
  const prefix = prefixOf(edition);
  const phrase = (words: readonly string[]): string | null => {
    const terms = words.map((word) => analyzer.term(word)).filter((term) => term !== null);
    return terms.length === 0 ? null : `"${terms.map((term) => prefix + term).join(" ")}"`;
  };
  const positive = [...query.terms.map((term) => [term]), ...query.phrases]
    .map(phrase)
    .filter((part) => part !== null);
  if (positive.length === 0) return null;
  const negative = query.excluded.map(phrase).filter((part) => part !== null);
  const required = positive.join(" AND ");
  return negative.length === 0 ? required : `(${required}) NOT (${negative.join(" OR ")})`;
}
