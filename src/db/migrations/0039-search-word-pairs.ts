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
  // Its declared cost is there for the planner. Making one document's pairs takes a sixth of a
  // millisecond, some 10,000 of the units SQL functions are costed in (100 by default): at the
  // default, the planner made the pairs of each article a query visited rather than ask the index
  // (a phrase beside a rare word took 200 ms instead of 5), and at 10,000 it still did where it
  // misjudged how many articles hold two common words. 100,000 leaves a margin for such misjudgments;
  // a million made it add needless index scans to spare rechecks that never run (phrases 20% slower).
  await sql`create or replace function search_word_pairs(tsvector) returns text[]
    language sql immutable strict parallel safe cost 100000 as $$
      with at as (select u.lexeme, p from unnest($1) u, unnest(u.positions) p)
      select coalesce(array_agg(distinct a.lexeme || ' ' || b.lexeme), '{}')
      from at a join at b on b.p = a.p + 1
    $$`.execute(db);
  // An index over an expression: the pairs are kept in the index only, and the table's rows (which
  // every search visits) stay as narrow as they were.
  await sql`create index search_documents_word_pairs_idx
    on search_documents using gin (search_word_pairs(document))`.execute(db);
}
