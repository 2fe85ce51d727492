import type { Db } from "../db/database.ts";
import type { AgencyFeedRow } from "../db/schema.ts";
import type { MediaService } from "../media/media-service.ts";
import { isDuplicate, writeDraft } from "./feed-drafts.ts";
import { DEFAULT_FETCH_LIMITS, type FeedFetchLimits, fetchFeed, fetchImage } from "./feed-fetch.ts";
import { duplicateKeysOf, type FeedItem } from "./feed-item.ts";

export interface FeedPollerOptions {
  db: Db;
  /** Where photos are kept, through the library's checks. */
  media: MediaService;
  limits?: Partial<FeedFetchLimits>;
  clock?: () => Date;
  /** How often due feeds are looked for (30 s). */
  checkMs?: number;
  onError: (error: unknown) => void;
}

/** What one poll did, as its record says. */
export interface PollOutcome {
  pollId: number;
  status: "fetched" | "unchanged" | "failed";
  newItems: number;
  duplicates: number;
  itemErrors: number;
  error: string | null;
}

/** The longest error text kept on a poll's record. */
const ERROR_LENGTH = 2000;
/** A poll still "running" after this long was left by a process that stopped (a poll lasts seconds). */
const STALE_POLL_MS = 10 * 60_000;

/**
 * Polls the enabled feeds when they are due, one at a time. A feed is claimed before it is polled
 * by moving its next_poll_at a poll interval ahead, on the condition that nobody moved it first: of
 * several workers or instances on one database one polls it, and a poller that died mid-poll holds
 * it only until that time comes. A feed that fails is recorded and waits for its next turn.
 */
export class AgencyFeedPoller {
  private readonly clock: () => Date;
  private readonly limits: FeedFetchLimits;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly options: FeedPollerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.limits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
  }

  start(): void {
    this.stopped = false;
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain;
  }

  /** Polls every feed due now (after any round under way); resolves with the polls made. */
  pollDue(): Promise<PollOutcome[]> {
    const round = this.chain.then(() => this.round());
    this.chain = round.catch(() => {});
    return round;
  }

  /**
   * Polls one feed now, whatever its schedule ("Poll now"); null when another poller holds it.
   */
  async pollNow(feedId: number): Promise<PollOutcome | null> {
    const feed = await this.options.db
      .selectFrom("agencyFeeds")
      .selectAll()
      .where("id", "=", feedId)
      .executeTakeFirst();
    if (!feed) return null;
    // A scheduled poll under way moved next_poll_at already: the claim alone would not see it.
    const since = new Date(this.clock().getTime() - STALE_POLL_MS).toISOString();
    const running = await this.options.db
      .selectFrom("agencyFeedPolls")
      .select("id")
      .where("feedId", "=", feedId)
      .where("status", "=", "running")
      .where("startedAt", ">", since)
      .executeTakeFirst();
    if (running) return null;
    return (await this.claim(feed)) ? this.poll(feed) : null;
  }

  private tick(): void {
    if (this.stopped) return;
    this.pollDue()
      .catch(this.options.onError)
      .finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(() => this.tick(), this.options.checkMs ?? 30_000);
        this.timer.unref();
      });
  }

  private async round(): Promise<PollOutcome[]> {
    const due = await this.options.db
      .selectFrom("agencyFeeds")
      .selectAll()
      .where("enabled", "=", 1)
      .where("nextPollAt", "<=", this.clock().toISOString())
      .orderBy("nextPollAt")
      .execute();
    const outcomes: PollOutcome[] = [];
    for (const feed of due) {
      if (this.stopped && outcomes.length > 0) break;
      if (await this.claim(feed)) outcomes.push(await this.poll(feed));
    }
    return outcomes;
  }

  /** Takes the feed for one poll, unless another poller moved its next poll first. */
  private async claim(feed: AgencyFeedRow): Promise<boolean> {
    const next = new Date(this.clock().getTime() + feed.pollMinutes * 60_000).toISOString();
    const result = await this.options.db
      .updateTable("agencyFeeds")
      .set({ nextPollAt: next })
      .where("id", "=", feed.id)
      .where("nextPollAt", "=", feed.nextPollAt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async poll(feed: AgencyFeedRow): Promise<PollOutcome> {
    const { db } = this.options;
    // The feed is this poller's now: a poll still "running" was left by a process that died.
    await db
      .updateTable("agencyFeedPolls")
      .set({ status: "failed", error: "the process polling it stopped before the end" })
      .where("feedId", "=", feed.id)
      .where("status", "=", "running")
      .execute();
    const { id: pollId } = await db
      .insertInto("agencyFeedPolls")
      .values({ feedId: feed.id, status: "running", startedAt: this.clock().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const outcome: PollOutcome = {
      pollId,
      status: "failed",
      newItems: 0,
      duplicates: 0,
      itemErrors: 0,
      error: null,
    };
    const itemErrors: string[] = [];
    try {
      const answer = await fetchFeed(feed.url, feed, this.limits);
      if (answer.status === "unchanged") outcome.status = "unchanged";
      else {
        for (const item of answer.items) {
          const result = await this.draft(feed, item).catch((error: unknown) => {
            itemErrors.push(`“${item.title.slice(0, 80)}”: ${messageOf(error)}`);
            return "error" as const;
          });
          if (result === "new") outcome.newItems++;
          else if (result === "duplicate") outcome.duplicates++;
          else outcome.itemErrors++;
        }
        await db.updateTable("agencyFeeds").set(answer.validators).where("id", "=", feed.id).execute();
        outcome.status = "fetched";
      }
    } catch (error) {
      outcome.error = messageOf(error);
    }
    const error = [outcome.error, ...itemErrors].filter(Boolean).join("\n").slice(0, ERROR_LENGTH) || null;
    await db
      .updateTable("agencyFeedPolls")
      .set({
        status: outcome.status,
        finishedAt: this.clock().toISOString(),
        newItems: outcome.newItems,
        duplicates: outcome.duplicates,
        itemErrors: outcome.itemErrors,
        error,
      })
      .where("id", "=", pollId)
      .execute();
    return { ...outcome, error };
  }

  /** One item: a duplicate, or a new draft (its photo fetched first: a photo that fails is an error). */
  private async draft(feed: AgencyFeedRow, item: FeedItem): Promise<"new" | "duplicate"> {
    if (await isDuplicate(this.options.db, duplicateKeysOf(item))) return "duplicate";
    const heroMediaId = item.image ? await this.photo(feed, item) : null;
    return (await writeDraft(this.options.db, feed, item, heroMediaId)) ? "new" : "duplicate";
  }

  private async photo(feed: AgencyFeedRow, item: FeedItem): Promise<number> {
    const image = item.image;
    if (!image) throw new Error("no photo");
    const data = await fetchImage(new URL(image.url, feed.url).toString(), this.limits);
    const source = feed.sourceId
      ? await this.options.db
          .selectFrom("sources")
          .select("name")
          .where("id", "=", feed.sourceId)
          .executeTakeFirst()
      : undefined;
    const row = await this.options.media.importImage({
      data,
      originalName: decodeURIComponent(new URL(image.url, feed.url).pathname.split("/").pop() || "photo.jpg"),
      credit: (image.credit ?? feed.credit ?? source?.name ?? null)?.slice(0, 200) ?? null,
      texts: { [feed.edition]: { caption: image.caption?.slice(0, 500) ?? null, alt: null } },
    });
    return row.id;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
