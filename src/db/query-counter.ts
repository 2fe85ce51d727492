import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";

/**
 * Counts the statements a Kysely instance ran to completion (the metrics' database queries per
 * second). Kysely hands every result to its plugins, whether the query was built by a query
 * builder or compiled once and run again (`preparedQuery`), so one result is one statement; a
 * statement that failed is not counted. Statements run outside Kysely (SQLite's search thread)
 * are not either.
 */
export class QueryCounter implements KyselyPlugin {
  #completed = 0;

  /** Statements completed since the database was opened. */
  get completed(): number {
    return this.#completed;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.#completed++;
    return args.result;
  }
}
