import { type CreateTableBuilder, type QueryExecutorProvider, sql } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";
import { postgresSearch } from "./postgres-search.ts";

export const postgresAdapter: DialectAdapter = {
  name: "postgres",
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>) {
    return table.addColumn("id", "integer", (column) => column.primaryKey().generatedByDefaultAsIdentity());
  },
  caseInsensitiveLike: "ilike",
  // The wire protocol counts parameters in 16 bits.
  maxParameters: 65_000,
  async resetIdSequence(db: QueryExecutorProvider, table: string) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.table(table)}`.execute(
      db,
    );
  },
  async rollBackIfIdle(db: QueryExecutorProvider, ms: number) {
    // set_config(…, true) is SET LOCAL: the setting ends with the transaction.
    await sql`select set_config('idle_in_transaction_session_timeout', ${String(Math.ceil(ms))}, true)`.execute(
      db,
    );
  },
  search: postgresSearch,
};
