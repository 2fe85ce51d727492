import type SQLite from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, SqliteDialect, SqliteDriver } from "kysely";
import { DatabaseBusyError } from "../../shared/errors.ts";
import { isDatabaseBusy } from "../database-busy.ts";

/** How long a transaction may wait for another process to release the write lock. */
export const LOCK_WAIT_MS = 10_000;
/** The busy timeout of every other statement (autocommit writes, checkpoints). */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * SQLite with every transaction begun `IMMEDIATE`. A deferred transaction reads first and asks for
 * the write lock on its first write; when another process committed in between, SQLite answers
 * SQLITE_BUSY_SNAPSHOT at once, which no busy timeout can help: with several workers (the default)
 * that failed about one newsroom write in twenty. Taking the lock up front makes a transaction
 * wait its turn instead. The wait is asynchronous, so the worker keeps answering cached pages
 * while another process holds the lock; past `LOCK_WAIT_MS` the request fails with
 * DatabaseBusyError (503, Retry-After), having changed nothing.
 */
export class ImmediateTransactionDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  readonly #database: SQLite.Database;
  readonly #lockWaitMs: number;

  constructor(
    config: ConstructorParameters<typeof SqliteDialect>[0],
    database: SQLite.Database,
    lockWaitMs = LOCK_WAIT_MS,
  ) {
    super(config);
    this.#config = config;
    this.#database = database;
    this.#lockWaitMs = lockWaitMs;
  }

  override createDriver(): SqliteDriver {
    return new ImmediateTransactionDriver(this.#config, this.#database, this.#lockWaitMs);
  }
}

class ImmediateTransactionDriver extends SqliteDriver {
  readonly #database: SQLite.Database;
  readonly #lockWaitMs: number;

  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    database: SQLite.Database,
    lockWaitMs: number,
  ) {
    super(config);
    this.#database = database;
    this.#lockWaitMs = lockWaitMs;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const deadline = Date.now() + this.#lockWaitMs;
    for (let attempt = 0; ; attempt++) {
      // Not waiting inside SQLite: its busy handler would sleep on the event loop.
      this.#database.pragma("busy_timeout = 0");
      try {
        await connection.executeQuery(BEGIN_IMMEDIATE);
        return;
      } catch (error) {
        if (!isDatabaseBusy(error)) throw error;
        if (Date.now() >= deadline) throw new DatabaseBusyError();
      } finally {
        this.#database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      await sleep(backoff(attempt));
    }
  }
}

const BEGIN_IMMEDIATE = CompiledQuery.raw("begin immediate");

/** 1, 2, 4 … 32 ms, with jitter so that waiting processes do not retry in step. */
function backoff(attempt: number): number {
  const ceiling = 2 ** Math.min(attempt, 5);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
