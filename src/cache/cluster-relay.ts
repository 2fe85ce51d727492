import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { joinCommits } from "../content/unit-of-work.ts";
import type { ChangeSignal, SignalListener } from "../db/change-signal.ts";
import type { Db } from "../db/database.ts";
import { dialectAdapterOf } from "../db/dialect-of.ts";
import {
  type ChangeReason,
  type ContentChange,
  type ContentEvents,
  isChangeReason,
} from "../shared/content-events.ts";

/**
 * Carries "content changed" events between the processes that serve the same content, so that a
 * publish purges every page cache, not only the one of the process that did it:
 *
 * - Within one instance (`tribune serve --workers N`), a worker sends each change it announces to
 *   the cluster primary, which sends it on to the other workers at once (IPC, well under a
 *   millisecond).
 * - Every announced change is also written to the `content_changes` outbox table: a unit of work's
 *   change in its own transaction (a committed change always has its row, even when its process
 *   dies right after the commit; the schedule watcher's scheduled times that came are units of
 *   work too), a change announced without one (a menu that follows from another change) as it is
 *   announced. One process per instance (the primary, or the single process) reads the rows
 *   other instances and commands wrote, by id, and looks again for the ids it found missing (see
 *   OutboxPosition). That covers several instances on one PostgreSQL, `tribune` commands that change
 *   content, and a change made while the relay was briefly away. On SQLite it reads a few times a
 *   second; on PostgreSQL the writer also sends a NOTIFY, delivered when the row commits, which wakes
 *   the readers at once (milliseconds), and they poll only every few seconds as a safety net.
 *
 * Changes that arrive from elsewhere are announced locally marked `origin: "remote"`: listeners
 * drop what they hold, but neither relay them again nor purge a shared cache in front twice.
 */

/** What a worker and the primary send each other. */
export interface RelayMessage {
  type: "tribune:content-change";
  /** The outbox row, when it could be written. */
  id: number | null;
  change: ContentChange;
}

export function isRelayMessage(value: unknown): value is RelayMessage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "tribune:content-change" &&
    typeof (value as { change?: unknown }).change === "object"
  );
}

/** Names one serving instance (all the workers of one primary share it) in the outbox. */
export function newInstanceOrigin(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** How long outbox rows are kept: enough for a process that was away a moment, small enough to scan. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * How long a reader waits for a missing id below the last one it read (see OutboxPosition). A row
 * commits well within this of taking its id, or never: it is the last statement of its
 * transaction, and PostgreSQL rolls back a transaction idle for WRITE_IDLE_LIMIT_MS after it.
 */
export const GAP_WAIT_MS = 60_000;
/** How long a transaction that wrote its outbox row may wait for its next statement or its commit. */
const WRITE_IDLE_LIMIT_MS = 10_000;

/**
 * Ids with no row yet below the last id a reader read, waited for until `until` (ms since the epoch).
 * On PostgreSQL ids are taken when a row is inserted and seen when its transaction commits, so a
 * smaller id can commit after a larger one was read: its transaction was still committing. Or never:
 * a transaction that rolled back leaves its id unused for good, hence the limit.
 */
export interface OutboxGap {
  readonly from: number;
  readonly to: number;
  readonly until: number;
}

/** Where a reader is: the last id it read, and the ids below it it has not seen yet. */
export interface OutboxPosition {
  readonly lastId: number;
  readonly gaps: readonly OutboxGap[];
}

/** The `content_changes` table: written on every announce, read by id. */
export class ContentOutbox {
  constructor(
    private readonly db: Db,
    /** This instance, so that its own rows are not read back. */
    readonly origin: string,
  ) {}

  /** Records a change, through `db` when given (the change's own transaction); returns its id. */
  async write(change: ContentChange, db: Db = this.db): Promise<number> {
    const { origin: _, ...plain } = change;
    const row = await db
      .insertInto("contentChanges")
      .values({ createdAt: new Date().toISOString(), origin: this.origin, change: JSON.stringify(plain) })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * Where a process starting up reads from: after the newest row (what was announced before it
   * started is not replayed), waiting for the ids missing among the rows of the last GAP_WAIT_MS,
   * whose transactions may still be committing.
   */
  async start(now = Date.now()): Promise<OutboxPosition> {
    const cutoff = new Date(now - GAP_WAIT_MS).toISOString();
    const before = await this.db
      .selectFrom("contentChanges")
      .select("id")
      .where("createdAt", "<", cutoff)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const floor = before?.id ?? 0;
    const recent = await this.db
      .selectFrom("contentChanges")
      .select("id")
      .where("id", ">", floor)
      .orderBy("id")
      .execute();
    const ids = recent.map((row) => row.id);
    return { lastId: ids.at(-1) ?? floor, gaps: missingIds(floor, ids, now + GAP_WAIT_MS) };
  }

  /**
   * The rows other instances wrote after `position` and in its gaps, oldest first, and the position
   * after them: ids found missing become gaps, gaps whose rows came or whose wait ended go.
   */
  async readAfter(
    position: OutboxPosition,
    { now = Date.now(), limit = 500 }: { now?: number; limit?: number } = {},
  ): Promise<{ position: OutboxPosition; changes: ContentChange[] }> {
    const waiting = position.gaps.filter((gap) => gap.until > now);
    const rows = await this.db
      .selectFrom("contentChanges")
      .select(["id", "origin", "change"])
      .where((eb) =>
        eb.or([eb("id", ">", position.lastId), ...waiting.map((gap) => eb.between("id", gap.from, gap.to))]),
      )
      .orderBy("id")
      .limit(limit)
      .execute();
    const changes: ContentChange[] = [];
    for (const row of rows) {
      if (row.origin === this.origin) continue;
      const parsed = parseChange(row.change);
      if (parsed) changes.push(parsed);
    }
    // Rows come by id, so every id up to the last one read that is not among them has no row yet.
    const ids = rows.map((row) => row.id);
    const newer = ids.filter((id) => id > position.lastId);
    const lastId = newer.at(-1) ?? position.lastId;
    const gaps = [
      ...waiting.flatMap((gap) => withoutIds(gap, ids)),
      ...missingIds(position.lastId, newer, now + GAP_WAIT_MS),
    ];
    return { position: { lastId, gaps }, changes };
  }

  /** Deletes rows older than a day. */
  async prune(now = Date.now()): Promise<void> {
    await this.db
      .deleteFrom("contentChanges")
      .where("createdAt", "<", new Date(now - KEEP_MS).toISOString())
      .execute();
  }
}

/** The ids above `after` and below the last of `ids` (ascending) that are not among them. */
function missingIds(after: number, ids: readonly number[], until: number): OutboxGap[] {
  const gaps: OutboxGap[] = [];
  let previous = after;
  for (const id of ids) {
    if (id > previous + 1) gaps.push({ from: previous + 1, to: id - 1, until });
    previous = id;
  }
  return gaps;
}

/** What is left of `gap` once the rows of `ids` (ascending) came. */
function withoutIds(gap: OutboxGap, ids: readonly number[]): OutboxGap[] {
  const inside = ids.filter((id) => id >= gap.from && id <= gap.to);
  return inside.length === 0 ? [gap] : missingIds(gap.from - 1, [...inside, gap.to + 1], gap.until);
}

/**
 * The reasons of a stored change. A process of another version may have written it: a reason this
 * one does not know, or the single `reason` of older versions, is read as "unknown" (purge all it names).
 */
function reasonsOf(value: Record<string, unknown>): ChangeReason[] {
  const named = Array.isArray(value.reasons) ? value.reasons : [value.reason];
  const known = named.filter(isChangeReason);
  return known.length === named.length && known.length > 0 ? known : ["unknown"];
}

/** A stored change, with its lists checked; fields added to ContentChange later pass through. */
function parseChange(text: string): ContentChange | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (typeof value !== "object" || value === null) return undefined;
    const { origin: _, reason: __, ...rest } = value;
    const ids = (list: unknown) => (Array.isArray(list) ? list.filter(Number.isInteger) : []);
    return {
      ...rest,
      reasons: reasonsOf(value),
      articleIds: ids(value.articleIds),
      storyIds: ids(value.storyIds),
      editions: Array.isArray(value.editions) ? value.editions.filter((e) => typeof e === "string") : [],
      tagIds: ids(value.tagIds),
      ...(value.mediaIds === undefined ? {} : { mediaIds: ids(value.mediaIds) }),
      ...(value.authorIds === undefined ? {} : { authorIds: ids(value.authorIds) }),
      ...(value.pageIds === undefined ? {} : { pageIds: ids(value.pageIds) }),
      ...(value.pageGroupIds === undefined ? {} : { pageGroupIds: ids(value.pageGroupIds) }),
      ...(value.postedCommentIds === undefined ? {} : { postedCommentIds: ids(value.postedCommentIds) }),
    };
  } catch {
    return undefined;
  }
}

/** The NOTIFY channel (one per schema) that says "the content_changes outbox has a new row". */
export const CONTENT_CHANGE_CHANNEL = "tribune_content_changes";

export interface LocalRelayOptions {
  events: ContentEvents;
  outbox: ContentOutbox;
  /** PostgreSQL: wakes the other instances' readers after each row written. */
  signal?: ChangeSignal | undefined;
  /** In a cluster worker: sends to the primary. Absent in a single process. */
  send?: ((message: RelayMessage) => void) | undefined;
  onError: (error: unknown) => void;
}

/**
 * Writes each local change to the outbox and, in a worker, hands it to the primary. A unit of work's
 * change is written in its transaction, as the last thing before the commit (a row that cannot be
 * written rolls the change back); the NOTIFY is sent in it too, so it goes out at the commit even
 * if this process dies right after. A change announced without a transaction (a menu that follows
 * from another change) is written as it is announced. The primary hears of it after the commit,
 * with the row's id. Returns the function that stops it. Remote changes are not relayed again.
 */
export function relayLocalChanges({ events, outbox, signal, send, onError }: LocalRelayOptions): () => void {
  /** The rows written in units' transactions, by the change each unit announces after its commit. */
  const written = new WeakMap<ContentChange, number>();
  const leave = joinCommits(
    events,
    async (trx, _each, merged) => {
      // The row's id is seen by readers only at the commit: it must come soon, or never (GAP_WAIT_MS).
      await dialectAdapterOf(trx).rollBackIfIdle(trx, WRITE_IDLE_LIMIT_MS);
      written.set(merged, await outbox.write(merged, trx));
      await signal?.notify(trx);
    },
    { last: true },
  );
  const unsubscribe = events.subscribe(async (change) => {
    if (change.origin === "remote") return;
    let id = written.get(change) ?? null;
    if (id === null) {
      try {
        id = await outbox.write(change);
        // After the row is committed, so a reader woken by it finds it; a lost one is polled for.
        await signal?.notify();
      } catch (error) {
        // The other workers still hear of it by IPC; only other instances miss it.
        onError(error);
      }
    }
    send?.({ type: "tribune:content-change", id, change: { ...change, origin: "local" } });
  });
  return () => {
    leave();
    unsubscribe();
  };
}

/** Announces a change that another process made, marked remote. */
export function announceRemote(events: ContentEvents, change: ContentChange): Promise<void> {
  return events.announce({ ...change, origin: "remote" });
}

export interface OutboxPollerOptions {
  outbox: ContentOutbox;
  /** Called with each change other instances wrote, in order. */
  deliver: (change: ContentChange) => void | Promise<void>;
  onError: (error: unknown) => void;
  /** PostgreSQL: read at once when another process notifies, and poll only as a safety net. */
  signal?: ChangeSignal | undefined;
  /**
   * Default 200 ms (publish-to-visible stays well under a second), or 5 s while a signal listens
   * (it wakes the reader in milliseconds; the poll only covers what a dropped connection missed).
   */
  intervalMs?: number | undefined;
}

const SIGNALLED_INTERVAL_MS = 5_000;
const DEFAULT_INTERVAL_MS = 200;

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * Reads the outbox every `intervalMs` (one indexed query by id) and delivers what other instances
 * wrote, each row once, including rows that commit after a larger id was read (up to GAP_WAIT_MS
 * after). Runs once per instance: in the primary, or in the single process.
 */
export class OutboxPoller {
  private position: OutboxPosition = { lastId: 0, gaps: [] };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** A wake-up came while reading: read again right after. */
  private again = false;
  private lastPrune = 0;
  private stopped = false;
  private listening: SignalListener | undefined;

  constructor(private readonly options: OutboxPollerOptions) {}

  /** Starts after the newest row: what was announced before this process started is not replayed. */
  async start(): Promise<void> {
    this.position = await this.options.outbox.start();
    this.lastPrune = Date.now();
    this.listening = await this.options.signal?.listen({
      onWake: () => this.wake(),
      onError: this.options.onError,
    });
    this.schedule();
  }

  /** Reads once now (tests, and the timer). */
  async pollOnce(): Promise<void> {
    const { position, changes } = await this.options.outbox.readAfter(this.position);
    this.position = position;
    for (const change of changes) await this.options.deliver(change);
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.options.outbox.prune();
    }
  }

  /** Reads now rather than at the next tick; one read at a time, in order. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.read();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.listening?.close();
    await this.running;
  }

  private read(): void {
    this.running = this.pollOnce()
      .catch(this.options.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.read();
        } else {
          this.schedule();
        }
      });
  }

  private schedule(): void {
    if (this.stopped) return;
    const interval =
      this.options.intervalMs ?? (this.listening?.connected() ? SIGNALLED_INTERVAL_MS : DEFAULT_INTERVAL_MS);
    this.timer = setTimeout(() => this.read(), interval);
    // Never the reason a process stays alive.
    this.timer.unref();
  }
}

export interface ContentRelayOptions {
  events: ContentEvents;
  db: Db;
  /** PostgreSQL: NOTIFY after each outbox row, LISTEN instead of polling fast. */
  signal?: ChangeSignal | undefined;
  /** This instance's name in the outbox (a worker gets its primary's). */
  origin: string;
  /**
   * In a cluster worker: the IPC channel to the primary (`process`), which also reads the outbox.
   * Absent in a single process, which then reads the outbox itself.
   */
  channel?: NodeJS.Process | undefined;
  onError: (error: unknown) => void;
  intervalMs?: number;
}

/**
 * Connects a serving process's ContentEvents to the other processes: local changes go to the outbox
 * (and to the primary), changes from elsewhere are announced here as remote. Returns how to stop it.
 */
export async function startContentRelay(options: ContentRelayOptions): Promise<{ stop(): Promise<void> }> {
  const { events, channel, signal, onError } = options;
  const outbox = new ContentOutbox(options.db, options.origin);
  const send = channel ? (message: RelayMessage) => sendToPrimary(channel, message, onError) : undefined;
  const unsubscribe = relayLocalChanges({ events, outbox, signal, send, onError });
  if (channel) {
    const onMessage = (message: unknown) => {
      if (isRelayMessage(message)) announceRemote(events, message.change).catch(onError);
    };
    channel.on("message", onMessage);
    return {
      stop: async () => {
        unsubscribe();
        channel.off("message", onMessage);
      },
    };
  }
  const poller = new OutboxPoller({
    outbox,
    deliver: (change) => announceRemote(events, change),
    onError,
    signal,
    intervalMs: options.intervalMs,
  });
  await poller.start();
  return {
    stop: async () => {
      unsubscribe();
      await poller.stop();
    },
  };
}

/**
 * Sends a change to the cluster primary, unless it is gone. A primary killed a moment ago leaves
 * the channel open until this process notices, and a send then fails with EPIPE: Node emits that on
 * the worker (a crash where nothing listens) unless the send has a callback. The change is already
 * in the outbox, and the other workers went with their primary, so a lost send is no loss.
 */
export function sendToPrimary(
  channel: NodeJS.Process,
  message: RelayMessage,
  onError: (error: unknown) => void,
): void {
  if (!channel.send || !channel.connected) return;
  channel.send(message, undefined, {}, (error: Error | null) => {
    if (error && !isClosedChannelError(error)) onError(error);
  });
}

/** The errors of a send on an IPC channel whose other end has gone (EPIPE, closed, reset). */
export function isClosedChannelError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "EPIPE" || code === "ERR_IPC_CHANNEL_CLOSED" || code === "ECONNRESET";
}
