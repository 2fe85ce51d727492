import { describeStoryChange } from "../content/story-change.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { ChangeReason, ContentChange, ContentEvents } from "../shared/content-events.ts";
import { promotionChange, promotionTargets } from "./promotion-change.ts";

/** How soon a look that failed is tried again. */
const RETRY_AFTER_FAILURE_MS = 1_000;

/** What the watcher itself announces: time passed, no schedule changed. */
const WATCHER_REASONS: readonly ChangeReason[] = ["schedule.due", "promotion.window", "front.expired"];

export interface ScheduleWatcherOptions {
  db: Db;
  events: ContentEvents;
  /** The editions' codes: the next-time query walks the (edition, status, published_at) index. */
  editions: readonly string[];
  /** The longest wait between two looks at the schedule, in ms (60 s). */
  maxDelayMs?: number;
  /** How far back a starting process looks for publications it may have missed (5 minutes). */
  lookBackMs?: number;
  /**
   * Where the last watcher stopped (its last look, an ISO time): a watcher taking over after
   * another process announces from there, neither twice nor missing any. Overrides `lookBackMs`.
   */
  since?: string | undefined;
  /** Told the time of each look once what came due is announced: the checkpoint to save. */
  onChecked?: ((lastCheck: string) => Promise<void>) | undefined;
  onError?: (error: unknown) => void;
}

/**
 * Scheduled publication needs no job to flip a status (readers see an article once its time has
 * come), but caches must hear of it: this announces `schedule.due` when a scheduled article's time
 * comes, `promotion.window` when a promotion starts or ends, and `front.expired` when a front page
 * pin's time runs out (the front page stops showing it by itself; no job unpins it). It sleeps
 * until the next such time (one indexed query per kind, capped at `maxDelayMs`), and looks again
 * after every content change.
 */
export class ScheduleWatcher {
  private readonly maxDelayMs: number;
  private readonly onError: (error: unknown) => void;
  private lastCheck = "";
  private timer: NodeJS.Timeout | undefined;
  private armed = 0;
  private stopped = true;
  private unsubscribe: (() => void) | undefined;
  private checking: Promise<void> | undefined;
  /** A change arrived while a look was under way: look at the schedule again after it. */
  private rearmAfterCheck = false;

  constructor(private readonly options: ScheduleWatcherOptions) {
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.onError = options.onError ?? (() => {});
  }

  /**
   * How late the watcher is, in seconds: the age of the oldest scheduled publication whose time has
   * come but that it has not announced yet (0 when none). Readers' pages wait on this to be purged.
   */
  async lagSeconds(): Promise<number> {
    if (this.stopped || !this.lastCheck) return 0;
    const now = new Date().toISOString();
    const row = await this.options.db
      .selectFrom("articles")
      .select((eb) => eb.fn.min("publishedAt").as("oldest"))
      .where("edition", "in", [...this.options.editions])
      .where("status", "=", "scheduled")
      .where("publishedAt", ">", this.lastCheck)
      .where("publishedAt", "<=", now)
      .executeTakeFirst();
    const oldest = row?.oldest ? Date.parse(String(row.oldest)) : Number.NaN;
    return Number.isNaN(oldest) ? 0 : Math.max(0, (Date.parse(now) - oldest) / 1000);
  }

  /** Starts watching; resolves once the first timer is set. */
  async start(): Promise<void> {
    this.stopped = false;
    this.lastCheck =
      this.options.since ?? new Date(Date.now() - (this.options.lookBackMs ?? 5 * 60_000)).toISOString();
    this.unsubscribe = this.options.events.subscribe((change) => {
      // The watcher's own announcements change no schedule; any other change may.
      if (change.reasons.some((reason) => !WATCHER_REASONS.includes(reason))) {
        this.rearm();
      }
    });
    await this.check();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.checking;
  }

  /** Announces what came due since the last look, then sleeps until the next scheduled time. */
  check(): Promise<void> {
    if (!this.checking) {
      this.checking = this.announceDue()
        .then(() => this.arm())
        .catch((error: unknown) => this.lookAgainSoon(error))
        .finally(() => {
          this.checking = undefined;
          if (this.rearmAfterCheck) {
            this.rearmAfterCheck = false;
            this.rearm();
          }
        });
    }
    return this.checking;
  }

  private rearm(): void {
    if (this.stopped) return;
    if (this.checking) {
      this.rearmAfterCheck = true;
      return;
    }
    this.arm().catch((error: unknown) => this.lookAgainSoon(error));
  }

  /**
   * A look failed (the database is away a moment: a restart, a failover): without a timer the
   * watcher would sleep until some content change woke it, and a quiet site's scheduled
   * publications would go unannounced. It looks again shortly, from where it last looked.
   */
  private lookAgainSoon(error: unknown): void {
    this.onError(error);
    if (this.stopped) return;
    this.armed++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), RETRY_AFTER_FAILURE_MS);
    this.timer.unref();
  }

  private async announceDue(): Promise<void> {
    const { db, events } = this.options;
    const now = new Date().toISOString();
    const since = this.lastCheck;
    const due = await db
      .selectFrom("articles")
      .select(["id", "storyId"])
      .where("edition", "in", [...this.options.editions])
      .where("status", "=", "scheduled")
      .where("publishedAt", ">", since)
      .where("publishedAt", "<=", now)
      .execute();
    const promotions = await db
      .selectFrom("promotions")
      .select("id")
      .where((eb) =>
        eb.or([
          eb.and([eb("promotions.startsAt", ">", since), eb("promotions.startsAt", "<=", now)]),
          eb.and([eb("promotions.endsAt", ">", since), eb("promotions.endsAt", "<=", now)]),
        ]),
      )
      .execute();
    const expiredPins = await db
      .selectFrom("frontPageSlots")
      .select("edition")
      .distinct()
      .where("pinnedUntil", ">", since)
      .where("pinnedUntil", "<=", now)
      .execute();
    const changes: ContentChange[] = [];
    if (due.length > 0) {
      changes.push(
        await describeStoryChange(db, {
          reasons: ["schedule.due"],
          storyIds: [...new Set(due.map((row) => row.storyId))],
          articleIds: due.map((row) => row.id),
        }),
      );
    }
    // Those shown everywhere in one announcement, those limited to tags in another: one naming
    // both would drop every article page for a promotion that shows beside a few stories.
    const targets = await promotionTargets(
      db,
      promotions.map((row) => row.id),
    );
    for (const group of [
      targets.filter((target) => target.tagIds.length === 0),
      targets.filter((target) => target.tagIds.length > 0),
    ]) {
      if (group.length > 0) changes.push(promotionChange("promotion.window", group));
    }
    if (expiredPins.length > 0) {
      changes.push({
        reasons: ["front.expired"],
        articleIds: [],
        storyIds: [],
        editions: expiredPins.map((row) => row.edition),
        tagIds: [],
      });
    }
    // Each through a unit of work of its own (a change of nothing but time), so that its outbox row
    // is written in a transaction that fails with it: a look that could not tell the other
    // instances is made again, from where the last complete one stopped.
    for (const change of changes) {
      await changeContent(db, events, async (_trx, log) => log.other(change));
    }
    this.lastCheck = now;
    await this.options.onChecked?.(now);
  }

  /** Sets the timer for the next scheduled time after the last look (or `maxDelayMs`). */
  private async arm(): Promise<void> {
    if (this.stopped) return;
    const ticket = ++this.armed;
    const next = await this.nextTime(this.lastCheck);
    if (this.stopped || ticket !== this.armed) return;
    const wait = next === undefined ? this.maxDelayMs : Date.parse(next) - Date.now();
    clearTimeout(this.timer);
    // A few ms late rather than early: the page must be rendered after the time, not just before.
    this.timer = setTimeout(() => void this.check(), Math.max(0, Math.min(wait, this.maxDelayMs)) + 5);
    this.timer.unref();
  }

  private async nextTime(after: string): Promise<string | undefined> {
    const { db } = this.options;
    const article = await db
      .selectFrom("articles")
      .select((eb) => eb.fn.min("publishedAt").as("at"))
      .where("edition", "in", [...this.options.editions])
      .where("status", "=", "scheduled")
      .where("publishedAt", ">", after)
      .executeTakeFirst();
    const promotion = await db
      .selectFrom("promotions")
      .select((eb) => [
        eb.fn.min("startsAt").filterWhere("startsAt", ">", after).as("starts"),
        eb.fn.min("endsAt").filterWhere("endsAt", ">", after).as("ends"),
      ])
      .executeTakeFirst();
    const pin = await db
      .selectFrom("frontPageSlots")
      .select((eb) => eb.fn.min("pinnedUntil").as("until"))
      .where("pinnedUntil", ">", after)
      .executeTakeFirst();
    const times = [article?.at, promotion?.starts, promotion?.ends, pin?.until].filter(
      (time): time is string => typeof time === "string",
    );
    return times.sort()[0];
  }
}
