import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import type { Dialect, SqliteDatabase } from "kysely";
import { ImmediateTransactionDialect } from "./sqlite-immediate-driver.ts";

/** Prepared statements kept per connection: pages repeat the same few dozen statements. */
const STATEMENT_CACHE_SIZE = 256;
const CACHE_KIB = 16_000;

/** Opens the SQLite file (creating its folder) with the pragmas a concurrent web server needs. */
export function connectSqlite(
  file: string,
  options: { lockWaitMs?: number | undefined; image?: Buffer | undefined } = {},
): Dialect {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const database = options.image && file === ":memory:" ? new SQLite(options.image) : new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  // 16 MB of pages (the default is 2 MB): the upper levels of the indexes a cache miss walks stay in
  // memory, and one worker stays well under its memory budget.
  database.pragma(`cache_size = -${CACHE_KIB}`);
  // Kysely closes the database when it is destroyed.
  return new ImmediateTransactionDialect(
    { database: withStatementCache(database, STATEMENT_CACHE_SIZE) },
    database,
    options.lockWaitMs,
  );
}

/**
 * The database as Kysely sees it, with `prepare` answered from a small LRU of statements: Kysely
 * prepares every query anew, and compiling SQL costs about as much as running an indexed lookup.
 * A statement still being iterated (a streamed query) is busy, so another copy is prepared.
 */
export function withStatementCache(database: SQLite.Database, size: number): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) {
        // Map order is insertion order: moving a hit to the end keeps the oldest first to go.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      if (!cached) {
        statements.set(sql, statement);
        if (statements.size > size) statements.delete(statements.keys().next().value as string);
      }
      return statement;
    },
  };
}
