import { sql } from "kysely";
import type { CatalogueScope } from "./table-catalogue.ts";

/** A row as the driver gives it, by SQL column name. */
export type Row = Record<string, unknown>;

const ROWID = "tribune_rowid";
let cursors = 0;

/**
 * Reads every row of `table` in batches of at most `size`, so that memory stays flat whatever the
 * table's size. SQLite: keyset pages over the rowid (every table here has one, with or without a
 * primary key). PostgreSQL: a cursor, which only lives in a transaction, so `scope.db` must be one;
 * in a repeatable-read transaction every table is read from one snapshot.
 */
export async function* readTableInBatches(
  scope: CatalogueScope,
  table: string,
  size: number,
): AsyncGenerator<Row[]> {
  const db = scope.db.withoutPlugins();
  if (scope.schema === undefined) {
    let after: unknown = null;
    for (;;) {
      const { rows } = await sql<Row>`
        select rowid as ${sql.id(ROWID)}, * from ${sql.table(table)}
        where ${after === null ? sql`1 = 1` : sql`rowid > ${after}`}
        order by rowid limit ${size}`.execute(db);
      if (rows.length === 0) return;
      after = rows.at(-1)?.[ROWID];
      for (const row of rows) delete row[ROWID];
      yield rows;
      if (rows.length < size) return;
    }
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
