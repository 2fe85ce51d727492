import type { ColumnDefinitionBuilder, CreateTableBuilder, QueryExecutorProvider } from "kysely";
import type { SearchEngineFactory } from "./search/search-engine.ts";

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
  /**
   * After rows were inserted with explicit ids, makes the next generated `id` of `table` (its SQL
   * name) follow the largest one. PostgreSQL identity columns need it; SQLite does it by itself.
   */
  resetIdSequence(db: QueryExecutorProvider, table: string): Promise<void>;
  /**
   * In a transaction: from now on, should it wait longer than `ms` for its next statement (or its
   * commit), the server ends it, rolled back. PostgreSQL sets `idle_in_transaction_session_timeout`
   * for the rest of the transaction; on SQLite a transaction holds the file's one write lock, so
   * nobody commits meanwhile, and it does nothing.
   */
  rollBackIfIdle(db: QueryExecutorProvider, ms: number): Promise<void>;
  /** Full-text search: FTS5 with terms stemmed in JavaScript, or PostgreSQL text search. */
  readonly search: SearchEngineFactory;
}

export type ColumnModifier = (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
