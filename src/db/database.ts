import { CamelCasePlugin, Kysely } from "kysely";
import type { DialectAdapter } from "./dialect-adapter.ts";
import { postgresAdapter } from "./postgres/postgres-adapter.ts";
import { connectPostgres, type PoolStats } from "./postgres/postgres-connect.ts";
import type { Database } from "./schema.ts";
import { sqliteAdapter } from "./sqlite/sqlite-adapter.ts";
import { connectSqlite } from "./sqlite/sqlite-connect.ts";

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  adapter: DialectAdapter;
  /** PostgreSQL: the schema worked in ("public" unless one was asked for). */
  schema?: string | undefined;
  close(): Promise<void>;
  /** PostgreSQL: its connection pool now (metrics); SQLite has one connection per process and none. */
  poolStats?: () => PoolStats;
}

export interface OpenOptions {
  /** PostgreSQL only: work inside this schema (created if missing). */
  schema?: string | undefined;
  poolSize?: number | undefined;
  /** SQLite only: how long a transaction waits for another process's write lock (10 s). */
  lockWaitMs?: number | undefined;
}

/** `sqlite:<file>`, `sqlite::memory:` or `postgres://…` (also `postgresql://`). */
export function isSupportedDatabaseUrl(url: string): boolean {
  return url.startsWith("sqlite:") || /^postgres(ql)?:\/\//.test(url);
}

export function sqliteFileOf(url: string): string {
  return url.slice("sqlite:".length);
}

/** Opens the database a URL names; the only place that chooses between the dialects. */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (url.startsWith("sqlite:")) {
    const db = new Kysely<Database>({
      dialect: connectSqlite(
        sqliteFileOf(url),
        options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs },
      ),
      plugins: [new CamelCasePlugin()],
    });
    return { db, adapter: sqliteAdapter, close: () => db.destroy() };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { dialect, poolStats } = await connectPostgres(url, options);
    const db = new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
    return {
      db,
      adapter: postgresAdapter,
      schema: options.schema ?? "public",
      close: () => db.destroy(),
      poolStats,
    };
  }
  throw new Error(`Unsupported database URL "${url}"`);
}
