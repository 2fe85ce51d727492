// What a cache miss costs: pages rendered in-process with the page cache off (PAGE_CACHE_MB=0),
// timed one by one, with every SQL statement counted and its query plan checked for full scans.
import SQLite from "better-sqlite3";
import type { FastifyInstance } from "fastify";
import { CamelCasePlugin, Kysely } from "kysely";
import type { DatabaseHandle } from "../../src/db/database.ts";
import type { Database } from "../../src/db/schema.ts";
import { sqliteAdapter } from "../../src/db/sqlite/sqlite-adapter.ts";
import { connectSqlite } from "../../src/db/sqlite/sqlite-connect.ts";

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** Counts (and, while `recording`, keeps) the statements run through one database handle. */
export class QueryLog {
  count = 0;
  recording = false;
  statements: Statement[] = [];

  record(statement: Statement): void {
    this.count++;
    if (this.recording) this.statements.push(statement);
  }
}

/** The corpus opened as openDatabase would, plus Kysely's log hook feeding `log`. */
export function openLoggedDatabase(file: string, log: QueryLog): DatabaseHandle {
  const db = new Kysely<Database>({
    dialect: connectSqlite(file),
    plugins: [new CamelCasePlugin()],
    log: (event) => log.record({ sql: event.query.sql, parameters: event.query.parameters }),
  });
  return { db, adapter: sqliteAdapter, close: () => db.destroy() };
}

export interface MissFigures {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  /** Statements per page: the median and the most seen. */
  queriesMedian: number;
  queriesMax: number;
  /** Query plan steps that read a whole table (SQLite "SCAN t" without an index), with the table. */
  fullScans: string[];
  /** Plan steps that sort rows in a temporary b-tree (an ORDER BY no index serves). */
  tempSorts: string[];
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * Renders each path once (after `warmup` untimed renders of the first ones) and times it; every
 * answer must be a 200. The plans of the statements of one page are checked with EXPLAIN QUERY PLAN.
 */
export async function measureMisses(
  app: FastifyInstance,
  log: QueryLog,
  file: string,
  paths: string[],
  warmup = 20,
): Promise<MissFigures> {
  for (const path of paths.slice(0, warmup)) await inject(app, path);
  const times: number[] = [];
  const queries: number[] = [];
  for (const [i, path] of paths.entries()) {
    log.recording = i === 0;
    log.statements = i === 0 ? [] : log.statements;
    const before = log.count;
    const started = performance.now();
    await inject(app, path);
    times.push(performance.now() - started);
    queries.push(log.count - before);
  }
  log.recording = false;
  const plans = explain(file, log.statements);
  return {
    samples: paths.length,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    queriesMedian: percentile(queries, 50),
    queriesMax: Math.max(...queries),
    ...plans,
  };
}

async function inject(app: FastifyInstance, path: string): Promise<void> {
  const response = await app.inject({ method: "GET", url: path });
  if (response.statusCode !== 200) {
    throw new Error(`GET ${path} answered ${response.statusCode} in-process: ${response.body.slice(0, 300)}`);
  }
}

/** Runs EXPLAIN QUERY PLAN for each statement on a read-only connection. */
function explain(file: string, statements: Statement[]): Pick<MissFigures, "fullScans" | "tempSorts"> {
  const database = new SQLite(file, { readonly: true });
  const fullScans = new Set<string>();
  const tempSorts = new Set<string>();
  try {
    // "SCAN tag0" walks the rows a subquery produced (one per tag of a union), not a table.
    const tables = new Set(
      (
        database.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
      ).map((row) => row.name),
    );
    for (const statement of statements) {
      if (!/^\s*select\b/i.test(statement.sql)) continue;
      const steps = database
        .prepare(`explain query plan ${statement.sql}`)
        .all(...(statement.parameters as unknown[])) as { detail: string }[];
      for (const { detail } of steps) {
        const scan = /^SCAN (\w+)(?! USING)(?! VIRTUAL)/.exec(detail);
        if (scan?.[1] && tables.has(scan[1]) && !/USING|VIRTUAL|CONSTANT ROW/.test(detail)) {
          fullScans.add(scan[1]);
        }
        if (/TEMP B-TREE/.test(detail)) tempSorts.add(`${detail} in: ${statement.sql.slice(0, 120)}`);
      }
    }
  } finally {
    database.close();
  }
  return { fullScans: [...fullScans], tempSorts: [...tempSorts] };
}
