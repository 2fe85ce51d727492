import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * The reader search index: an FTS5 table of stemmed terms on SQLite, a weighted tsvector with a GIN
 * index on PostgreSQL (which also needs the unaccent extension: see README). Filled by
 * `tribune reindex`, and kept in step by every publish, edit and unpublish afterwards.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter.search.createSchema(db);
}
