import { type Kysely, sql } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * PostgreSQL's reader search index learns which words stand side by side: each document keeps every
 * pair of lexemes at consecutive positions ("trade agreement"), under a GIN index. A quoted phrase
 * then finds its documents in the index, where it had to read every document holding all its words
 * to check their positions: a two-word phrase exactly, a longer one narrowed to the documents that
 * hold each of its adjacent pairs. The pairs are made from the stored tsvector by the function
 * below, for the documents already indexed when the index is built and at every later write.
 * SQLite's index is untouched (FTS5 keeps positions in its own index).
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  if (adapter.name !== "postgres") return;
  // A lexeme never holds a space (the parser splits words at spaces), so "a b" names one pair.
  // Its declared cost (10,000 times a plain SQL function's) is there for the planner: making the
  // pairs of each article a query visits, instead of asking the index, must never look cheaper,
  // whatever its row estimates (with the default, a phrase beside a rare word took 200 ms, not 5).
  await sql`create or replace function search_word_pairs(tsvector) returns text[]
    language sql immutable strict parallel safe cost 1000000 as $$
      select coalesce(array_agg(distinct a.lexeme || ' ' || b.lexeme), '{}')
      from (select u.lexeme, p from unnest($1) u, unnest(u.positions) p) a
        join (select u.lexeme, p from unnest($1) u, unnest(u.positions) p) b on b.p = a.p + 1
    $$`.execute(db);
  // An index over an expression: the pairs are kept in the index only, and the table's rows (which
  // every search visits) stay as narrow as they were.
  await sql`create index search_documents_word_pairs_idx
    on search_documents using gin (search_word_pairs(document))`.execute(db);
}
