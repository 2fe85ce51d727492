import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
    const handle = await openDatabase(url, { poolSize: 4, image: await sqliteTemplate() });
    return { ...handle, url, schema: undefined };
  }
  const template = await postgresTemplate(url);
  const schema = idleSchemas.pop() ?? (await createSchema(url, template));
  const handle = await openDatabase(url, { schema, poolSize: 4 });
  // Closing twice must not hand the schema to two tests.
  let closed: Promise<void> | undefined;
  const close = async () => {
    await handle.close();
    await recycleSchema(url, schema, template);
  };
  return { ...handle, url, schema, close: () => (closed ??= close()) };
}

/**
 * Schemas of this process that a test has closed, emptied back to the template's rows. Making and
 * dropping a schema of some seventy tables costs PostgreSQL a few hundred milliseconds of catalog
 * work; emptying one costs a few milliseconds, so a test file makes about as many schemas as it
 * runs tests at once. What is left when the process ends is dropped then.
 */
const idleSchemas: string[] = [];

async function createSchema(url: string, template: SchemaTemplate): Promise<string> {
  const schema = newSchemaName();
  await replay(url, template.forSchema(schema));
  if (!dropOnExit) {
    dropOnExit = true;
    process.once("beforeExit", () => void dropIdleSchemas(url));
  }
  return schema;
}

let dropOnExit = false;

async function dropIdleSchemas(url: string): Promise<void> {
  const schemas = idleSchemas.splice(0);
  if (schemas.length === 0) return;
  const handle = await openDatabase(url, { poolSize: 1 });
  try {
    for (const schema of schemas) await dropSchema(url, schema, handle);
  } catch (error) {
    // Nothing to fail at this point: the tests are over. Say why the schemas stay.
    console.error(`test databases: could not drop ${schemas.join(", ")}:`, error);
  } finally {
    await handle.close();
  }
}

/**
 * Puts a closed test's schema back in the pool, holding the template's rows again, or drops it when
 * the test changed its tables (a schema no longer like the template's) or it cannot be emptied.
 */
async function recycleSchema(url: string, schema: string, template: SchemaTemplate): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ objects: string }>(
      "select count(*) as objects from pg_class where relnamespace = $1::regnamespace",
      [schema],
    );
    if (Number(rows[0]?.objects) === template.objects) {
      // Replica mode skips the foreign keys' triggers, so tables empty in any order (superuser only).
      await client.query(
        `begin; set local session_replication_role = replica;
        ${template.tables.map((table) => `delete from ${quoted(schema)}.${quoted(table)};`).join("\n")}
        ${template.rowsForSchema(schema)}
        commit;`,
      );
      idleSchemas.push(schema);
      return;
    }
  } catch {
    await client.query("rollback").catch(() => undefined);
  } finally {
    await client.end();
  }
  const handle = await openDatabase(url, { poolSize: 1 });
  try {
    await dropSchema(url, schema, handle);
  } finally {
    await handle.close();
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

let sqliteImage: Promise<Buffer> | undefined;

/**
 * Migrating costs SQLite some 50 ms per test: a process migrates one database file and opens a
 * copy of its bytes in memory for each test.
 */
function sqliteTemplate(): Promise<Buffer> {
  sqliteImage ??= migratedSqliteFile();
  return sqliteImage;
}

async function migratedSqliteFile(): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "tribune-test-template-"));
  try {
    const handle = await openDatabase(`sqlite:${join(dir, "template.db")}`);
    try {
      await migrateToLatest(handle);
      await syncEditions(handle.db, testConfig.editions);
      // A file marked for write-ahead logging cannot be opened from its bytes in memory.
      await sql`pragma journal_mode = delete`.execute(handle.db);
    } finally {
      // Closing the last connection folds the write-ahead log back into the file.
      await handle.close();
    }
    return await readFile(join(dir, "template.db"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const newSchemaName = () => `t_${randomBytes(6).toString("hex")}`;

interface SchemaTemplate {
  /** The statements that make a schema of that name, migrated and with the default editions. */
  forSchema(schema: string): string;
  /** The statements that put the template's rows (and sequence values) into such a schema. */
  rowsForSchema(schema: string): string;
  /** Its tables, and how many relations (tables, indexes, sequences, views) it has. */
  tables: string[];
  objects: number;
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
    const dumpOf = async (...options: string[]) => {
      const { stdout } = await promisify(execFile)(
        "pg_dump",
        ["--no-owner", "--no-privileges", "--inserts", ...options, `--schema=${name}`, `--dbname=${url}`],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      // pg_dump's own psql meta-commands (\restrict) mean nothing to the server.
      return stdout
        .split("\n")
        .filter((line) => !line.startsWith("\\"))
        .join("\n");
    };
    const dump = await dumpOf();
    const rows = await dumpOf("--data-only");
    const { rows: tables } = await sql<{ name: string }>`
      select tablename as name from pg_tables where schemaname = ${name}`.execute(handle.db);
    const { rows: counted } = await sql<{ objects: string }>`
      select count(*) as objects from pg_class where relnamespace = ${name}::regnamespace`.execute(handle.db);
    return {
      forSchema: (schema) => dump.replaceAll(name, schema),
      rowsForSchema: (schema) => rows.replaceAll(name, schema),
      tables: tables.map((table) => table.name),
      objects: Number(counted[0]?.objects),
    };
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
    sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db),
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
