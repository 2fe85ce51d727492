// The database of a `tribune serve` that a test starts as a separate process: a SQLite file in the
// test's data directory, or a PostgreSQL database of its own (a server process cannot be given a
// schema the way in-process tests are), dropped afterwards.

import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { syncEditions } from "../../src/editions/edition-service.ts";
import { testConfig } from "./databases.ts";

export interface ServerDatabase {
  kind: "sqlite" | "postgres";
  /** DATABASE_URL for the server. */
  url: string;
  /** Opens it, migrated and with the default editions (as `tribune serve` would leave it). */
  open(): Promise<DatabaseHandle>;
  /** Drops a PostgreSQL database (a SQLite file goes with the data directory). */
  drop(): Promise<void>;
}

export async function createServerDatabase(
  kind: "sqlite" | "postgres",
  dataDir: string,
  postgresUrl?: string,
): Promise<ServerDatabase> {
  const open = async (url: string) => {
    const handle = await openDatabase(url, { poolSize: 4 });
    await migrateToLatest(handle);
    await syncEditions(handle.db, testConfig.editions);
    return handle;
  };
  if (kind === "sqlite") {
    const url = `sqlite:${join(dataDir, "tribune.db")}`;
    return { kind, url, open: () => open(url), drop: async () => {} };
  }
  if (!postgresUrl) throw new Error("no PostgreSQL URL");
  const name = `tribune_t_${randomBytes(5).toString("hex")}`;
  await adminQuery(postgresUrl, `create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.href,
    open: () => open(url.href),
    drop: () => adminQuery(postgresUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
