import { LISTED_COLUMNS, type ListedStory, listedStory } from "../articles/listed-article.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { Edition } from "../editions/edition.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { KeptAnswers } from "../shared/kept-answers.ts";
import { hourOf } from "./audience-counter.ts";

/** How many stories the box lists, and over how long their views are added up. */
export const MOST_READ_SIZE = 5;
const MOST_READ_WINDOW_MS = 24 * 3_600_000;

/**
 * Each edition's "most read" box: the articles read most in the last 24 hours (whole UTC hours),
 * computed on a schedule into the `most_read` table rather than per request, so the pages showing
 * it stay cached. A refresh that finds another order saves it through the unit of work and
 * announces `mostread.changed` for that edition, which purges the pages carrying its
 * `mostread:<edition>` key; one that finds the same order writes and purges nothing.
 */
export class MostRead {
  /**
   * Each edition's box as last read, for the pages rendered meanwhile (every uncached article page
   * shows it: two statements each). Dropped at any content change, here or relayed from another
   * process: a refresh, or an edit or withdrawal of a story it lists. Time alone changes nothing in
   * it (its stories are already visible, and stay so until a change says otherwise). Kept only
   * where such changes are heard.
   */
  readonly #boxes: KeptAnswers<ListedStory[]>;

  constructor(
    private readonly db: Db,
    private readonly urls: SiteUrls,
    private readonly events: ContentEvents | undefined,
  ) {
    this.#boxes = new KeptAnswers({ maxEntries: 64, ttlMs: events ? Number.POSITIVE_INFINITY : 0 });
    // Before the page cache drops the pages showing it, so that none is rendered again with the old box.
    events?.subscribe(() => this.#boxes.clear(), { refresh: true });
  }

  /** Recomputes every edition's list at `now`; returns the editions whose list changed. */
  async refresh(editions: readonly Edition[], now: Date): Promise<string[]> {
    const changed: string[] = [];
    for (const edition of editions) {
      const ids = await this.#compute(edition.code, now);
      const stored = await this.#stored(edition.code);
      if (JSON.stringify(ids) === JSON.stringify(stored)) continue;
      await changeContent(this.db, this.events, async (trx, log) => {
        const row = { articleIds: JSON.stringify(ids), refreshedAt: now.toISOString() };
        await trx
          .insertInto("mostRead")
          .values({ edition: edition.code, ...row })
          .onConflict((conflict) => conflict.column("edition").doUpdateSet(row))
          .execute();
        log.other({
          reasons: ["mostread.changed"],
          articleIds: [],
          storyIds: [],
          editions: [edition.code],
          tagIds: [],
        });
      });
      changed.push(edition.code);
    }
    return changed;
  }

  /** The box's stories in order, as last refreshed; none before any view was counted. */
  stories(edition: Edition, now: string): Promise<ListedStory[]> {
    return this.#boxes.keep(edition.code, () => this.#read(edition, now));
  }

  async #read(edition: Edition, now: string): Promise<ListedStory[]> {
    const ids = await this.#stored(edition.code);
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom("articles")
      .select(LISTED_COLUMNS)
      .where("articles.id", "in", ids)
      .where("articles.edition", "=", edition.code)
      .where(visibleToReaders(now))
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row?.publishedAt ? [listedStory(this.urls, edition, row)] : [];
    });
  }

  async #compute(edition: string, now: Date): Promise<number[]> {
    const since = hourOf(new Date(now.getTime() - MOST_READ_WINDOW_MS));
    const rows = await this.db
      .selectFrom("audienceViews")
      .innerJoin("articles", "articles.id", "audienceViews.articleId")
      .select([
        "audienceViews.articleId",
        (eb) => eb.fn.sum<number | string>("audienceViews.views").as("views"),
      ])
      .where("audienceViews.edition", "=", edition)
      .where("audienceViews.hour", ">=", since)
      .where(visibleToReaders(now.toISOString()))
      .groupBy("audienceViews.articleId")
      .orderBy("views", "desc")
      .orderBy("audienceViews.articleId", "desc")
      .limit(MOST_READ_SIZE)
      .execute();
    return rows.map((row) => row.articleId);
  }

  async #stored(edition: string): Promise<number[]> {
    const row = await this.db
      .selectFrom("mostRead")
      .select("articleIds")
      .where("edition", "=", edition)
      .executeTakeFirst();
    return row ? (JSON.parse(row.articleIds) as number[]) : [];
  }
}
