import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import { type Config, loadConfig } from "../../src/config.ts";
import { type DatabaseHandle, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { syncEditions } from "../../src/editions/edition-service.ts";

export interface TestDatabase {
  name: "sqlite" | "postgres";
  /** A fresh, migrated database of its own, with the default editions; close it when done. */
  open(): Promise<TestDatabaseHandle>;
}

export interface TestDatabaseHandle extends DatabaseHandle {
  url: string;
  /** PostgreSQL schema used, if any (pass it on to an app built on the same database). */
  schema: string | undefined;
}

/** The PostgreSQL URL for tests, or undefined when this machine has none to offer. */
export function postgresTestUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

/**
 * The databases every suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
 * (scripts/run-tests.mjs sets it when a server answers, and CI insists on one).
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: "sqlite", open: () => openFresh("sqlite::memory:") }];
  const pgUrl = postgresTestUrl();
  if (pgUrl) list.push({ name: "postgres", open: () => openFresh(pgUrl) });
  return list;
}

export const testConfig: Config = loadConfig({
  NODE_ENV: "test",
  DATA_DIR: "/tmp/tribune-test-data",
  // Tests stand for readers at many addresses by sending X-Forwarded-For from the loopback.
  TRUST_PROXY: "loopback",
});

async function openFresh(url: string): Promise<TestDatabaseHandle> {
  if (!url.startsWith("postgres")) {
    const handle = await openDatabase(url, { poolSize: 4 });
    await migrateToLatest(handle);
    await syncEditions(handle.db, testConfig.editions);
    return { ...handle, url, schema: undefined };
  }
  const schema = newSchemaName();
  await replay(url, (await postgresTemplate(url)).forSchema(schema));
  const handle = await openDatabase(url, { schema, poolSize: 4 });
  return {
    ...handle,
    url,
    schema,
    close: async () => {
      await dropSchema(url, schema, handle);
      await handle.close();
    },
  };
}

const newSchemaName = () => `t_${randomBytes(6).toString("hex")}`;

interface SchemaTemplate {
  /** The statements that make a schema of that name, migrated and with the default editions. */
  forSchema(schema: string): string;
}

let template: Promise<SchemaTemplate> | undefined;

/**
 * Migrating a schema takes PostgreSQL half a second, under a lock that every test process shares
 * (below). A process therefore migrates one template schema, keeps its `pg_dump`, and replays that
 * dump, renamed, for each test: a few milliseconds, and no lock.
 */
function postgresTemplate(url: string): Promise<SchemaTemplate> {
  template ??= dumpMigratedSchema(url);
  return template;
}

async function dumpMigratedSchema(url: string): Promise<SchemaTemplate> {
  const name = newSchemaName();
  const handle = await openDatabase(url, { schema: name, poolSize: 1 });
  try {
    await oneSchemaChangeAtATime(url, name, () => migrateToLatest(handle));
    await syncEditions(handle.db, testConfig.editions);
    const { stdout } = await promisify(execFile)(
      "pg_dump",
      ["--no-owner", "--no-privileges", "--inserts", `--schema=${name}`, `--dbname=${url}`],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    // pg_dump's own psql meta-commands (\restrict) mean nothing to the server.
    const dump = stdout
      .split("\n")
      .filter((line) => !line.startsWith("\\"))
      .join("\n");
    return { forSchema: (schema) => dump.replaceAll(name, schema) };
  } finally {
    await dropSchema(url, name, handle);
    await handle.close();
  }
}

/** Runs a dump on a connection of its own: it resets the search path, which a pool must not keep. */
async function replay(url: string, statements: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statements);
  } finally {
    await client.end();
  }
}

function dropSchema(url: string, schema: string, handle: DatabaseHandle): Promise<unknown> {
  return oneSchemaChangeAtATime(url, schema, () =>
    sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db),
  );
}

/**
 * Kysely's migrator introspects every schema of the database; a schema dropped by a parallel test
 * file in the middle of that query makes it fail. Test files therefore take turns (a PostgreSQL
 * advisory lock, shared across processes) to migrate or drop their schemas.
 */
async function oneSchemaChangeAtATime<T>(
  url: string,
  schema: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!schema) return work();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [SCHEMA_CHANGES_LOCK]);
    return await work();
  } finally {
    await client.query("select pg_advisory_unlock($1)", [SCHEMA_CHANGES_LOCK]).catch(() => undefined);
    await client.end();
  }
}

const SCHEMA_CHANGES_LOCK = 7_274_863;
