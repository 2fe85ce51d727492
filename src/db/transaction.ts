import type { Db } from "./database.ts";

/** Runs `work` in a transaction: the one `db` already is, or a new one committed when it returns. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
