import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import type { Dialect } from "kysely";
import { SqliteDialect } from "kysely";

/** Opens the SQLite file (creating its folder) with the pragmas a concurrent web server needs. */
export function connectSqlite(file: string): Dialect {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  // Kysely closes the database when it is destroyed.
  return new SqliteDialect({ database });
}
