import { type Kysely, sql } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * PostgreSQL's reader search index, for speed only (what it holds is unchanged): documents
 * compressed with lz4, which reads back about twice as fast as the default pglz, where the server
 * has it (documents already stored keep their compression until rewritten: `tribune reindex`); and
 * no parallel workers for its scans, since a search is one of a bounded number at once on its
 * connection (src/search/search-admission.ts), and starting workers cost more than a search's scan.
 * SQLite's index is untouched.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  if (adapter.name !== "postgres") return;
  await sql`alter table search_documents set (parallel_workers = 0)`.execute(db);
  const { rows } = await sql<{ lz4: boolean }>`
    select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`.execute(
    db,
  );
  if (rows[0]?.lz4)
    await sql`alter table search_documents alter column document set compression lz4`.execute(db);
}
