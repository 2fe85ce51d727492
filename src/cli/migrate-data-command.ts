import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import type { Config } from "../config.ts";
import { rebuildSearchIndex } from "../content/search-index.ts";
import {
  type DatabaseHandle,
  databaseIdentity,
  isSupportedDatabaseUrl,
  openDatabase,
  sqliteFileOf,
} from "../db/database.ts";
import {
  type CopyProgress,
  type CopyReport,
  copyDatabase,
  DataCopyError,
  DataCopyMismatchError,
} from "../db/database-copy.ts";
import { latestKnownMigration, latestMigrationName, migrateToLatest } from "../db/migrate.ts";
import { tablesOf } from "../db/table-catalogue.ts";
import { missingMediaFiles } from "../media/media-files-check.ts";
import { openMediaStore } from "../media/open-media-store.ts";
import { describeDatabase } from "./open-migrated.ts";

export const MIGRATE_DATA_USAGE = `migrate-data --from URL --to URL [--replace]
                              copy the whole site from one database into another (sqlite: to
                              postgres:// or back), rebuild its search index there and verify
                              every table; --replace empties a target that holds rows first`;

/**
 * `tribune migrate-data --from URL --to URL [--replace]`: moves a site between databases (SQLite to
 * PostgreSQL as it grows, or back). The target is migrated, then filled in one transaction that
 * commits only when every table matches the source; media files stay in MEDIA_DIR and are checked.
 */
export async function migrateDataCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { from: { type: "string" }, to: { type: "string" }, replace: { type: "boolean" } },
    strict: true,
  });
  if (!values.from || !values.to) {
    console.error(`tribune: migrate-data needs both databases: tribune ${MIGRATE_DATA_USAGE.split("\n")[0]}`);
    return 2;
  }
  const from = values.from;
  const to = values.to;
  checkUrl("--from", from);
  checkUrl("--to", to);
  if (databaseIdentity(from) === databaseIdentity(to)) {
    throw new DataCopyError(
      `--from and --to name the same database (${describeDatabase(to)}): name a new one as --to`,
    );
  }
  const source = await openSource(from);
  try {
    const target = await openTarget(to);
    try {
      return await migrate(config, source, target, { from, to, replace: values.replace === true });
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function migrate(
  config: Config,
  source: DatabaseHandle,
  target: DatabaseHandle,
  options: { from: string; to: string; replace: boolean },
): Promise<number> {
  const started = Date.now();
  process.stderr.write(`Copying ${describeDatabase(options.from)} into ${describeDatabase(options.to)}\n`);
  const applied = await migrateToLatest(target);
  if (applied.length > 0) process.stderr.write(`  target: applied ${applied.length} migrations\n`);
  let report: CopyReport;
  try {
    report = await copyDatabase(source, target, {
      replace: options.replace,
      progress: showProgress,
      rebuild: async (trx) => {
        const indexed = await rebuildSearchIndex(trx);
        process.stderr.write(`  search index: rebuilt, ${indexed} articles\n`);
      },
    });
  } catch (error) {
    if (!(error instanceof DataCopyMismatchError)) throw error;
    console.log(verificationTable(error.report));
    console.error(`tribune: ${error.message}`);
    return 1;
  }
  console.log(verificationTable(report));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Copied ${report.rows} rows in ${report.tables.length} tables in ${seconds} s; every table's rows and checksum match the source.`,
  );
  const store = openMediaStore(config);
  const missing = await missingMediaFiles(target.db, store).finally(() => store.close());
  if (missing.length > 0) {
    console.error(
      `tribune: the data is copied, but ${missing.length === 1 ? "1 media file it refers to is" : `${missing.length} media files it refers to are`} not in the media store (${store.location}):\n  ${missing.slice(0, 20).join("\n  ")}${missing.length > 20 ? "\n  …" : ""}\nRestore them (from a backup) before serving the site from the new database.`,
    );
    return 1;
  }
  console.log(
    `Every media file the site refers to is in ${store.location}. Serve it with DATABASE_URL=${describeDatabase(options.to)}.`,
  );
  return 0;
}

function checkUrl(flag: string, url: string): void {
  if (!isSupportedDatabaseUrl(url)) {
    throw new DataCopyError(
      `${flag} "${url}" is not a database Tribune knows: use sqlite:<file> or postgres://user@host:port/database`,
    );
  }
  if (url.startsWith("sqlite:") && sqliteFileOf(url) === ":memory:") {
    throw new DataCopyError(`${flag}: an in-memory database lives only in its own process; name a file`);
  }
}

/** The source must exist (opening a missing SQLite file would make one) and be at this version's schema. */
async function openSource(url: string): Promise<DatabaseHandle> {
  if (url.startsWith("sqlite:") && !(await stat(sqliteFileOf(url)).catch(() => undefined))?.isFile()) {
    throw new DataCopyError(`--from: there is no SQLite file at ${sqliteFileOf(url)}`);
  }
  const source = await reach(url, "--from");
  try {
    const tables = await tablesOf(source);
    if (!tables.includes("kysely_migration")) {
      throw new DataCopyError(
        `--from: ${describeDatabase(url)} is not a Tribune database (it records no migrations)`,
      );
    }
    const latest = await latestMigrationName(source.db);
    if (latest !== latestKnownMigration()) {
      throw new DataCopyError(
        latest !== null && latest > latestKnownMigration()
          ? `--from: the source was migrated by a newer Tribune (${latest}): run this version's migrate-data from that one`
          : `--from: the source's schema is not up to date (${latest ?? "no migration"}, this version's latest is ${latestKnownMigration()}): run DATABASE_URL=${describeDatabase(url)} tribune migrate first`,
      );
    }
    return source;
  } catch (error) {
    await source.close();
    throw error;
  }
}

/** The target must be reachable, and either empty or a Tribune database (tables of another program are never touched). */
async function openTarget(url: string): Promise<DatabaseHandle> {
  const target = await reach(url, "--to");
  try {
    const tables = await tablesOf(target);
    if (tables.length > 0 && !tables.includes("kysely_migration")) {
      throw new DataCopyError(
        `--to: ${describeDatabase(url)} holds ${tables.length} tables that are not a Tribune database's: name an empty database`,
      );
    }
    return target;
  } catch (error) {
    await target.close();
    throw error;
  }
}

async function reach(url: string, flag: string): Promise<DatabaseHandle> {
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase(url, { poolSize: 2 });
    await sql`select 1`.execute(handle.db);
    return handle;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    throw new DataCopyError(
      `${flag}: cannot reach ${describeDatabase(url)} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** A line redrawn in place on a terminal; in a log, each finished table and a line every 5 s. */
function showProgress(event: CopyProgress): void {
  const line = `  ${event.table.padEnd(26)} ${String(event.done).padStart(9)}/${event.total} rows  ${event.rowsPerSecond} rows/s`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${line}   ${event.finished ? "\n" : ""}`);
  } else if (event.finished || Date.now() - lastLogged >= 5_000) {
    lastLogged = Date.now();
    process.stderr.write(`${line}\n`);
  }
}

let lastLogged = 0;

/** One line per table: rows and checksum on each side, and whether they match. */
export function verificationTable(report: CopyReport): string {
  const header = ["table", "rows (source)", "rows (target)", "checksum (source)", "checksum (target)", ""];
  const lines = report.tables.map((table) => [
    table.table,
    String(table.source.rows),
    String(table.target.rows),
    table.source.checksum.slice(0, 16),
    table.target.checksum.slice(0, 16),
    table.equal ? "ok" : "DIFFERS",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  return [header, ...lines]
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
