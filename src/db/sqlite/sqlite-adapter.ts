import type { CreateTableBuilder } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";
import { sqliteSearch } from "./sqlite-search.ts";

export const sqliteAdapter: DialectAdapter = {
  name: "sqlite",
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>) {
    return table.addColumn("id", "integer", (column) => column.primaryKey().autoIncrement());
  },
  caseInsensitiveLike: "like",
  // SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766 since 3.32.
  maxParameters: 32_000,
  // An explicit id above the largest one moves AUTOINCREMENT's counter along with it.
  async resetIdSequence() {},
  async rollBackIfIdle() {},
  search: sqliteSearch,
};
