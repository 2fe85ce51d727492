import cluster from "node:cluster";

export interface GracefulShutdownOptions {
  /** Stops taking requests, finishes those in progress and the jobs under way, lets go of the database. */
  drain: () => Promise<void>;
  /** How long the drain may take before the process exits anyway (SHUTDOWN_TIMEOUT_SECONDS). */
  timeoutMs: number;
  log: (message: string) => void;
}

/**
 * SIGTERM or SIGINT drains the process, then exits 0; past the timeout it exits 1, and so does a
 * second signal, at once (an operator's second Ctrl-C). In a cluster worker a second signal is
 * ignored: Ctrl-C reaches the primary and every worker, and the primary then sends SIGTERM too;
 * the primary is the one that answers an operator's second signal, by killing its workers.
 */
export function drainOnSignals(options: GracefulShutdownOptions): void {
  let draining = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (draining) {
      if (cluster.isWorker) return;
      options.log(`${signal} received again: exiting without waiting`);
      process.exit(1);
    }
    draining = true;
    options.log(
      `${signal} received: refusing new connections, finishing the requests and jobs in progress (at most ${options.timeoutMs / 1000} s)`,
    );
    setTimeout(() => {
      options.log(
        `still not drained after ${options.timeoutMs / 1000} s (SHUTDOWN_TIMEOUT_SECONDS); exiting`,
      );
      process.exit(1);
    }, options.timeoutMs).unref();
    options.drain().then(
      () => process.exit(0),
      (error: unknown) => {
        options.log(`could not stop cleanly: ${(error as Error).stack ?? String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
