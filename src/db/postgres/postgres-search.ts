import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import type { ParsedQuery } from "../../shared/text/query-parser.ts";
import type { Db } from "../database.ts";
import { queryNewsroomArticles } from "../search/newsroom-search.ts";
import {
  type EngineQuery,
  type EngineResult,
  INDEXED_STATUSES,
  type NewsroomEngineQuery,
  type NewsroomEngineResult,
  type SearchEngine,
  type SearchEngineFactory,
} from "../search/search-engine.ts";
import { inTransaction } from "../transaction.ts";
import { phrasePairsOf } from "./word-pairs.ts";

/**
 * PostgreSQL: one row per reader-visible article with a weighted tsvector (title A, summary B, tags,
 * source and author C, body D) made by the edition's text search configuration after unaccent, and a
 * GIN index over it. Queries are built from the parsed words with plainto_tsquery/phraseto_tsquery,
 * which take plain text: no user input reaches the tsquery parser's operators.
 */
export const postgresSearch: SearchEngineFactory = {
  async createSchema(db: Kysely<unknown>) {
    // unaccent lives in one fixed schema: an extension created inside a test's own schema would be
    // dropped with it. Creating an extension needs a superuser (or the database's owner on PG 13+).
    const { rows } = await sql<{ schema: string }>`
      select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where e.extname = 'unaccent'`.execute(db);
    let schema = rows[0]?.schema;
    if (!schema) {
      await sql`create extension if not exists unaccent with schema public`.execute(db);
      schema = "public";
    }
    // unaccent() is only STABLE (it looks its dictionary up by name); this wrapper names the
    // dictionary's schema, so it is safe to call from indexes and generated values.
    await sql`create or replace function search_unaccent(text) returns text
      language sql immutable strict parallel safe
      as ${sql.lit(`select ${quoteIdent(schema)}.unaccent('${quoteIdent(schema)}.unaccent'::regdictionary, $1)`)}`.execute(
      db,
    );
    await sql`create table search_documents (
      article_id integer primary key references articles(id) on delete cascade,
      edition text not null,
      published_at text not null,
      document tsvector not null
    )`.execute(db);
    await sql`create index search_documents_document_idx on search_documents using gin (document)`.execute(
      db,
    );
    await sql`create index search_documents_recent_idx
      on search_documents (edition, published_at, article_id)`.execute(db);
  },
  indexTables: ["search_documents"],
  open: (db) => new PostgresSearchEngine(db),
  // The query runs in the server: the event loop only waits for its answer. A search costs the
  // server 5-60 ms of a core at 100,000 stories, at a priority nobody here can lower (SQLite's
  // thread runs at nice 10): so one at a time per process, and the connection busy with searches
  // half the time at most. On a machine it shares with Tribune, a flood of searches then takes half
  // a core per worker at most from the pages.
  openReader: (db) => {
    const engine = new PostgresSearchEngine(db);
    return { concurrency: 1, share: 0.5, query: (request) => engine.query(request), close: async () => {} };
  },
};

/** Text search configuration per edition language; any other language is only folded. */
const CONFIGS: Readonly<Record<string, string>> = { en: "english", pt: "portuguese", es: "spanish" };
const REBUILD_BATCH = 5_000;
/**
 * A search looks first among the edition's newest WINDOW × candidateCap articles: a word in one
 * article in WINDOW of them fills the candidates there.
 */
const WINDOW = 16;

function configOf(edition: string): RawBuilder<unknown> {
  return sql`${CONFIGS[edition] ?? "simple"}::regconfig`;
}

/** The configuration of a row's edition, as an SQL expression over `articles.edition`. */
const ROW_CONFIG = sql.raw(
  `(case articles.edition ${Object.entries(CONFIGS)
    .map(([code, config]) => `when '${code}' then '${config}'::regconfig`)
    .join(" ")} else 'simple'::regconfig end)`,
);

class PostgresSearchEngine implements SearchEngine {
  readonly #windows = new WindowStarts();

  constructor(private readonly db: Db) {}

  async indexArticles(articleIds: readonly number[]): Promise<void> {
    if (articleIds.length === 0) return;
    await inTransaction(this.db, async (db) => {
      await this.removeWith(db, articleIds);
      await insertDocuments(db, sql`articles.id in (${sql.join(articleIds.map((id) => sql`${id}`))})`);
    });
  }

  async removeArticles(articleIds: readonly number[]): Promise<void> {
    await this.removeWith(this.db, articleIds);
  }

  private async removeWith(db: Db, articleIds: readonly number[]): Promise<void> {
    if (articleIds.length === 0) return;
    await sql`delete from search_documents where article_id in (${sql.join(articleIds.map((id) => sql`${id}`))})`.execute(
      db,
    );
  }

  async query(request: EngineQuery): Promise<EngineResult> {
    const tsquery = tsqueryOf(request.edition, request.query);
    if (tsquery === null) return { hits: [], total: 0, more: false };
    const phrase = hasPhrase(request.query);
    const dateFilters = [sql`d.edition = ${request.edition}`, sql`d.published_at <= ${request.now}`];
    if (request.from) dateFilters.push(sql`d.published_at >= ${request.from}`);
    if (request.to) dateFilters.push(sql`d.published_at < ${request.to}`);
    const dates = sql.join(dateFilters, sql` and `);
    const filters =
      request.tagId === undefined
        ? dateFilters
        : [
            ...dateFilters,
            sql`exists (select 1 from tag_listings t
              where t.tag_id = ${request.tagId} and t.edition = d.edition
                and t.published_at = d.published_at and t.article_id = d.article_id)`,
          ];
    const newest = sql`order by d.published_at desc, d.article_id desc`;
    const windowSize = WINDOW * request.candidateCap;
    // The window: the edition's newest articles the dates allow. Under a tag with more articles
    // than that, the same window (the tag's own newest 16,000 could span several times as many of
    // the edition's, every match among them visited; a tag the window holds too few of finds the
    // rest among the older articles, as a rare word does). Under a smaller tag, the whole archive
    // at once: the tag's few articles can lead the search.
    const windowStart = sql`(select d.published_at from search_documents d where ${dates}
      ${newest} offset ${windowSize} limit 1)`;
    const searchStart =
      request.tagId === undefined
        ? windowStart
        : sql`case when exists (select 1 from tag_listings d where d.tag_id = ${request.tagId} and ${dates}
            offset ${windowSize}) then ${windowStart} end`;
    const windowKey = [request.edition, request.tagId, request.from, request.to, request.candidateCap].join(
      "|",
    );
    const known = this.#windows.recall(windowKey);
    // The tsqueries are made first and given to the search as constants (an expression of
    // plainto_tsquery and unaccent in a filter or a select list is made again for every row it
    // meets), with the window's start unless known.
    const phrases = phraseQueriesOf(request.edition, request.query);
    const made = await sql<{ query: string; words: string; phrases?: string[]; since?: string | null }>`
      select (${tsquery})::text as query,
        (${phrase ? wordsOf(request.edition, request.query) : tsquery})::text as words
        ${phrases ? sql`, ${phrases} as phrases` : sql``}
        ${known ? sql`` : sql`, ${searchStart} as since`}`.execute(this.db);
    const query = made.rows[0]?.query ?? "";
    // No lexeme (stop words only): nothing matches.
    if (query === "") return { hits: [], total: 0, more: false };
    // Without a word to find (an excluded phrase beside stop words), the whole query filters.
    const words = made.rows[0]?.words || query;
    const since = known ? known.since : (made.rows[0]?.since ?? null);
    if (!known) this.#windows.remember(windowKey, since);
    const cap = request.candidateCap + 1;
    // A tag with fewer articles than a window leads the search (see searchStart): its articles
    // are read one by one, so the index of word pairs would only add a scan of every match.
    const tagLeads = request.tagId !== undefined && since === null;
    const adjacent = tagLeads
      ? { pairs: [], exact: false }
      : phrasePairsOf(
          made.rows[0]?.phrases ?? [],
          request.query.excluded.some((list) => list.length > 1),
        );
    // The newest matches (capped), then ranked: see EngineQuery.candidateCap. Words alone, and
    // phrases of two words, which the index of word pairs knows: the GIN indexes say exactly which
    // articles match. Other phrases need the words' positions: the indexes find the articles with
    // all the words and adjacent pairs, newest first, and only those are read to check the phrase,
    // until enough match (reading them all first, as the index's recheck does, sorted them after).
    const checked = phrase && !adjacent.exact;
    const matching = (where: readonly RawBuilder<unknown>[]) =>
      sql.join(
        [
          ...where,
          sql`d.document @@ ${words}::tsquery`,
          // The expression of the index of word pairs (migration 0039), which is all it reads: its
          // declared cost keeps the planner from computing it for each article instead.
          ...(adjacent.pairs.length > 0
            ? [sql`search_word_pairs(d.document) @> ${adjacent.pairs}::text[]`]
            : []),
        ],
        sql` and `,
      );
    // The newest matches, newest first, with their scores: the articles with the words, and for a
    // phrase those of them that hold it. Each is ranked where it was found, once chosen (above the
    // limit): its document is read once more, and not looked up again by id.
    type Scored = { articleId: number; score: number };
    const newestMatches = async (where: readonly RawBuilder<unknown>[], limit = cap) => {
      const { rows } = checked
        ? await sql<Scored>`select w.article_id, ts_rank_cd(p.document, ${query}::tsquery) as score
            from (select d.article_id, d.published_at from search_documents d
                  where ${matching(where)} ${newest} offset 0) w
              join search_documents p on p.article_id = w.article_id
            where p.document @@ ${query}::tsquery
            order by w.published_at desc, w.article_id desc
            limit ${limit}`.execute(this.db)
        : await sql<Scored>`select d.article_id, ts_rank_cd(d.document, ${query}::tsquery) as score
            from (select d.article_id, d.published_at, d.document from search_documents d
                  where ${matching(where)} ${newest} limit ${limit}) d
            ${newest}`.execute(this.db);
      return rows;
    };
    let rows: Scored[];
    if (since === null) {
      // Fewer articles than a window: the whole archive at once.
      rows = await newestMatches(filters);
    } else {
      // First among the newest articles only: when enough of them match, these are the newest
      // matches, found without visiting every match the index holds. Else the older articles give
      // the rest: every match among them is older than every match inside, and the window's
      // matches are not looked for twice (a phrase's were all read).
      rows = await newestMatches([...filters, sql`d.published_at >= ${since}`]);
      if (rows.length < cap) {
        rows.push(...(await newestMatches([...filters, sql`d.published_at < ${since}`], cap - rows.length)));
      }
    }
    const more = rows.length > request.candidateCap;
    const candidates = rows.slice(0, request.candidateCap);
    // A stable sort keeps equal scores newest first.
    candidates.sort((a, b) => b.score - a.score);
    return {
      hits: candidates
        .slice(request.offset, request.offset + request.limit)
        .map((row) => ({ articleId: row.articleId, score: row.score })),
      total: candidates.length,
      more,
    };
  }

  queryNewsroom(request: NewsroomEngineQuery): Promise<NewsroomEngineResult> {
    return queryNewsroomArticles(
      this.db,
      request,
      (pattern) =>
        sql<boolean>`(search_unaccent(articles.title) ilike search_unaccent(${pattern})
          or search_unaccent(coalesce(articles.summary, '')) ilike search_unaccent(${pattern})
          or articles.slug ilike search_unaccent(${pattern}))`,
    );
  }

  async rebuild(onProgress?: (done: number, total: number) => void): Promise<number> {
    // One transaction: readers keep the old index until the new one is complete.
    return inTransaction(this.db, async (db) => {
      const bounds = await db
        .selectFrom("articles")
        .select((eb) => [eb.fn.countAll<number>().as("total"), eb.fn.max("id").as("last")])
        .where("status", "in", INDEXED_STATUSES)
        .where("publishedAt", "is not", null)
        .executeTakeFirstOrThrow();
      const total = Number(bounds.total);
      const last = Number(bounds.last ?? 0);
      await sql`truncate search_documents`.execute(db);
      let done = 0;
      onProgress?.(0, total);
      for (let from = 0; from < last; from += REBUILD_BATCH) {
        const result = await insertDocuments(
          db,
          sql`articles.id > ${from} and articles.id <= ${from + REBUILD_BATCH}`,
        );
        done += result;
        onProgress?.(done, total);
      }
      await sql`analyze search_documents`.execute(db);
      return done;
    });
  }

  async sizeInBytes(): Promise<number> {
    const { rows } = await sql<{ bytes: number }>`
      select pg_total_relation_size('search_documents'::regclass) as bytes`.execute(this.db);
    return Number(rows[0]?.bytes ?? 0);
  }
}

/** Writes the documents of the reader-visible articles that `where` selects; returns how many. */
async function insertDocuments(db: Db, where: Expression<unknown>): Promise<number> {
  const config = ROW_CONFIG;
  const weighted = (text: RawBuilder<unknown>, weight: string) =>
    sql`setweight(to_tsvector(${config}, search_unaccent(${text})), ${sql.lit(weight)})`;
  const result = await sql`
    insert into search_documents (article_id, edition, published_at, document)
    select articles.id, articles.edition, articles.published_at,
      ${weighted(sql`articles.title`, "A")}
      || ${weighted(sql`coalesce(articles.summary, '')`, "B")}
      || ${weighted(
        sql`concat_ws(' ',
          (select string_agg(tag_names.name, ' ' order by story_tags.position)
             from story_tags join tag_names on tag_names.tag_id = story_tags.tag_id
            where story_tags.story_id = articles.story_id and tag_names.edition = articles.edition),
          sources.name, authors.name)`,
        "C",
      )}
      || ${weighted(
        sql`coalesce((select string_agg(part #>> '{}', ' ')
             from jsonb_path_query(articles.body::jsonb, 'strict $.**.text') as part), '')
          || ' ' || coalesce((select string_agg(part #>> '{}', ' ')
             from jsonb_path_query(articles.body::jsonb, 'strict $.**.caption') as part), '')`,
        "D",
      )}
    from articles
      left join stories on stories.id = articles.story_id
      left join sources on sources.id = stories.source_id
      left join authors on authors.id = articles.author_id
    where ${where}
      and articles.status in ('published', 'scheduled')
      and articles.published_at is not null`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The tsquery of a parsed query for an edition, or null when there is no word to look for. Each word
 * or phrase goes through plainto_tsquery/phraseto_tsquery (plain text in, stop words dropped);
 * the parts are joined with the tsquery operators && and !!.
 */
export function tsqueryOf(edition: string, query: ParsedQuery): RawBuilder<unknown> | null {
  const config = configOf(edition);
  const part = (words: readonly string[]) => partQuery(config, words);
  const positive = [...query.terms.map((term) => [term]), ...query.phrases].map(part);
  if (positive.length === 0) return null;
  const negative = query.excluded.map((words) => sql`!! ${part(words)}`);
  return sql`(${sql.join([...positive, ...negative], sql` && `)})`;
}

/**
 * Where each search's window of newest articles starts (see WINDOW), kept a minute per edition and
 * filters: finding it counts 16,000 index entries, as much as a common word's whole search. Any
 * start gives the same results, only the work differs: a start older than the true one (articles
 * published since) makes the window a little larger; a newer one (articles taken down) a little
 * smaller, so that the whole archive is searched a little more often.
 */
class WindowStarts {
  static readonly KEEP_MS = 60_000;
  static readonly MAX_KEPT = 1_000;
  readonly #starts = new Map<string, { since: string | null; until: number }>();

  recall(key: string, now = Date.now()): { since: string | null } | undefined {
    const kept = this.#starts.get(key);
    return kept && kept.until > now ? kept : undefined;
  }

  remember(key: string, since: string | null, now = Date.now()): void {
    // A bound on a map any reader's filters can add to: beyond it, start again.
    if (this.#starts.size >= WindowStarts.MAX_KEPT) this.#starts.clear();
    this.#starts.set(key, { since, until: now + WindowStarts.KEEP_MS });
  }
}

/** True when the query holds a phrase, to find or to exclude: matching it needs word positions. */
function hasPhrase(query: ParsedQuery): boolean {
  return query.phrases.length > 0 || query.excluded.some((words) => words.length > 1);
}

/**
 * The text of each positive phrase's tsquery as tsqueryOf makes it, as an SQL array; null without
 * phrases. A phrase of one word is a word there (plainto_tsquery: no positions).
 */
function phraseQueriesOf(edition: string, query: ParsedQuery): RawBuilder<unknown> | null {
  const phrases = query.phrases.filter((words) => words.length > 1);
  if (phrases.length === 0) return null;
  const config = configOf(edition);
  return sql`array[${sql.join(phrases.map((words) => sql`(${partQuery(config, words)})::text`))}]`;
}

/** A word's or phrase's tsquery: a word plainly, the words of a phrase at their positions. */
function partQuery(config: RawBuilder<unknown>, words: readonly string[]): RawBuilder<unknown> {
  return words.length === 1
    ? sql`plainto_tsquery(${config}, search_unaccent(${words[0]}))`
    : sql`phraseto_tsquery(${config}, search_unaccent(${words.join(" ")}))`;
}

/**
 * A tsquery that every match of tsqueryOf's holds, without phrases: each phrase as all its words, and
 * no excluded phrase. The GIN index answers it exactly (no word positions needed).
 */
function wordsOf(edition: string, query: ParsedQuery): RawBuilder<unknown> {
  const config = configOf(edition);
  const words = (list: readonly string[]) =>
    sql`plainto_tsquery(${config}, search_unaccent(${list.join(" ")}))`;
  const positive = [...query.terms.map((term) => [term]), ...query.phrases].map(words);
  const negative = query.excluded.filter((list) => list.length === 1).map((list) => sql`!! ${words(list)}`);
  return sql`(${sql.join([...positive, ...negative], sql` && `)})`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
