import type { ColumnDefinitionBuilder, CreateTableBuilder } from "kysely";

export type DialectName = "sqlite" | "postgres";

/**
 * What differs between SQLite and PostgreSQL, named once. Services and migrations ask the adapter
 * instead of testing the dialect themselves; each dialect folder holds its implementation.
 */
export interface DialectAdapter {
  readonly name: DialectName;
  /** Adds an auto-incrementing integer primary key named `id`. */
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, "id">;
  /** The operator that matches text case-insensitively (`like` folds ASCII case in SQLite). */
  readonly caseInsensitiveLike: "like" | "ilike";
  /** Largest number of bound parameters one statement may carry. */
  readonly maxParameters: number;
}

export type ColumnModifier = (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
