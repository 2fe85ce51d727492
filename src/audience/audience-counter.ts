import type { Db } from "../db/database.ts";
import type { ReferrerKind } from "./referrer-kinds.ts";

/** `2026-12-07T14:00:00Z`: the UTC hour a count belongs to (the tables' `hour`). */
export function hourOf(at: Date): string {
  return `${at.toISOString().slice(0, 13)}:00:00Z`;
}

export interface CounterOptions {
  db: Db;
  /** How often the tallies are written (a few seconds: a spike of views becomes a few writes). */
  flushEveryMs: number;
  onError: (error: unknown) => void;
  clock?: () => Date;
}

/**
 * Views and promotion impressions and clicks, tallied in memory and written every few seconds as
 * increments (`views = views + excluded.views`): each row of a flush is one hour, article and kind
 * of referrer, so 20,000 views a second of a few hundred articles are a few hundred rows per flush,
 * whatever the rate. Each process (each worker of `serve --workers N`) tallies and writes its own;
 * the increments add up. What was tallied when the process stops is written by `close`.
 */
export class AudienceCounter {
  #views = new Map<string, number>();
  #promotions = new Map<string, { impressions: number; clicks: number }>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #writes = 0;
  readonly #clock: () => Date;

  constructor(private readonly options: CounterOptions) {
    this.#clock = options.clock ?? (() => new Date());
  }

  start(): this {
    this.#timer = setInterval(() => {
      this.flush().catch(this.options.onError);
    }, this.options.flushEveryMs);
    this.#timer.unref();
    return this;
  }

  view(articleId: number, edition: string, referrerKind: ReferrerKind): void {
    const key = `${hourOf(this.#clock())}|${articleId}|${edition}|${referrerKind}`;
    this.#views.set(key, (this.#views.get(key) ?? 0) + 1);
  }

  impression(promotionId: number, edition: string): void {
    this.#promotion(promotionId, edition).impressions += 1;
  }

  click(promotionId: number, edition: string): void {
    this.#promotion(promotionId, edition).clicks += 1;
  }

  /** Statements written to the database so far (the bench reports them per second). */
  get writes(): number {
    return this.#writes;
  }

  /** Writes what was tallied since the last flush; flushes never overlap. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write());
    return this.#flushing;
  }

  /** Stops the timer and writes what is left (the graceful shutdown's drain calls it through app.close). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  #promotion(promotionId: number, edition: string) {
    const key = `${hourOf(this.#clock())}|${promotionId}|${edition}`;
    let tally = this.#promotions.get(key);
    if (!tally) {
      tally = { impressions: 0, clicks: 0 };
      this.#promotions.set(key, tally);
    }
    return tally;
  }

  async #write(): Promise<void> {
    const views = this.#views;
    const promotions = this.#promotions;
    this.#views = new Map();
    this.#promotions = new Map();
    if (views.size > 0) await this.#writeViews(views);
    if (promotions.size > 0) await this.#writePromotions(promotions);
  }

  async #writeViews(tallies: Map<string, number>): Promise<void> {
    const rows = [...tallies].map(([key, views]) => {
      const [hour = "", articleId = "", edition = "", referrerKind = ""] = key.split("|");
      return { hour, articleId: Number(articleId), edition, referrerKind, views };
    });
    // Only articles of the edition they were read in: a beacon names ids, which anyone can make up.
    const known = await this.options.db
      .selectFrom("articles")
      .select(["id", "edition"])
      .where("id", "in", [...new Set(rows.map((row) => row.articleId))])
      .execute();
    const editionOf = new Map(known.map((article) => [article.id, article.edition]));
    const valid = rows.filter((row) => editionOf.get(row.articleId) === row.edition);
    for (const chunk of chunks(valid, 200)) {
      this.#writes += 1;
      await this.options.db
        .insertInto("audienceViews")
        .values(chunk)
        .onConflict((conflict) =>
          conflict
            .columns(["hour", "articleId", "referrerKind"])
            .doUpdateSet((eb) => ({ views: eb("audienceViews.views", "+", eb.ref("excluded.views")) })),
        )
        .execute();
    }
  }

  async #writePromotions(tallies: Map<string, { impressions: number; clicks: number }>): Promise<void> {
    const rows = [...tallies].map(([key, tally]) => {
      const [hour = "", promotionId = "", edition = ""] = key.split("|");
      return { hour, promotionId: Number(promotionId), edition, ...tally };
    });
    // Only promotions shown in that edition: a Portuguese-only one counts in pt alone.
    const targets = await this.options.db
      .selectFrom("promotionEditions")
      .select(["promotionId", "edition"])
      .where("promotionId", "in", [...new Set(rows.map((row) => row.promotionId))])
      .execute();
    const shown = new Set(targets.map((target) => `${target.promotionId}|${target.edition}`));
    const valid = rows.filter((row) => shown.has(`${row.promotionId}|${row.edition}`));
    for (const chunk of chunks(valid, 200)) {
      this.#writes += 1;
      await this.options.db
        .insertInto("promotionCounts")
        .values(chunk)
        .onConflict((conflict) =>
          conflict.columns(["hour", "promotionId", "edition"]).doUpdateSet((eb) => ({
            impressions: eb("promotionCounts.impressions", "+", eb.ref("excluded.impressions")),
            clicks: eb("promotionCounts.clicks", "+", eb.ref("excluded.clicks")),
          })),
        )
        .execute();
    }
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
