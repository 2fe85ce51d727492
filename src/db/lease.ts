import type { Db } from "./database.ts";

/**
 * One row of the `leases` table: the right to do some work (announce the schedule, poll feeds) in
 * one process at a time across every instance on the database. Held for `ttlMs` from each renewal;
 * a holder that dies stops renewing, and once the time is past another process takes it over.
 * Times are the processes' clocks, so instances must keep them in step (NTP) to well within `ttlMs`.
 */
export class Lease {
  constructor(
    private readonly db: Db,
    readonly name: string,
    /** This process (host, pid and a random part): unique among everyone who may hold it. */
    readonly holder: string,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes the lease if it is free, expired or already this process's, and extends it by `ttlMs`.
   * True when this process holds it now. One conditional update: two processes racing for it
   * cannot both succeed.
   */
  async acquire(): Promise<boolean> {
    const now = this.now();
    const expiresAt = new Date(now + this.ttlMs).toISOString();
    await this.db
      .insertInto("leases")
      .values({ name: this.name, holder: this.holder, acquiredAt: new Date(now).toISOString(), expiresAt })
      .onConflict((conflict) => conflict.column("name").doNothing())
      .execute();
    const nowText = new Date(now).toISOString();
    const taken = await this.db
      .updateTable("leases")
      .set((eb) => ({
        expiresAt,
        // A takeover starts a new holding; a renewal keeps when it began.
        acquiredAt: eb.case().when("holder", "=", this.holder).then(eb.ref("acquiredAt")).else(nowText).end(),
        holder: this.holder,
      }))
      .where("name", "=", this.name)
      .where((eb) => eb.or([eb("holder", "=", this.holder), eb("expiresAt", "<=", nowText)]))
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1;
  }

  /** Lets it go at once (a clean stop), if this process still holds it. */
  async release(): Promise<void> {
    await this.db
      .updateTable("leases")
      .set({ expiresAt: new Date(0).toISOString() })
      .where("name", "=", this.name)
      .where("holder", "=", this.holder)
      .execute();
  }

  /** The last holder's checkpoint (null before any). */
  async readState(): Promise<string | null> {
    const row = await this.db
      .selectFrom("leases")
      .select("state")
      .where("name", "=", this.name)
      .executeTakeFirst();
    return row?.state ?? null;
  }

  /** Saves a checkpoint, only while this process holds the lease; false when it no longer does. */
  async saveState(state: string): Promise<boolean> {
    const saved = await this.db
      .updateTable("leases")
      .set({ state })
      .where("name", "=", this.name)
      .where("holder", "=", this.holder)
      .executeTakeFirst();
    return Number(saved.numUpdatedRows) === 1;
  }
}

export interface LeasedWorkOptions {
  lease: Lease;
  /** Starts the work: this process has just taken the lease. */
  start: () => Promise<void>;
  /** Stops the work: the lease was lost (or the process stops). */
  stop: () => Promise<void>;
  onError: (error: unknown) => void;
  /** How often the holder renews and the others try to take it: a third of the lease by default. */
  renewEveryMs?: number | undefined;
}

/**
 * Runs `start` while this process holds the lease and `stop` when it no longer does: it tries to
 * take the lease now and every `renewEveryMs`, renewing it while held. When renewing fails (the
 * database is away) the work stops before the lease could have expired, since another process may
 * take it over then. Resolves once the first attempt is done; `close` stops the work and frees the
 * lease for the next process at once.
 */
export async function runWhileLeased(options: LeasedWorkOptions): Promise<{ close(): Promise<void> }> {
  const { lease, onError } = options;
  const renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(lease.ttlMs / 3));
  let held = false;
  let heldUntil = 0;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> = Promise.resolve();

  const letGo = async () => {
    if (!held) return;
    held = false;
    await options.stop().catch(onError);
  };
  const tryOnce = async () => {
    const started = Date.now();
    let holds = false;
    try {
      holds = await lease.acquire();
      if (holds) heldUntil = started + lease.ttlMs;
    } catch (error) {
      onError(error);
      // Still ours until it would expire, less a renewal's margin; then assume another took it.
      holds = held && Date.now() + renewEveryMs < heldUntil;
    }
    if (closed) return;
    if (holds && !held) {
      held = true;
      try {
        await options.start();
      } catch (error) {
        // Not started (the database went away as it started): not counted as running, so the
        // next renewal starts it again rather than holding the lease with nothing running.
        onError(error);
        held = false;
        await options.stop().catch(onError);
      }
    } else if (!holds) {
      await letGo();
    }
  };
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      attempt = tryOnce().finally(schedule);
    }, renewEveryMs);
    timer.unref();
  };

  attempt = tryOnce();
  await attempt;
  schedule();
  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await attempt;
      await letGo();
      // Also when the last attempt took it just as this closed: nobody waits out its expiry.
      await lease.release().catch(onError);
    },
  };
}
