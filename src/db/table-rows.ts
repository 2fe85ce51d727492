import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { CatalogueScope } from "./table-catalogue.ts";

/** A row as the driver gives it, by SQL column name. */
export type Row = Record<string, unknown>;

const ROWID = "tribune_rowid";
type RawDb = ReturnType<Db["withoutPlugins"]>;
let cursors = 0;

/**
 * Reads every row of `table` in batches of at most `size`, so that memory stays flat whatever the
 * table's size. SQLite: keyset pages over the rowid (or the primary key of a table without one).
 * PostgreSQL: a cursor, which only lives in a transaction, so `scope.db` must be one;
 * in a repeatable-read transaction every table is read from one snapshot.
 */
export async function* readTableInBatches(
  scope: CatalogueScope,
  table: string,
  size: number,
): AsyncGenerator<Row[]> {
  const db = scope.db.withoutPlugins();
  if (scope.schema === undefined) {
    yield* readSqliteInBatches(db, table, size);
    return;
  }
  if (!scope.db.isTransaction)
    throw new Error("readTableInBatches: PostgreSQL reads through a cursor, in a transaction");
  cursors += 1;
  const cursor = sql.id(`tribune_rows_${cursors}`);
  await sql`declare ${cursor} no scroll cursor for select * from ${sql.table(table)}`.execute(db);
  try {
    for (;;) {
      const { rows } =
        await sql<Row>`fetch forward ${sql.raw(String(Math.trunc(size)))} from ${cursor}`.execute(db);
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < size) return;
    }
  } finally {
    await sql`close ${cursor}`.execute(db);
  }
}

/**
 * Keyset pages over the rowid, or over the primary key of a table made WITHOUT ROWID (some of
 * FTS5's own tables are).
 */
async function* readSqliteInBatches(db: RawDb, table: string, size: number): AsyncGenerator<Row[]> {
  const { rows: definition } = await sql<{ sql: string | null }>`
    select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const withoutRowid = /without\s+rowid\s*$/i.test(definition[0]?.sql ?? "");
  const { rows: keyColumns } = await sql<{ name: string }>`
    select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db);
  const key = withoutRowid ? keyColumns.map((column) => column.name) : [ROWID];
  const keyList = withoutRowid ? sql.join(key.map((column) => sql.id(column))) : sql.raw("rowid");
  const select = withoutRowid ? sql`select *` : sql`select rowid as ${sql.id(ROWID)}, *`;
  let after: unknown[] | undefined;
  for (;;) {
    const { rows } = await sql<Row>`
      ${select} from ${sql.table(table)}
      where ${after === undefined ? sql`1 = 1` : sql`(${keyList}) > (${sql.join(after)})`}
      order by ${keyList} limit ${size}`.execute(db);
    if (rows.length === 0) return;
    const last = rows.at(-1) as Row;
    after = key.map((column) => last[column]);
    if (!withoutRowid) for (const row of rows) delete row[ROWID];
    yield rows;
    if (rows.length < size) return;
  }
}
