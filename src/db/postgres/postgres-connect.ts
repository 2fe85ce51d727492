import type { Dialect } from "kysely";
import { PostgresDialect } from "kysely";
import type pg from "pg";

export interface PostgresOptions {
  /** A schema to work in (created if missing); tests give each run its own. */
  schema?: string | undefined;
  poolSize?: number | undefined;
}

/** The connection pool right now: connections open, of them idle, and queries waiting for one. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export async function connectPostgres(
  url: string,
  options: PostgresOptions = {},
): Promise<{
  dialect: Dialect;
  close: () => Promise<void>;
  Client: typeof pg.Client;
  poolStats: () => PoolStats;
}> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`Invalid PostgreSQL schema name "${schema}"`);
  }
  // Loaded here, not at start: a site on SQLite never pays for the driver.
  const { default: driver } = await import("pg");
  // COUNT(*) and other int8 results arrive as strings by default; our counts fit in a double.
  driver.types.setTypeParser(driver.types.builtins.INT8, (value) => Number.parseInt(value, 10));
  const pool = new driver.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection the server ends (a restart, a terminated backend, a dropped database) is
  // reported here after the pool has let it go: the next query opens another. Without a listener,
  // the report would end the process.
  pool.on("error", () => {});
  // The pool listens for that only while a connection is idle. One checked out (a transaction
  // between two statements, say) whose server goes away reports it on the client itself, and with
  // nothing listening there that would end the process. The statement in flight fails on its own,
  // and the pool drops a broken connection when it comes back.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  if (schema) await pool.query(`create schema if not exists ${schema}`);
  return {
    dialect: new PostgresDialect({ pool }),
    close: () => pool.end(),
    Client: driver.Client,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
