import type { Insertable, Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * Inserts rows with as few statements as the dialect allows: each multi-row insert carries at most
 * `maxParameters` bound values (every row has the same columns).
 */
export async function insertInChunks<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  maxParameters: number,
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const size = Math.max(1, Math.floor(maxParameters / Object.keys(first).length));
  for (let start = 0; start < rows.length; start += size) {
    // Kysely cannot relate a generic table name to its row type; the signature above does.
    await db
      .insertInto(table)
      .values(rows.slice(start, start + size) as never)
      .execute();
  }
}
