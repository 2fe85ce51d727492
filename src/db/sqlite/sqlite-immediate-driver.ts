import type SQLite from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type QueryResult,
  SqliteDialect,
  SqliteDriver,
} from "kysely";
import { DatabaseBusyError } from "../../shared/errors.ts";
import { isDatabaseBusy } from "../database-busy.ts";

/** How long a transaction or a write may wait for another process to release the write lock. */
export const LOCK_WAIT_MS = 10_000;
/**
 * SQLite's own busy timeout, for connections off the event loop (the search thread), where
 * sleeping inside SQLite blocks no one. The event loop's connection waits without it (below).
 */
export const BUSY_TIMEOUT_MS = 5_000;

type SqliteDialectConfig = ConstructorParameters<typeof SqliteDialect>[0];

/**
 * SQLite for several processes on one file. Every transaction begins `IMMEDIATE`: a deferred one
 * reads first and asks for the write lock on its first write, and when another process committed
 * in between SQLite answers SQLITE_BUSY_SNAPSHOT at once, which no busy timeout helps (with two
 * workers, about one newsroom write in twenty failed). And nothing waits inside SQLite: its busy
 * handler sleeps on the event loop, so a worker whose write met another process's lock stopped
 * answering even cached pages. Here the connection has no busy timeout; a statement or a BEGIN
 * that finds the database locked is tried again after an asynchronous pause, and past
 * `lockWaitMs` fails with DatabaseBusyError (503, Retry-After), having changed nothing.
 */
export class ImmediateTransactionDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #lockWaitMs: number;

  constructor(config: SqliteDialectConfig, database: SQLite.Database, lockWaitMs = LOCK_WAIT_MS) {
    super(config);
    this.#config = config;
    this.#lockWaitMs = lockWaitMs;
    database.pragma("busy_timeout = 0");
  }

  override createDriver(): SqliteDriver {
    return new ImmediateTransactionDriver(this.#config, this.#lockWaitMs);
  }
}

class ImmediateTransactionDriver extends SqliteDriver {
  readonly #lockWaitMs: number;
  #connection: WaitingConnection | undefined;

  constructor(config: SqliteDialectConfig, lockWaitMs: number) {
    super(config);
    this.#lockWaitMs = lockWaitMs;
  }

  /** SQLite has one connection, which Kysely's mutex hands out one user at a time. */
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#connection ??= new WaitingConnection(connection, this.#lockWaitMs);
    return this.#connection;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(BEGIN_IMMEDIATE);
    (connection as WaitingConnection).inTransaction = true;
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection, COMMIT);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection, ROLLBACK);
  }

  async #end(connection: DatabaseConnection, query: CompiledQuery): Promise<void> {
    try {
      await connection.executeQuery(query);
    } finally {
      (connection as WaitingConnection).inTransaction = false;
    }
  }
}

/**
 * Runs statements outside a transaction (and the BEGIN) again while another process holds the
 * lock. Inside a transaction it never needs to: BEGIN IMMEDIATE already holds the write lock, and
 * in WAL mode readers do not block it.
 */
class WaitingConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    private readonly inner: DatabaseConnection,
    private readonly lockWaitMs: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.inner.executeQuery<R>(query);
    const deadline = Date.now() + this.lockWaitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (error) {
        if (!isDatabaseBusy(error)) throw error;
        if (Date.now() >= deadline) throw new DatabaseBusyError();
      }
      await sleep(backoff(attempt));
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

const BEGIN_IMMEDIATE = CompiledQuery.raw("begin immediate");
const COMMIT = CompiledQuery.raw("commit");
const ROLLBACK = CompiledQuery.raw("rollback");

/** 1, 2, 4 … 32 ms, with jitter so that waiting processes do not retry in step. */
function backoff(attempt: number): number {
  const ceiling = 2 ** Math.min(attempt, 5);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
