import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sql } from "kysely";
import { TribuneError } from "../shared/errors.ts";
import { type DatabaseHandle, openDatabase, sqliteFileOf } from "./database.ts";
import { countRows, tablesOf } from "./table-catalogue.ts";

/** The file a database snapshot is kept in, by dialect. */
export const SNAPSHOT_FILES = { sqlite: "database.sqlite", postgres: "database.pgdump" } as const;

export type SnapshotDialect = keyof typeof SNAPSHOT_FILES;

export class SnapshotError extends TribuneError {
  constructor(message: string) {
    super("SNAPSHOT_FAILED", 400, message);
  }
}

export function dialectOfUrl(url: string): SnapshotDialect {
  return url.startsWith("sqlite:") ? "sqlite" : "postgres";
}

/**
 * A consistent copy of a live database, taken while the site keeps writing, and how many rows each
 * table holds in it. SQLite: `VACUUM INTO`, which reads one snapshot of the file (the online backup
 * API starts over whenever another process writes, so on a busy site it may never finish; a plain
 * copy of the file may catch a write half done). PostgreSQL: `pg_dump` of the schema, reading the
 * snapshot this transaction exported, so that the counts are of exactly what was dumped.
 */
export async function snapshotDatabase(
  handle: DatabaseHandle,
  url: string,
  file: string,
): Promise<Record<string, number>> {
  const tables = await tablesOf(handle);
  if (dialectOfUrl(url) === "sqlite") {
    if (sqliteFileOf(url) === ":memory:")
      throw new SnapshotError("an in-memory database cannot be backed up");
    await sql`vacuum into ${file}`.execute(handle.db);
    const copy = await openDatabase(`sqlite:${file}`);
    try {
      return await countRows(copy.db, tables);
    } finally {
      await copy.close();
    }
  }
  return handle.db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx);
      await run(
        "pg_dump",
        [
          "--format=custom",
          "--no-owner",
          "--no-privileges",
          `--snapshot=${rows[0]?.id}`,
          `--schema=${handle.schema ?? "public"}`,
          `--file=${file}`,
        ],
        url,
      );
      return countRows(trx, tables);
    });
}

/**
 * Puts a snapshot into an empty database: SQLite, a file that does not exist yet (or is empty);
 * PostgreSQL, a database whose schema holds no table (the schema itself and the unaccent extension
 * search needs are made first, as migrating would).
 */
export async function restoreSnapshot(
  url: string,
  file: string,
  target: DatabaseHandle | undefined,
): Promise<void> {
  if (dialectOfUrl(url) === "sqlite") {
    const path = sqliteFileOf(url);
    const existing = await stat(path).catch(() => undefined);
    if (existing && existing.size > 0) {
      throw new SnapshotError(`${path} already exists: restore into a new file (move it away first)`);
    }
    await mkdir(dirname(path), { recursive: true });
    await copyFile(file, path);
    return;
  }
  if (!target) throw new Error("restoreSnapshot: a PostgreSQL target must be open to be checked");
  const schema = target.schema ?? "public";
  const tables = await tablesOf(target);
  if (tables.length > 0) {
    throw new SnapshotError(
      `the database's schema "${schema}" already holds ${tables.length} tables: restore into an empty one`,
    );
  }
  await sql`create schema if not exists ${sql.id(schema)}`.execute(target.db);
  await sql`create extension if not exists unaccent with schema public`.execute(target.db);
  // The schema exists already: its own entry (and a comment on it) would make the restore fail.
  const listing = await capture("pg_restore", ["--list", file]);
  const wanted = listing
    .split("\n")
    .filter((line) => !/ SCHEMA - | COMMENT - SCHEMA /.test(line))
    .join("\n");
  const dir = await mkdtemp(join(tmpdir(), "tribune-restore-"));
  try {
    const list = join(dir, "objects.list");
    await writeFile(list, wanted);
    await run(
      "pg_restore",
      [
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        `--use-list=${list}`,
        file,
      ],
      url,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a PostgreSQL client tool; `url` is handed over as its connection, with the password in the
 * environment rather than on a command line others can read.
 */
function run(command: string, args: string[], url?: string): Promise<void> {
  return capture(command, args, url).then(() => undefined);
}

function capture(command: string, args: string[], url?: string): Promise<string> {
  const env = { ...process.env };
  const connection: string[] = [];
  if (url) {
    const parsed = new URL(url);
    if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = "";
    connection.push(`--dbname=${parsed.href}`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, ...connection], { stdio: ["ignore", "pipe", "pipe"], env });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString("utf8");
    });
    child.on("error", (error) =>
      reject(
        new SnapshotError(
          `${command} could not be started (${error.message}): install PostgreSQL's client tools`,
        ),
      ),
    );
    child.on("exit", (code) => {
      if (code === 0) resolve(output);
      else reject(new SnapshotError(`${command} failed: ${errors.trim().split("\n").slice(-3).join(" ")}`));
    });
  });
}
