import { resolve } from "node:path";
import { CamelCasePlugin, Kysely } from "kysely";
import type { ChangeSignal } from "./change-signal.ts";
import type { DialectAdapter } from "./dialect-adapter.ts";
import { postgresAdapter } from "./postgres/postgres-adapter.ts";
import { postgresChangeSignal } from "./postgres/postgres-change-signal.ts";
import { connectPostgres, type PoolStats } from "./postgres/postgres-connect.ts";
import { QueryCounter } from "./query-counter.ts";
import type { Database } from "./schema.ts";
import { sqliteAdapter } from "./sqlite/sqlite-adapter.ts";
import { connectSqlite } from "./sqlite/sqlite-connect.ts";

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  adapter: DialectAdapter;
  /** PostgreSQL: the schema worked in ("public" unless one was asked for). */
  schema?: string | undefined;
  /**
   * PostgreSQL: LISTEN/NOTIFY on a channel of this name (per schema), to wake other processes at
   * once. Absent on SQLite, whose readers poll.
   */
  changeSignal?: ((channel: string) => ChangeSignal) | undefined;
  close(): Promise<void>;
  /** PostgreSQL: its connection pool now (metrics); SQLite has one connection per process and none. */
  poolStats?: () => PoolStats;
  /** Statements run to completion through `db` since it was opened (metrics); see QueryCounter. */
  queriesRun?: () => number;
}

export interface OpenOptions {
  /** PostgreSQL only: work inside this schema (created if missing). */
  schema?: string | undefined;
  poolSize?: number | undefined;
  /** SQLite only: how long a transaction waits for another process's write lock (10 s). */
  lockWaitMs?: number | undefined;
  /**
   * SQLite in memory only: start from a copy of this database file's bytes rather than an empty
   * database (tests open a migrated one in a millisecond instead of migrating each).
   */
  image?: Buffer | undefined;
}

/** `sqlite:<file>`, `sqlite::memory:` or `postgres://…` (also `postgresql://`). */
export function isSupportedDatabaseUrl(url: string): boolean {
  return url.startsWith("sqlite:") || /^postgres(ql)?:\/\//.test(url);
}

export function sqliteFileOf(url: string): string {
  return url.slice("sqlite:".length);
}

/**
 * What a URL points at, whatever its spelling: a SQLite file's absolute path, or a PostgreSQL
 * server's host, port and database (credentials aside). Two URLs with one identity are one database.
 */
export function databaseIdentity(url: string): string {
  if (url.startsWith("sqlite:")) {
    const file = sqliteFileOf(url);
    return file === ":memory:" ? url : `sqlite:${resolve(file)}`;
  }
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username);
  return `postgres://${parsed.hostname.toLowerCase()}:${parsed.port || "5432"}/${database}`;
}

/** Opens the database a URL names; the only place that chooses between the dialects. */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const counter = new QueryCounter();
  const queriesRun = () => counter.completed;
  if (url.startsWith("sqlite:")) {
    const db = new Kysely<Database>({
      dialect: connectSqlite(sqliteFileOf(url), { lockWaitMs: options.lockWaitMs, image: options.image }),
      plugins: [new CamelCasePlugin(), counter],
    });
    return { db, adapter: sqliteAdapter, close: () => db.destroy(), queriesRun };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { dialect, Client, poolStats } = await connectPostgres(url, options);
    const db = new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin(), counter] });
    const { schema } = options;
    return {
      db,
      adapter: postgresAdapter,
      schema: schema ?? "public",
      changeSignal: (channel) => postgresChangeSignal({ db, url, schema, channel, Client }),
      close: () => db.destroy(),
      poolStats,
      queriesRun,
    };
  }
  throw new Error(`Unsupported database URL "${url}"`);
}
