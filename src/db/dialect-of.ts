import { PostgresAdapter } from "kysely";
import type { Db } from "./database.ts";
import type { DialectAdapter } from "./dialect-adapter.ts";
import { postgresAdapter } from "./postgres/postgres-adapter.ts";
import { sqliteAdapter } from "./sqlite/sqlite-adapter.ts";

/**
 * The adapter of the dialect a Kysely instance (or one of its transactions) talks to, for code that
 * is handed only a `Db`, as the services are.
 */
export function dialectAdapterOf(db: Db): DialectAdapter {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresAdapter : sqliteAdapter;
}
