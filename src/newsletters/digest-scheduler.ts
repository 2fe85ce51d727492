import type { Db } from "../db/database.ts";
import { Lease, runWhileLeased } from "../db/lease.ts";
import type { Editions } from "../editions/edition-service.ts";
import { latestDueSlot, ScheduleStore } from "./digest-schedule.ts";
import { type DigestService, SendInProgressError } from "./digest-service.ts";

/** The lease of the digest scheduler: one process across all instances looks at the schedules. */
export const DIGEST_SCHEDULE_LEASE = "newsletter-schedule";
const LOOK_EVERY_MS = 30_000;

export interface DigestSchedulerOptions {
  db: Db;
  editions: Editions;
  digests: DigestService;
  holder: string;
  leaseTtlMs: number;
  onError: (error: unknown) => void;
  clock?: () => Date;
}

/**
 * Sends each edition's digest when its schedule comes due, and finishes any issue whose sender
 * stopped half way; run by the one process holding the `newsletter-schedule` lease. Each due slot
 * is taken once in the database (ScheduleStore.takeSlot), so a takeover never sends it again.
 */
export async function scheduleDigests(options: DigestSchedulerOptions): Promise<{ close(): Promise<void> }> {
  const store = new ScheduleStore(options.db);
  const clock = options.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const look = async () => {
    const now = clock();
    const unfinished = new Set(await options.digests.unfinishedEditions());
    for (const edition of options.editions.all) {
      const schedule = await store.get(edition.code);
      const slot = latestDueSlot(schedule, edition.timeZone, now);
      const due = slot !== null && (await store.takeSlot(edition.code, slot));
      if (!due && !unfinished.has(edition.code)) continue;
      await options.digests.send(edition, "schedule", now).catch((error: unknown) => {
        if (!(error instanceof SendInProgressError)) options.onError(error);
      });
    }
  };
  const lease = new Lease(options.db, DIGEST_SCHEDULE_LEASE, options.holder, options.leaseTtlMs);
  return runWhileLeased({
    lease,
    onError: options.onError,
    start: async () => {
      const tick = () => {
        running = look().catch(options.onError);
      };
      tick();
      timer = setInterval(tick, LOOK_EVERY_MS);
      timer.unref();
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  });
}
