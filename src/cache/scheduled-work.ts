import type { Db } from "../db/database.ts";
import { Lease, runWhileLeased } from "../db/lease.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { ScheduleWatcher } from "./schedule-watcher.ts";

/** The lease of the schedule watcher: one process across all instances announces what came due. */
export const SCHEDULE_LEASE = "schedule-watcher";

export interface ScheduledWorkOptions {
  db: Db;
  events: ContentEvents;
  editions: readonly string[];
  /** This process, as the lease names its holder. */
  holder: string;
  leaseTtlMs: number;
  onError: (error: unknown) => void;
}

/**
 * The schedule watcher, run by one process at a time across every instance on the database: the
 * one holding the `schedule-watcher` lease. Its announcements purge Varnish and queue webhook
 * deliveries, which must happen once; the other instances hear of them through the outbox. The
 * holder saves each look's time in the lease, and a process taking over (the holder died) starts
 * from there.
 */
export interface ScheduledWork {
  close(): Promise<void>;
  /** Seconds since the oldest publication not yet announced came due; 0 while not holding the lease. */
  lagSeconds(): Promise<number>;
}

export async function watchScheduleOnce(options: ScheduledWorkOptions): Promise<ScheduledWork> {
  const lease = new Lease(options.db, SCHEDULE_LEASE, options.holder, options.leaseTtlMs);
  let watcher: ScheduleWatcher | undefined;
  const running = await runWhileLeased({
    lease,
    onError: options.onError,
    start: async () => {
      const since = (await lease.readState()) ?? undefined;
      watcher = new ScheduleWatcher({
        db: options.db,
        events: options.events,
        editions: options.editions,
        since,
        onChecked: async (lastCheck) => {
          await lease.saveState(lastCheck);
        },
        onError: options.onError,
      });
      await watcher.start();
    },
    stop: async () => {
      await watcher?.stop();
      watcher = undefined;
    },
  });
  return { close: () => running.close(), lagSeconds: async () => (await watcher?.lagSeconds()) ?? 0 };
}
