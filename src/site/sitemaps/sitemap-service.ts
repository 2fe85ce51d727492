import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from "kysely";
import { visibleToReaders } from "../../articles/visibility.ts";
import type { Db } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import type { SitemapAlternate, SitemapUrl } from "./sitemap-xml.ts";

/** The protocol's limit of URLs in one sitemap file. */
export const MAX_URLS_PER_SITEMAP = 50_000;
/** Google News reads articles of the last two days, at most 1,000 in one file. */
export const NEWS_WINDOW_MS = 48 * 3_600_000;
export const MAX_NEWS_URLS = 1_000;

/** One sitemap file of an edition's articles published in one month. */
export interface SitemapMonthPart {
  edition: Edition;
  /** `yyyy-mm`, the month of publication in UTC. */
  month: string;
  /** 1-based; a month with more URLs than fit in one file has several parts. */
  part: number;
  /** The latest change to any article of the month (not only of this part). */
  lastmod: string;
}

/** An article in the news sitemap. */
export interface NewsArticle extends SitemapUrl {
  title: string;
  publishedAt: string;
}

export interface SitemapServiceOptions {
  /** URLs in one file before a month is split into parts (the protocol allows 50,000). */
  urlsPerFile?: number | undefined;
}

/** The article rows of one sitemap file, as the common table expression `page` of a query. */
type PageQuery = SelectQueryBuilder<
  Database,
  "articles",
  { id: number; storyId: number; title: string; publishedAt: string | null; updatedAt: string }
>;

/** What the sitemaps list: every article readers can see, by edition and month, with its translations. */
export class SitemapService {
  readonly urlsPerFile: number;

  constructor(
    private readonly db: Db,
    private readonly editions: Editions,
    private readonly urls: SiteUrls,
    options: SitemapServiceOptions = {},
  ) {
    const urlsPerFile = options.urlsPerFile ?? MAX_URLS_PER_SITEMAP;
    if (!Number.isSafeInteger(urlsPerFile) || urlsPerFile < 1 || urlsPerFile > MAX_URLS_PER_SITEMAP) {
      throw new RangeError(
        `urlsPerFile must be a whole number from 1 to ${MAX_URLS_PER_SITEMAP}, not ${urlsPerFile}`,
      );
    }
    this.urlsPerFile = urlsPerFile;
  }

  /**
   * Every month sitemap file, editions in their configured order, oldest month first: one query,
   * grouped by edition and month. Months are those of `publishedAt` in UTC (the first seven
   * characters of the ISO time), not of the edition's time zone: an article published late on the
   * last day of a month may sit in the next month's file, which crawlers do not mind, and the
   * grouping stays the same plain expression on SQLite and PostgreSQL.
   */
  async monthParts(now: string): Promise<SitemapMonthPart[]> {
    const month = sql<string>`substr(${sql.ref("articles.publishedAt")}, 1, 7)`;
    const rows = await this.db
      .selectFrom("articles")
      .select((eb) => [
        "articles.edition",
        month.as("month"),
        eb.fn.countAll<number | string | bigint>().as("urls"),
        eb.fn.max(lastChange(eb)).as("lastmod"),
      ])
      .where("articles.edition", "in", this.editions.codes())
      .where(visibleToReaders(now))
      .groupBy(["articles.edition", month])
      .execute();
    const order = this.editions.codes();
    rows.sort(
      (a, b) => order.indexOf(a.edition) - order.indexOf(b.edition) || a.month.localeCompare(b.month),
    );
    return rows.flatMap((row) => {
      const parts = Math.ceil(Number(row.urls) / this.urlsPerFile);
      const edition = this.editions.get(row.edition);
      return Array.from({ length: parts }, (_, index) => ({
        edition,
        month: row.month,
        part: index + 1,
        lastmod: String(row.lastmod),
      }));
    });
  }

  /**
   * The articles of one month sitemap file, oldest first, each with its published translations;
   * empty when the month has no such part. One query, whatever the number of articles.
   */
  async monthUrls(edition: Edition, month: string, part: number, now: string): Promise<SitemapUrl[]> {
    const range = monthRange(month);
    if (!range || !Number.isSafeInteger(part) || part < 1) return [];
    return this.withTranslations(
      edition,
      this.db
        .selectFrom("articles")
        .select([
          "articles.id",
          "articles.storyId",
          "articles.title",
          "articles.publishedAt",
          "articles.updatedAt",
        ])
        .where("articles.edition", "=", edition.code)
        .where("articles.publishedAt", ">=", range.start)
        .where("articles.publishedAt", "<", range.end)
        .where(visibleToReaders(now))
        .orderBy("articles.publishedAt")
        .orderBy("articles.id")
        .limit(this.urlsPerFile)
        .offset((part - 1) * this.urlsPerFile),
      "asc",
      now,
    );
  }

  /** The edition's articles of the last 48 hours, newest first, for its Google News sitemap. */
  async newsArticles(edition: Edition, now: string): Promise<NewsArticle[]> {
    const since = new Date(Date.parse(now) - NEWS_WINDOW_MS).toISOString();
    return this.withTranslations(
      edition,
      this.db
        .selectFrom("articles")
        .select([
          "articles.id",
          "articles.storyId",
          "articles.title",
          "articles.publishedAt",
          "articles.updatedAt",
        ])
        .where("articles.edition", "=", edition.code)
        .where("articles.publishedAt", ">=", since)
        .where(visibleToReaders(now))
        .orderBy("articles.publishedAt", "desc")
        .orderBy("articles.id", "desc")
        .limit(MAX_NEWS_URLS),
      "desc",
      now,
    );
  }

  /**
   * Runs `page` as a common table expression joined to every visible article of the same stories
   * (the page's own included), so that a file of 50,000 articles and their alternates is one query.
   */
  private async withTranslations(
    edition: Edition,
    page: PageQuery,
    direction: "asc" | "desc",
    now: string,
  ): Promise<NewsArticle[]> {
    const rows = await this.db
      .with("page", () => page)
      .selectFrom("page")
      .innerJoin("stories", "stories.id", "page.storyId")
      .innerJoin("articles", "articles.storyId", "page.storyId")
      .select([
        "page.id",
        "page.title",
        "page.publishedAt",
        "page.updatedAt",
        "stories.originalEdition",
        "articles.edition as otherEdition",
        "articles.slug as otherSlug",
        "articles.publishedAt as otherPublishedAt",
      ])
      .where(visibleToReaders(now))
      .orderBy("page.publishedAt", direction)
      .orderBy("page.id", direction)
      .execute();

    const byArticle = new Map<number, { row: (typeof rows)[number]; versions: Map<string, string> }>();
    for (const row of rows) {
      let entry = byArticle.get(row.id);
      if (!entry) {
        entry = { row, versions: new Map() };
        byArticle.set(row.id, entry);
      }
      const other = this.editions.find(row.otherEdition);
      if (other && row.otherPublishedAt) {
        entry.versions.set(other.code, this.articleUrl(other, row.otherPublishedAt, row.otherSlug));
      }
    }
    return [...byArticle.values()].flatMap(({ row, versions }) => {
      const loc = versions.get(edition.code);
      if (!loc || !row.publishedAt) return [];
      return [
        {
          loc,
          lastmod: later(row.updatedAt, row.publishedAt),
          alternates: this.alternates(versions, row.originalEdition),
          title: row.title,
          publishedAt: row.publishedAt,
        },
      ];
    });
  }

  /** Every version in configured edition order, plus x-default on the original; none when alone. */
  private alternates(versions: Map<string, string>, originalEdition: string): SitemapAlternate[] {
    if (versions.size < 2) return [];
    const alternates = this.editions.all.flatMap((e) => {
      const href = versions.get(e.code);
      return href ? [{ hreflang: e.code, href }] : [];
    });
    const original = versions.get(originalEdition);
    if (original) alternates.push({ hreflang: "x-default", href: original });
    return alternates;
  }

  private articleUrl(edition: Edition, publishedAt: string, slug: string): string {
    return this.urls.absolute(edition, this.urls.articlePath(edition, publishedAt, slug));
  }
}

/**
 * When the page last changed for a crawler: its last save, or its publication when that came later
 * (an article written, then scheduled, appears only when it goes out).
 */
function lastChange(eb: ExpressionBuilder<Database, "articles">): Expression<string> {
  const updatedLater: Expression<SqlBool> = eb("articles.updatedAt", ">", eb.ref("articles.publishedAt"));
  return eb
    .case()
    .when(updatedLater)
    .then(eb.ref("articles.updatedAt"))
    .else(eb.ref("articles.publishedAt"))
    .end() as Expression<string>;
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** The ISO bounds of a `yyyy-mm` month in UTC, or undefined when it is not a month. */
export function monthRange(month: string): { start: string; end: string } | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return undefined;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  // Four-digit years only: Date.UTC reads 0-99 as 1900-1999, and ISO years past 9999 gain a sign.
  if (year < 1000 || index < 0 || index > 11) return undefined;
  return {
    start: new Date(Date.UTC(year, index, 1)).toISOString(),
    end: new Date(Date.UTC(year, index + 1, 1)).toISOString(),
  };
}
