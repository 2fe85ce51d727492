import { sql } from "kysely";
import { TribuneError } from "../shared/errors.ts";
import type { DatabaseHandle, Db } from "./database.ts";
import {
  type CatalogueScope,
  countRows,
  describeTables,
  planCopyOrder,
  type TableShape,
  tablesOf,
} from "./table-catalogue.ts";
import { TableChecksum, type TablePrint, tablePrints } from "./table-checksum.ts";
import { type Row, readTableInBatches } from "./table-rows.ts";

/** Kysely's own bookkeeping: the target has its own, from being migrated to the same schema. */
const MIGRATION_TABLES = ["kysely_migration", "kysely_migration_lock"];
/**
 * Rows a target may hold and still count as empty: `tribune migrate` and `serve` record the
 * configured editions at start. They are replaced by the source's.
 */
const RECORDED_AT_START = ["editions"];
const BATCH_ROWS = 500;
const PROGRESS_EVERY_MS = 250;

export class DataCopyError extends TribuneError {
  constructor(message: string) {
    super("DATA_COPY_REFUSED", 400, message);
  }
}

/** The copy was made but does not match its source: it was rolled back, and `report` says where. */
export class DataCopyMismatchError extends TribuneError {
  readonly report: CopyReport;
  constructor(report: CopyReport) {
    const tables = report.tables.filter((table) => !table.equal).map((table) => table.table);
    super(
      "DATA_COPY_MISMATCH",
      500,
      `the copy differs from the source in ${tables.join(", ")}: nothing was kept in the target`,
    );
    this.report = report;
  }
}

export interface CopyProgress {
  table: string;
  done: number;
  total: number;
  rowsPerSecond: number;
  finished: boolean;
}

export interface CopyOptions {
  /** Deletes what the target holds first (in the copy's transaction) instead of refusing it. */
  replace?: boolean;
  progress?: (event: CopyProgress) => void;
  /**
   * Runs in the target's transaction once every row is in, before the copy is verified and
   * committed: derived data kept in a dialect's own form (the search index) is rebuilt here.
   */
  rebuild?: (trx: Db) => Promise<void>;
}

export interface TableVerification {
  table: string;
  source: TablePrint;
  target: TablePrint;
  equal: boolean;
}

export interface CopyReport {
  tables: TableVerification[];
  rows: number;
}

/**
 * Copies every row of `source` into `target`, both migrated to the same schema, as one unit: the
 * source is read from one snapshot, the target written in one transaction that commits only when
 * every table's row count and checksum match the source's. Anything that fails (a refused target,
 * a broken connection, a mismatch) leaves the target as it was. Tables go in the order their
 * foreign keys need, in batches; references that close a cycle are set in a second pass.
 */
export async function copyDatabase(
  source: DatabaseHandle,
  target: DatabaseHandle,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const tables = await copiedTables(source);
  const targetTables = await copiedTables(target);
  if (tables.join() !== targetTables.join()) {
    throw new DataCopyError(
      `the source and the target have different tables (${difference(tables, targetTables)}): are they of the same Tribune version?`,
    );
  }
  const shapes = await describeTables(target, tables);
  await assertSameColumns(await describeTables(source, tables), shapes);
  const plan = planCopyOrder(shapes);
  const byName = new Map(shapes.map((shape) => [shape.name, shape]));
  for (const [table, columns] of plan.deferred) {
    const required = byName.get(table)?.columns.find((c) => columns.includes(c.name) && !c.nullable);
    if (required) {
      throw new DataCopyError(`${table}.${required.name} closes a cycle of references but may not be null`);
    }
  }
  const read = source.db.transaction();
  // PostgreSQL: one snapshot for every table. SQLite: the transaction holds the write lock, so the
  // site's writes wait (and fail after a while) rather than slip in between two tables.
  const snapshot =
    source.schema === undefined ? read : read.setIsolationLevel("repeatable read").setAccessMode("read only");
  return snapshot.execute((from) =>
    target.db.transaction().execute(async (into) => {
      const fromScope = { db: from, schema: source.schema };
      const intoScope = { db: into, schema: target.schema };
      await emptyTarget(intoScope, plan.order, plan.deferred, options.replace === true);
      const sourcePrints: Record<string, TablePrint> = {};
      for (const table of plan.order) {
        const shape = byName.get(table) as TableShape;
        sourcePrints[table] = await copyTable(fromScope, into, shape, plan.deferred.get(table) ?? [], {
          maxParameters: target.adapter.maxParameters,
          progress: options.progress,
        });
      }
      for (const [table, columns] of plan.deferred) {
        await setDeferredReferences(fromScope, into, byName.get(table) as TableShape, columns);
      }
      for (const shape of shapes) {
        if (hasIntegerId(shape)) await target.adapter.resetIdSequence(into, shape.name);
      }
      await options.rebuild?.(into);
      const targetPrints = await tablePrints(intoScope, plan.order);
      const report: CopyReport = {
        tables: plan.order.map((table) => {
          const before = sourcePrints[table] as TablePrint;
          const after = targetPrints[table] as TablePrint;
          return {
            table,
            source: before,
            target: after,
            equal: before.rows === after.rows && before.checksum === after.checksum,
          };
        }),
        rows: Object.values(sourcePrints).reduce((sum, print) => sum + print.rows, 0),
      };
      if (report.tables.some((table) => !table.equal)) throw new DataCopyMismatchError(report);
      return report;
    }),
  );
}

/** A table whose key is a generated integer `id` (PostgreSQL's identity must then follow the copied ids). */
function hasIntegerId(shape: TableShape): boolean {
  return (
    shape.primaryKey.join() === "id" &&
    shape.columns.some((column) => column.name === "id" && column.type === "integer")
  );
}

/** The tables a copy carries: the site's rows, not the migrations' bookkeeping nor the search index. */
async function copiedTables(handle: DatabaseHandle): Promise<string[]> {
  const skipped = new Set([...MIGRATION_TABLES, ...handle.adapter.search.indexTables]);
  return (await tablesOf(handle)).filter((table) => !skipped.has(table));
}

function difference(a: readonly string[], b: readonly string[]): string {
  const only = (x: readonly string[], y: readonly string[]) => x.filter((table) => !y.includes(table));
  return [
    ...only(a, b).map((t) => `${t} only in the source`),
    ...only(b, a).map((t) => `${t} only in the target`),
  ].join(", ");
}

async function assertSameColumns(
  source: readonly TableShape[],
  target: readonly TableShape[],
): Promise<void> {
  for (const [index, shape] of source.entries()) {
    const names = (s: TableShape | undefined) =>
      (s?.columns.map((column) => column.name) ?? []).sort().join();
    if (names(shape) !== names(target[index])) {
      throw new DataCopyError(`the table ${shape.name} has other columns in the target than in the source`);
    }
  }
}

/**
 * Refuses a target holding rows unless told to replace them; then deletes what it holds (the
 * editions `tribune migrate` recorded, or everything with `replace`), referrers first.
 */
async function emptyTarget(
  scope: CatalogueScope,
  order: readonly string[],
  deferred: ReadonlyMap<string, string[]>,
  replace: boolean,
): Promise<void> {
  const counts = await countRows(scope.db, order);
  const held = Object.entries(counts).filter(
    ([table, rows]) => rows > 0 && !RECORDED_AT_START.includes(table),
  );
  if (held.length > 0 && !replace) {
    const rows = held.reduce((sum, [, n]) => sum + n, 0);
    const examples = held
      .slice(0, 4)
      .map(([table, n]) => `${table}: ${n}`)
      .join(", ");
    throw new DataCopyError(
      `the target already holds ${rows} rows in ${held.length} tables (${examples}${held.length > 4 ? ", …" : ""}): copy into an empty database, or add --replace to delete them first (nothing is deleted unless the whole copy succeeds)`,
    );
  }
  for (const [table, columns] of deferred) {
    await sql`update ${sql.table(table)} set ${sql.join(columns.map((column) => sql`${sql.id(column)} = null`))}`.execute(
      scope.db,
    );
  }
  for (const table of [...order].reverse()) await sql`delete from ${sql.table(table)}`.execute(scope.db);
}

/** Copies one table in batches; returns the checksum of the source rows it read. */
async function copyTable(
  from: CatalogueScope,
  into: Db,
  shape: TableShape,
  deferredColumns: readonly string[],
  options: { maxParameters: number; progress?: ((event: CopyProgress) => void) | undefined },
): Promise<TablePrint> {
  const columns = shape.columns.map((column) => column.name);
  const total = (await countRows(from.db, [shape.name]))[shape.name] ?? 0;
  const batch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(options.maxParameters / columns.length)));
  const checksum = new TableChecksum();
  const started = Date.now();
  let reported = 0;
  let done = 0;
  const report = (finished: boolean) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    options.progress?.({
      table: shape.name,
      done,
      total,
      rowsPerSecond: Math.round(done / seconds),
      finished,
    });
  };
  for await (const rows of readTableInBatches(from, shape.name, batch)) {
    for (const row of rows) checksum.add(row);
    await insertRows(into, shape.name, columns, rows, deferredColumns);
    done += rows.length;
    if (Date.now() - reported >= PROGRESS_EVERY_MS) {
      reported = Date.now();
      report(false);
    }
  }
  report(true);
  return checksum.print;
}

function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  deferredColumns: readonly string[],
): Promise<unknown> {
  const values = rows.map(
    (row) =>
      sql`(${sql.join(columns.map((column) => (deferredColumns.includes(column) ? null : (row[column] ?? null))))})`,
  );
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.id(column)))})
    values ${sql.join(values)}`.execute(db);
}

/** The second pass: references that closed a cycle, set now that every row they name is there. */
async function setDeferredReferences(
  from: CatalogueScope,
  into: Db,
  shape: TableShape,
  columns: readonly string[],
): Promise<void> {
  if (shape.primaryKey.length === 0) {
    throw new DataCopyError(`the table ${shape.name} refers to itself in a cycle but has no primary key`);
  }
  const equals = (names: readonly string[], row: Row, glue: string) =>
    sql.join(
      names.map((name) => sql`${sql.id(name)} = ${row[name] ?? null}`),
      sql.raw(glue),
    );
  for await (const rows of readTableInBatches(from, shape.name, BATCH_ROWS)) {
    for (const row of rows) {
      if (columns.every((column) => row[column] === null || row[column] === undefined)) continue;
      await sql`update ${sql.table(shape.name)} set ${equals(columns, row, ", ")}
        where ${equals(shape.primaryKey, row, " and ")}`.execute(into);
    }
  }
}
