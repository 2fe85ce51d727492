import type { CreateTableBuilder } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

export const postgresAdapter: DialectAdapter = {
  name: "postgres",
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>) {
    return table.addColumn("id", "integer", (column) => column.primaryKey().generatedByDefaultAsIdentity());
  },
  caseInsensitiveLike: "ilike",
  // The wire protocol counts parameters in 16 bits.
  maxParameters: 65_000,
};
