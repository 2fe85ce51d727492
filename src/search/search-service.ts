import { openReaderSearch, searchEngineOf } from "../content/search-index.ts";
import type { Db } from "../db/database.ts";
import type { ArticleStatus, TagKind } from "../db/schema.ts";
import type { NewsroomEngineQuery, ReaderSearch, SearchEngine } from "../db/search/search-engine.ts";
import type { Edition } from "../editions/edition.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import { storedBodyText } from "../shared/body/body-text.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { KeptAnswers } from "../shared/kept-answers.ts";
import { hasPositivePart, type ParsedQuery, parseQuery } from "../shared/text/query-parser.ts";
import { isCalendarDate, zonedRange } from "../shared/time-zone.ts";
import { type TagLabel, TagService } from "../tags/tag-service.ts";
import { type Highlighted, highlightAll, highlightTerms, snippet } from "./highlight.ts";
import { type AdmissionLimits, SearchAdmission } from "./search-admission.ts";

export interface SearchOptions {
  /** Only stories under this tag (in the edition's slugs), or under a tag below it. */
  tagSlug?: string | null | undefined;
  /** First day (`yyyy-mm-dd`, in the edition's time zone) of publication. */
  from?: string | null | undefined;
  /** Last day (`yyyy-mm-dd`, included). */
  to?: string | null | undefined;
  /** 1-based page number. */
  page?: number | undefined;
}

export interface SearchHit {
  articleId: number;
  storyId: number;
  title: Highlighted;
  href: string;
  publishedAt: string;
  snippet: Highlighted;
}

export interface SearchResults {
  query: ParsedQuery;
  hits: SearchHit[];
  /** Matches found; a lower bound when `more` is true. */
  total: number;
  more: boolean;
  page: number;
  pageSize: number;
  pageCount: number;
  /** The filters as applied: an unknown tag or an impossible date is ignored, and shows as null. */
  filters: { tag: TagLabel | null; from: string | null; to: string | null };
}

export interface NewsroomHit {
  articleId: number;
  storyId: number;
  edition: string;
  title: string;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string;
}

/** A reader's search page as its route rendered it, kept like results (see SearchService.page). */
export interface RenderedSearchPage {
  status: number;
  html: string;
}

export interface FilterTag {
  slug: string;
  name: string;
  kind: TagKind;
}

export interface SearchServiceOptions {
  pageSize?: number;
  candidateCap?: number;
  /**
   * The app's content changes: with them, results are kept a few seconds (identical searches cost
   * one) and forgotten at every change. Without them nothing could tell that results went stale,
   * so none are kept beyond the searches running at the time.
   */
  events?: ContentEvents | undefined;
  /** Bounds on the reader search pages of this process (READER_SEARCH_LIMITS, the database's concurrency). */
  limits?: Partial<AdmissionLimits>;
}

const PAGE_SIZE = 10;
/** Ranked matches per search: the newest this many (see EngineQuery.candidateCap). */
const CANDIDATE_CAP = 1_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Bounds on the reader search pages of each process (see `admit`), past the few the database runs
 * at once (its ReaderSearch's concurrency: two on SQLite, one on PostgreSQL): the queue holds what
 * they answer within the wait at ordinary speed, and a search whose turn has not come within 2 s
 * is told to come back (503, Retry-After).
 */
export const READER_SEARCH_LIMITS: Omit<AdmissionLimits, "concurrency" | "share"> = {
  queue: 256,
  maxWaitMs: 2_000,
  retryAfterSeconds: 2,
};
/** How long results are kept when content changes are announced: "identical within seconds". */
const RESULTS_TTL_MS = 5_000;
/** Result pages kept per process: some 5 KB each. */
const RESULTS_KEPT = 500;
/** Rendered search pages kept per process: some 15 KB each (the popular queries of the moment). */
const PAGES_KEPT = 200;

/** Reader search per edition, and the newsroom's search over every article. */
export class SearchService {
  private readonly engine: SearchEngine;
  private readonly reader: ReaderSearch;
  private readonly tags: TagService;
  private readonly admission: SearchAdmission;
  private readonly results: KeptAnswers<SearchResults>;
  private readonly tagLists: KeptAnswers<FilterTag[]>;
  private readonly pages: KeptAnswers<RenderedSearchPage>;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    private readonly urls: SiteUrls,
    private readonly options: SearchServiceOptions = {},
  ) {
    this.engine = searchEngineOf(db);
    this.reader = openReaderSearch(db);
    this.tags = new TagService(db);
    this.admission = new SearchAdmission({
      concurrency: this.reader.concurrency,
      share: this.reader.share,
      ...READER_SEARCH_LIMITS,
      ...options.limits,
    });
    const ttlMs = options.events ? RESULTS_TTL_MS : 0;
    this.results = new KeptAnswers({ maxEntries: RESULTS_KEPT, ttlMs });
    this.tagLists = new KeptAnswers({ maxEntries: 64, ttlMs });
    this.pages = new KeptAnswers({ maxEntries: PAGES_KEPT, ttlMs });
    this.unsubscribe =
      options.events?.subscribe(() => {
        this.results.clear();
        this.tagLists.clear();
        this.pages.clear();
      }) ?? (() => {});
  }

  /** Stops listening to content changes and ends the reader search's thread, if it has one. */
  async close(): Promise<void> {
    this.unsubscribe();
    this.results.clear();
    this.pages.clear();
    await this.reader.close();
  }

  get pageSize(): number {
    return this.options.pageSize ?? PAGE_SIZE;
  }

  /**
   * Runs `work` (a reader's search page: the search and its rendering) when this process's turn
   * for one comes: at most the database's concurrency at once, the others waiting in turn; rejects
   * with SearchBusyError (503, Retry-After) past READER_SEARCH_LIMITS. Whether `work` runs, waits
   * or is refused is decided at the call.
   */
  admit<T>(work: () => Promise<T>): Promise<T> {
    return this.admission.run(work);
  }

  /**
   * A reader's search page, `key` naming everything it shows (edition, words, filters, page): the
   * page kept or being made for that key, else `render` run within `admit`. Identical pages at once,
   * or within seconds when changes are announced, then cost one search and one render, and never
   * wait in the queue: a popular query answers at the speed of any page, however many ask for it,
   * while distinct searches still take their turns. A refusal (SearchBusyError) is not kept.
   */
  page(key: string, render: () => Promise<RenderedSearchPage>): Promise<RenderedSearchPage> {
    return this.pages.keep(key, () => this.admit(render));
  }

  /**
   * Stories of an edition that readers can see at `now`, most relevant first and, among equals, newest
   * first; with highlighted titles and snippets. Never throws on what a reader typed. Identical
   * searches at once, or within seconds when changes are announced, cost one. Reader pages call it
   * inside `admit`.
   */
  search(edition: Edition, text: string, options: SearchOptions, now: string): Promise<SearchResults> {
    const query = parseQuery(text);
    const cap = this.options.candidateCap ?? CANDIDATE_CAP;
    const maxPage = Math.ceil(cap / this.pageSize);
    const page = Math.min(maxPage, Math.max(1, Math.floor(options.page ?? 1) || 1));
    const key = JSON.stringify([edition.code, query.text, options.tagSlug, options.from, options.to, page]);
    return this.results.keep(key, () => this.searchNow(edition, query, { ...options, page }, now));
  }

  private async searchNow(
    edition: Edition,
    query: ParsedQuery,
    options: SearchOptions & { page: number },
    now: string,
  ): Promise<SearchResults> {
    const { page } = options;
    const pageSize = this.pageSize;
    const cap = this.options.candidateCap ?? CANDIDATE_CAP;
    const tag = options.tagSlug
      ? ((await this.tags.findBySlug(edition.code, options.tagSlug)) ?? null)
      : null;
    const from = dayStart(edition, options.from);
    const to = dayEnd(edition, options.to);
    const filters = { tag, from: from ? (options.from ?? null) : null, to: to ? (options.to ?? null) : null };
    const empty = { query, hits: [], total: 0, more: false, page, pageSize, pageCount: 0, filters };
    if (!hasPositivePart(query)) return empty;

    const result = await this.reader.query({
      edition: edition.code,
      query,
      tagId: tag?.id,
      from: from ?? undefined,
      to: to ?? undefined,
      now,
      offset: (page - 1) * pageSize,
      limit: pageSize,
      candidateCap: cap,
    });
    const hits = await this.describe(
      edition,
      query,
      result.hits.map((hit) => hit.articleId),
    );
    return {
      ...empty,
      hits,
      total: result.total,
      more: result.more,
      pageCount: Math.ceil(result.total / pageSize),
    };
  }

  /**
   * Newsroom search: articles in every state and edition whose title, summary or slug contains the
   * words, most recently updated first. For editors finding a story they know (drafts included).
   */
  async searchNewsroom(
    text: string,
    options: {
      editions?: string[];
      statuses?: ArticleStatus[];
      only?: NewsroomEngineQuery["only"];
      page?: number;
      pageSize?: number;
    } = {},
  ): Promise<{ query: ParsedQuery; hits: NewsroomHit[]; more: boolean }> {
    const query = parseQuery(text);
    const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 20));
    const page = Math.max(1, Math.floor(options.page ?? 1) || 1);
    const { articleIds, more } = await this.engine.queryNewsroom({
      query,
      editions: options.editions,
      statuses: options.statuses,
      only: options.only,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    if (articleIds.length === 0) return { query, hits: [], more: false };
    const rows = await this.db
      .selectFrom("articles")
      .select(["id", "storyId", "edition", "title", "status", "publishedAt", "updatedAt"])
      .where("id", "in", articleIds)
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const hits = articleIds.flatMap((id) => {
      const row = byId.get(id);
      return row ? [{ ...row, articleId: row.id }] : [];
    });
    return { query, hits: hits.map(({ id: _id, ...hit }) => hit), more };
  }

  /** The tags a reader can filter an edition's results by, regions and sections first. */
  filterTags(edition: Edition): Promise<FilterTag[]> {
    return this.tagLists.keep(edition.code, () => this.loadFilterTags(edition));
  }

  private async loadFilterTags(edition: Edition): Promise<FilterTag[]> {
    const order: Record<TagKind, number> = { section: 0, region: 1, country: 2, topic: 3 };
    const rows = await this.db
      .selectFrom("tagNames")
      .innerJoin("tags", "tags.id", "tagNames.tagId")
      .select(["tagNames.slug", "tagNames.name", "tags.kind"])
      .where("tagNames.edition", "=", edition.code)
      .execute();
    const collator = new Intl.Collator(edition.locale);
    return rows.sort((a, b) => order[a.kind] - order[b.kind] || collator.compare(a.name, b.name));
  }

  private async describe(edition: Edition, query: ParsedQuery, articleIds: number[]): Promise<SearchHit[]> {
    if (articleIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("articles")
      .select(["id", "storyId", "title", "slug", "summary", "body", "publishedAt"])
      .where("id", "in", articleIds)
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const terms = highlightTerms(edition.code, query);
    return articleIds.flatMap((id) => {
      const row = byId.get(id);
      if (!row?.publishedAt) return [];
      const body = storedBodyText(row.body);
      let excerpt = snippet(edition.code, body, terms);
      if (row.summary && !excerpt.some((run) => run.mark)) {
        const fromSummary = snippet(edition.code, row.summary, terms);
        if (fromSummary.some((run) => run.mark) || excerpt.length === 0) excerpt = fromSummary;
      }
      return [
        {
          articleId: row.id,
          storyId: row.storyId,
          title: highlightAll(edition.code, row.title, terms),
          href: this.urls.href(edition, this.urls.articlePath(edition, row.publishedAt, row.slug), edition),
          publishedAt: row.publishedAt,
          snippet: excerpt,
        },
      ];
    });
  }
}

function parseDay(value: string | null | undefined): [number, number, number] | null {
  const match = value ? DAY.exec(value) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isCalendarDate(year, month, day) ? [year, month, day] : null;
}

function dayStart(edition: Edition, value: string | null | undefined): string | null {
  const day = parseDay(value);
  return day ? zonedRange(edition.timeZone, ...day)[0] : null;
}

function dayEnd(edition: Edition, value: string | null | undefined): string | null {
  const day = parseDay(value);
  return day ? zonedRange(edition.timeZone, ...day)[1] : null;
}
