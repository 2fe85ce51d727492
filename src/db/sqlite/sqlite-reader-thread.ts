import { Worker } from "node:worker_threads";
import type { CompiledQuery } from "kysely";
import { BUSY_TIMEOUT_MS } from "./sqlite-immediate-driver.ts";

/**
 * The thread's nice value on Linux. 10 weighs a tenth of the event loop's 0 for the scheduler: when
 * pages keep the cores busy, a search gets about a tenth of a core, and all of an idle one. (At 19,
 * the lowest, the hot article kept 0.89-0.94 of its rate beside a search flood instead of 0.80-0.85,
 * but half as many searches were answered, and some took longer than 5 s.)
 */
export const READER_THREAD_NICE = 10;
/** The thread's own page cache: full-text doclists are read once per query, hot pages stay small. */
const CACHE_KIB = 8_000;
const ENTRY = new URL("./sqlite-reader-thread.worker.mjs", import.meta.url);

interface Pending {
  resolve: (rows: unknown[]) => void;
  reject: (error: Error) => void;
}

type Answer = { id: number; rows: unknown[] } | { id: number; error: { message: string; code?: string } };

/**
 * Runs read-only statements on one SQLite file in a worker thread of its own (better-sqlite3 is
 * synchronous: in the event loop's thread a 10 ms full-text search stops every other request for
 * 10 ms). Statements queue in the thread and run one at a time, in order. The thread starts with
 * the first statement, keeps the process alive only while statements are pending, and is started
 * again if it ever stops.
 */
export class SqliteReaderThread {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  constructor(private readonly file: string) {}

  /** The rows of a compiled SELECT, as objects named by its columns. */
  all<Row>(query: CompiledQuery): Promise<Row[]> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    return new Promise<Row[]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ id, sql: query.sql, parameters: query.parameters });
    });
  }

  /** Stops the thread; statements still pending fail. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #start(): Worker {
    const worker = new Worker(ENTRY, {
      workerData: {
        file: this.file,
        nice: READER_THREAD_NICE,
        busyTimeoutMs: BUSY_TIMEOUT_MS,
        cacheKib: CACHE_KIB,
      },
      // Not the parent's flags (tsx's loader, say): the entry is plain JavaScript.
      execArgv: [],
    });
    worker.unref();
    worker.on("message", (answer: Answer) => {
      const pending = this.#pending.get(answer.id);
      if (!pending) return;
      this.#pending.delete(answer.id);
      if (this.#pending.size === 0) worker.unref();
      if ("rows" in answer) pending.resolve(answer.rows);
      else pending.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
    });
    worker.on("error", (error) => this.#stopped(worker, error));
    worker.on("exit", (code) =>
      this.#stopped(worker, new Error(`The search thread stopped (exit code ${code}).`)),
    );
    this.#worker = worker;
    return worker;
  }

  #stopped(worker: Worker, error: Error): void {
    if (this.#worker === worker) this.#worker = undefined;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
