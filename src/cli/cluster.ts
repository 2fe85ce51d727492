import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import {
  CONTENT_CHANGE_CHANNEL,
  ContentOutbox,
  isClosedChannelError,
  isRelayMessage,
  newInstanceOrigin,
  OutboxPoller,
  type RelayMessage,
} from "../cache/cluster-relay.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ValidationError } from "../shared/errors.ts";

/** The entry every worker runs: the same CLI, through tsx, whatever started the primary. */
const CLI_ENTRY = fileURLToPath(new URL("../../bin/tribune.js", import.meta.url));
/** Required into every worker first: it listens for the errors of a channel whose primary is gone. */
const WORKER_PRELOAD = fileURLToPath(new URL("../../bin/cluster-worker.cjs", import.meta.url));
/** How the primary tells its workers which instance they belong to (for the outbox). */
export const INSTANCE_ORIGIN_VARIABLE = "TRIBUNE_INSTANCE_ORIGIN";
/**
 * "1" in the one worker that may announce scheduled publications and promotion windows when their
 * time comes, "0" in the others: every worker hears of them through the relay, and Varnish and the
 * outbox get each once. A single process (no cluster) may watch the schedule itself. Across
 * instances, the one of these holding the schedule lease watches (src/cache/scheduled-work.ts).
 */
export const SCHEDULE_WATCHER_VARIABLE = "TRIBUNE_WATCH_SCHEDULE";
const MAX_WORKERS = 256;
/** A worker that ends before it listens, or sooner than this after, counts as a failed start. */
const QUICK_EXIT_MS = 5_000;
/** Failed starts in a row, before any worker ever listened, after which the primary gives up. */
const GIVE_UP_AFTER = 3;
const MAX_RESTART_DELAY_MS = 30_000;
/**
 * How much longer than the drain timeout (SHUTDOWN_TIMEOUT_SECONDS) the primary waits for its workers,
 * which exit by themselves at that timeout, before it kills them.
 */
const KILL_MARGIN_MS = 2_000;

/**
 * glibc's allocator settings every worker starts with; an operator's own setting wins. glibc gives
 * each thread that allocates its own arena, zlib's and libvips' included, and keeps what they freed:
 * two arenas keep a worker tens of MB smaller after compressing thousands of pages. And it raises
 * its mmap threshold to the largest block freed, so after one image decode the next decodes' tens
 * of MB come from an arena that keeps them; a fixed threshold returns them to the system at once
 * (with both, 16 uploads of the costliest images stay near 250 MB: bench/media-memory.ts).
 */
export function workerAllocatorEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "2",
    MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? "131072",
  };
}

/**
 * V8 flags every worker starts with, unless the operator's own flags (NODE_OPTIONS, the primary's)
 * already choose: a young generation of 4 MB semi-spaces instead of up to 16. Under a burst of
 * short-lived allocations (a search flood answered with busy pages) V8 grows the young generation to
 * its maximum and keeps it; with 4 MB a worker stays 30 to 50 MB smaller, and cached pages were
 * answered as fast (bench: 30,300 vs 29,700 req/s for the hot article).
 */
export function workerV8Flags(execArgv: readonly string[], nodeOptions = ""): string[] {
  const chosen = [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) =>
    flag.startsWith("--max-semi-space-size"),
  );
  return chosen ? [] : ["--max-semi-space-size=4"];
}

/** `--workers N`: 1 to 256; absent means one per core. */
export function parseWorkerCount(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_WORKERS) {
    throw new ValidationError(
      "--workers",
      `takes a whole number from 1 to ${MAX_WORKERS} (processes serving the site; default: one per core, ${availableParallelism()} here), not "${value}"`,
    );
  }
  return Number(value);
}

/** Wait before starting another worker after `failures` quick exits in a row: 0, 0.5 s, 1 s, 2 s … 30 s. */
export function restartDelay(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** (failures - 1));
}

export interface PrimaryOptions {
  workers: number;
  /** The CLI command the workers run ("serve" or "demo"); they skip migrating and seeding. */
  command: string;
  /** The migrated database: the primary reads the outbox through it. */
  database: DatabaseHandle;
  /** Called once, when every worker listens. */
  onListening: () => void;
  /** How long workers may drain on SIGTERM (SHUTDOWN_TIMEOUT_SECONDS). */
  shutdownTimeoutMs: number;
}

/**
 * The cluster primary: forks the workers (each builds the app and listens on the same port), replaces
 * any that dies, with a growing delay when they keep failing, relays content changes between them, and
 * stops them all on SIGINT/SIGTERM. Resolves with the exit code once everything has stopped.
 */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  const origin = newInstanceOrigin();
  const outbox = new ContentOutbox(options.database.db, origin);
  /** When each worker started listening. */
  const listeningSince = new Map<number, number>();
  let everListened = false;
  let announced = false;
  let failures = 0;
  let stopping = false;
  let exitCode = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  // A worker that just exited may still be listed (until its channel closes): not live.
  const live = () =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  const broadcast = (message: RelayMessage, except?: Worker) => {
    for (const worker of live()) {
      if (worker === except || !worker.isConnected()) continue;
      // A worker killed a moment ago still looks connected: the send fails, and its exit is handled.
      worker.send(message, undefined, (error: Error | null) => {
        if (error && !isClosedChannelError(error))
          console.error("tribune: relaying to a worker failed:", error);
      });
    }
  };
  const poller = new OutboxPoller({
    outbox,
    deliver: (change) => broadcast({ type: "tribune:content-change", id: null, change }),
    signal: options.database.changeSignal?.(CONTENT_CHANGE_CHANNEL),
    onError: (error) => console.error("tribune: reading the content_changes outbox failed:", error),
  });

  cluster.setupPrimary({
    exec: CLI_ENTRY,
    args: [options.command],
    execArgv: [
      ...process.execArgv,
      ...workerV8Flags(process.execArgv, process.env.NODE_OPTIONS),
      "--require",
      WORKER_PRELOAD,
    ],
    silent: false,
  });
  let scheduleWatcher: Worker | undefined;
  const fork = () => {
    // The first worker watches the schedule; when it dies, the next worker forked takes over.
    const watches = scheduleWatcher === undefined || scheduleWatcher.isDead();
    const worker = cluster.fork({
      [INSTANCE_ORIGIN_VARIABLE]: origin,
      [SCHEDULE_WATCHER_VARIABLE]: watches ? "1" : "0",
      ...workerAllocatorEnv(process.env),
    });
    if (watches) scheduleWatcher = worker;
    // Node's own messages to a worker that just died fail the same way; its exit says the rest.
    worker.on("error", (error: Error) => {
      if (!isClosedChannelError(error)) console.error(`tribune: worker ${worker.process.pid}:`, error);
    });
    worker.on("message", (message: unknown) => {
      if (isRelayMessage(message)) broadcast(message, worker);
    });
  };

  return new Promise<number>((resolve) => {
    let stopped = false;
    const finish = async (code: number) => {
      if (stopped) return;
      stopped = true;
      await poller.stop();
      await options.database.close();
      resolve(code);
    };

    let listening = 0;
    cluster.on("listening", (worker) => {
      listeningSince.set(worker.id, Date.now());
      everListened = true;
      listening++;
      if (!announced && listening >= options.workers) {
        announced = true;
        options.onListening();
      }
    });

    cluster.on("exit", (worker, code, signal) => {
      const since = listeningSince.get(worker.id);
      listeningSince.delete(worker.id);
      if (stopping) {
        // A worker that could not drain in time makes the whole stop a failure.
        if (code !== 0 || signal) exitCode = 1;
        if (live().length === 0) void finish(exitCode);
        return;
      }
      failures = since === undefined || Date.now() - since < QUICK_EXIT_MS ? failures + 1 : 0;
      if (!everListened && failures >= GIVE_UP_AFTER) {
        console.error(
          `tribune: workers keep failing to start (${failures} in a row, the last ${describeExit(code, signal)}); giving up. Their errors are printed above.`,
        );
        stopping = true;
        exitCode = 1;
        clearTimeout(restartTimer);
        for (const other of live()) other.process.kill("SIGTERM");
        if (live().length === 0) void finish(exitCode);
        return;
      }
      const delay = restartDelay(failures);
      console.error(
        `tribune: worker ${worker.process.pid} ${describeExit(code, signal)}; starting another${delay ? ` in ${delay / 1000} s` : ""}`,
      );
      restartTimer = setTimeout(() => {
        if (!stopping) fork();
      }, delay);
    });

    const stop = (signal: string) => {
      if (stopping) {
        // An operator's second signal: no more waiting.
        console.log(`${signal} received again: killing ${live().length} worker(s)`);
        for (const worker of live()) worker.process.kill("SIGKILL");
        process.exit(1);
      }
      stopping = true;
      clearTimeout(restartTimer);
      console.log(`${signal} received, draining ${live().length} worker(s)`);
      if (live().length === 0) {
        void finish(exitCode);
        return;
      }
      // Workers close their server, finish what they are answering, and exit; stragglers are killed.
      for (const worker of live()) worker.process.kill("SIGTERM");
      setTimeout(() => {
        for (const worker of live()) worker.process.kill("SIGKILL");
      }, options.shutdownTimeoutMs + KILL_MARGIN_MS).unref();
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));

    void poller.start().then(
      () => {
        for (let i = 0; i < options.workers; i++) fork();
      },
      async (error: unknown) => {
        console.error("tribune: cannot read the content_changes outbox:", error);
        await finish(1);
      },
    );
  });
}

/**
 * In a cluster worker: calls `finish` once the primary is gone (killed, say), so the worker stops
 * taking requests, answers those it has, and exits. Node's cluster would otherwise exit the worker
 * the moment its channel closes, cutting off every request in progress. (A message sent to the
 * primary just before then fails with EPIPE: bin/cluster-worker.cjs keeps that from crashing the
 * worker.) Past `timeoutMs` the worker exits anyway: no primary is left to stop it.
 */
export function onPrimaryGone(finish: () => Promise<void>, timeoutMs: number): void {
  const worker = cluster.worker;
  if (!worker) return;
  worker.once("disconnect", () => {
    // Set by Node when the primary asked this worker to disconnect: then Node's own way holds.
    if (worker.exitedAfterDisconnect) return;
    // Node exits the worker right after this event unless it was a disconnect on purpose.
    worker.exitedAfterDisconnect = true;
    console.error(
      `tribune: worker ${process.pid}: the primary is gone; finishing the requests in progress, then exiting`,
    );
    setTimeout(() => {
      console.error(
        `tribune: worker ${process.pid}: requests still open after ${timeoutMs} ms; exiting anyway`,
      );
      process.exit(1);
    }, timeoutMs).unref();
    finish().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`tribune: worker ${process.pid} could not stop cleanly:`, error);
        process.exit(1);
      },
    );
  });
}

function describeExit(code: number | null, signal: string | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}
