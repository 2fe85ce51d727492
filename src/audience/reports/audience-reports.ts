import { type ExpressionBuilder, sql } from "kysely";
import { type Actor, assertCan } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import {
  allBuckets,
  bucketOf,
  type EditionClock,
  type EditionWindow,
  type Period,
  type PeriodWindow,
  periodWindow,
} from "./audience-period.ts";

/** The kinds of referrer the beacon tells apart, in the order the page lists them. */
export const REFERRER_KINDS = ["search", "social", "direct", "internal", "newsletter", "other"] as const;

/** Stories ranked on the page. */
export const TOP_STORIES = 10;

/** Comments readers posted, whatever became of them except spam. */
const POSTED = ["pending", "approved", "rejected"] as const;

/**
 * Numbers per bucket (hour or day), one series per edition, in the window's bucket order; null for
 * a day outside the edition's own period (editions on different clocks do not share all their days).
 */
export interface EditionSeries {
  edition: string;
  values: (number | null)[];
}

export interface TopStory {
  storyId: number;
  /** The article shown for the story: the one in the chosen edition, else the story's first. */
  articleId: number;
  title: string;
  views: number;
  /** Views of each edition of the story (translation reach), over every edition's own period. */
  reach: Record<string, number>;
}

export interface AudienceReport {
  window: PeriodWindow;
  /** The chosen edition, or null for all of them. */
  edition: string | null;
  /** The editions reported on (the chosen one, or all). */
  editions: readonly string[];
  /** The window's buckets, oldest first. */
  buckets: readonly string[];
  views: EditionSeries[];
  totalViews: number;
  topStories: TopStory[];
  /** Every edition of the site, for the columns of translation reach. */
  reachEditions: readonly string[];
  referrers: { kind: string; views: number }[];
  comments: EditionSeries[];
}

/**
 * The newsroom's audience numbers for a period (editors and admins): views per edition over time,
 * the most viewed stories with the views of each of their editions, referrer kinds and comments
 * per day. Six queries whatever the numbers, each within the (edition, hour) index's ranges.
 */
export async function audienceReport(
  db: Db,
  actor: Actor,
  options: { period: Period; edition: string | null; editions: readonly EditionClock[]; now: Date },
): Promise<AudienceReport> {
  assertCan(actor, "audience.view");
  const everyEdition = periodWindow(options.period, options.editions, options.now);
  const chosen = options.editions.filter((e) => options.edition === null || e.code === options.edition);
  const window = periodWindow(options.period, chosen, options.now);
  const buckets = allBuckets(window);

  const [hourlyViews, ranked, referrerRows, hourlyComments] = await Promise.all([
    db
      .selectFrom("audienceViews")
      .select(["edition", "hour", (eb) => eb.fn.sum<string | number>("views").as("views")])
      .where((eb) => inWindow(eb, window, "hour"))
      .groupBy(["edition", "hour"])
      .execute(),
    db
      .selectFrom("audienceViews")
      .innerJoin("articles", "articles.id", "audienceViews.articleId")
      .select(["articles.storyId", (eb) => eb.fn.sum<string | number>("audienceViews.views").as("views")])
      .where((eb) => inWindow(eb, window, "audienceViews.hour", "audienceViews.edition"))
      .groupBy("articles.storyId")
      .orderBy((eb) => eb.fn.sum("audienceViews.views"), "desc")
      .orderBy("articles.storyId")
      .limit(TOP_STORIES)
      .execute(),
    db
      .selectFrom("audienceViews")
      .select(["referrerKind", (eb) => eb.fn.sum<string | number>("views").as("views")])
      .where((eb) => inWindow(eb, window, "hour"))
      .groupBy("referrerKind")
      .execute(),
    commentsPerHour(db, window),
  ]);

  const storyIds = ranked.map((row) => row.storyId);
  const [reachRows, articles] = storyIds.length
    ? await Promise.all([
        db
          .selectFrom("audienceViews")
          .innerJoin("articles", "articles.id", "audienceViews.articleId")
          .select([
            "articles.storyId",
            "audienceViews.edition",
            (eb) => eb.fn.sum<string | number>("audienceViews.views").as("views"),
          ])
          .where("articles.storyId", "in", storyIds)
          .where((eb) => inWindow(eb, everyEdition, "audienceViews.hour", "audienceViews.edition"))
          .groupBy(["articles.storyId", "audienceViews.edition"])
          .execute(),
        db
          .selectFrom("articles")
          .select(["id", "storyId", "edition", "title"])
          .where("storyId", "in", storyIds)
          .orderBy("id")
          .execute(),
      ])
    : [[], []];

  const topStories = ranked.map((row): TopStory => {
    const versions = articles.filter((article) => article.storyId === row.storyId);
    const shown = versions.find((article) => article.edition === options.edition) ?? versions[0];
    const reach = Object.fromEntries(options.editions.map((e) => [e.code, 0]));
    for (const reached of reachRows.filter((r) => r.storyId === row.storyId)) {
      reach[reached.edition] = Number(reached.views);
    }
    return {
      storyId: row.storyId,
      articleId: shown?.id ?? 0,
      title: shown?.title ?? `Story ${row.storyId}`,
      views: Number(row.views),
      reach,
    };
  });

  const views = seriesOf(window, buckets, hourlyViews);
  return {
    window,
    edition: options.edition,
    editions: chosen.map((e) => e.code),
    buckets,
    views,
    totalViews: views.reduce(
      (sum, series) => sum + series.values.reduce<number>((a, b) => a + (b ?? 0), 0),
      0,
    ),
    topStories,
    reachEditions: options.editions.map((e) => e.code),
    referrers: REFERRER_KINDS.map((kind) => ({
      kind,
      views: referrerRows
        .filter((row) => (kind === "other" ? !isKnownKind(row.referrerKind) : row.referrerKind === kind))
        .reduce((sum, row) => sum + Number(row.views), 0),
    })),
    comments: seriesOf(window, buckets, hourlyComments),
  };
}

function isKnownKind(kind: string): boolean {
  return kind !== "other" && (REFERRER_KINDS as readonly string[]).includes(kind);
}

/**
 * Comments per edition and UTC hour ("2026-12-07T14"): grouped by hour in SQL, as views are, so that
 * each edition's days are made on its own clock here. Each edition's branch uses comments_queue_idx
 * (edition, status, created_at).
 */
async function commentsPerHour(db: Db, window: PeriodWindow) {
  const hourOf = sql<string>`substr(${sql.ref("createdAt")}, 1, 13)`;
  const rows = await db
    .selectFrom("comments")
    .select(["edition", hourOf.as("hour"), (eb) => eb.fn.countAll<string | number>().as("views")])
    .where("status", "in", POSTED)
    // created_at has milliseconds ("…T14:00:00.000Z"): bounds written alike compare as instants.
    .where((eb) => inWindow(eb, window, "createdAt", "edition", (hour) => hour.replace("Z", ".000Z")))
    .groupBy(["edition", hourOf])
    .execute();
  return rows.map((row) => ({ ...row, hour: `${row.hour}:00:00Z` }));
}

/** Each edition's rows from its own start to the window's end. */
function inWindow<T extends keyof Database>(
  eb: ExpressionBuilder<Database, T>,
  window: PeriodWindow,
  time: string,
  edition = "edition",
  bound: (hour: string) => string = (hour) => hour,
) {
  // biome-ignore lint/suspicious/noExplicitAny: the column names are checked by the callers' tables.
  const ref = eb as ExpressionBuilder<any, any>;
  if (window.editions.length === 0) return sql<boolean>`1 = 0`;
  return ref.or(
    window.editions.map((e: EditionWindow) =>
      ref.and([ref(edition, "=", e.code), ref(time, ">=", bound(e.from)), ref(time, "<", bound(window.to))]),
    ),
  );
}

/** Hourly rows summed into the window's buckets, one series per edition, zeros where none. */
function seriesOf(
  window: PeriodWindow,
  buckets: readonly string[],
  rows: readonly { edition: string; hour: string; views: string | number }[],
): EditionSeries[] {
  const position = new Map(buckets.map((bucket, index) => [bucket, index]));
  return window.editions.map((e) => {
    const own = new Set(e.buckets);
    const values: (number | null)[] = buckets.map((bucket) => (own.has(bucket) ? 0 : null));
    for (const row of rows) {
      if (row.edition !== e.code) continue;
      const at = position.get(bucketOf(window, e.timeZone, row.hour));
      if (at !== undefined && values[at] !== null) values[at] = (values[at] ?? 0) + Number(row.views);
    }
    return { edition: e.code, values };
  });
}
