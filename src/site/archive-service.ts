import type { SelectQueryBuilder } from "kysely";
import { LISTED_COLUMNS, type ListedRow, type ListedStory, listedStory } from "../articles/listed-article.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import { newestPerTag } from "../content/listings.ts";
import type { Db } from "../db/database.ts";
import type { Database } from "../db/schema.ts";
import type { Edition } from "../editions/edition.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import { frontBlockTags } from "../frontpage/front-page-blocks.ts";
import { LEAD_POSITION, pinnedStories } from "../frontpage/front-page-pins.ts";
import { MediaService } from "../media/media-service.ts";
import type { MediaStore } from "../media/media-store.ts";
import type { PictureData } from "../media/picture.ts";
import { rowIdFrom } from "../shared/ids.ts";

/** Where a page of a newest-first list ends: the next page starts below it. */
export interface Cursor {
  publishedAt: string;
  articleId: number;
}

/** What a list may be narrowed to; every filter given applies. */
export interface ArchiveFilters {
  tagId?: number | undefined;
  authorId?: number | undefined;
  /** Published in [start, end), ISO instants. */
  period?: [string, string] | undefined;
}

export interface ArchivePage {
  stories: ListedStory[];
  /** The cursor of the next (older) page, or null on the last page. */
  older: Cursor | null;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_(\d{1,10})$/;

/** `?before=` values: `2026-03-04T09:30:00.000Z_123`. Returns "invalid" for anything else. */
export function parseCursor(value: string | null): Cursor | null | "invalid" {
  if (value === null) return null;
  const match = CURSOR.exec(value);
  const articleId = rowIdFrom(match?.[2]);
  if (!match?.[1] || articleId === null || Number.isNaN(Date.parse(match[1]))) return "invalid";
  return { publishedAt: match[1], articleId };
}

export function formatCursor(cursor: Cursor): string {
  return `${cursor.publishedAt}_${cursor.articleId}`;
}

export interface FrontPageData {
  lead: ListedStory | null;
  /** Stories editors pinned under the lead, in their order. */
  top: ListedStory[];
  latest: ListedStory[];
  blocks: { tagId: number; kind: string; name: string; href: string; stories: ListedStory[] }[];
}

const FRONT_LATEST = 12;
const LEAD_CANDIDATES = 5;
const BLOCK_SIZE = 4;

/**
 * The newest publication time a page may show. Given as a plain bound beside the (time, id) row
 * comparison so that SQLite starts its index range at the cursor, not at the top of the archive.
 */
function upperBound(now: string, cursor: Cursor | null): string {
  return cursor && cursor.publishedAt < now ? cursor.publishedAt : now;
}

type ArticleSource = SelectQueryBuilder<Database, "articles", object>;

/**
 * Newest-first lists of what readers can see: tag, author and date archives, front page blocks.
 * Every list is a keyset walk down an index, never an OFFSET scan.
 */
export class ArchiveService {
  private readonly media: MediaService;

  constructor(
    private readonly db: Db,
    private readonly urls: SiteUrls,
    mediaStore: MediaStore,
  ) {
    this.media = new MediaService({ db, mediaStore });
  }

  /** A tag's archive (its own stories and those of the tags below it), through the listing index. */
  async byTag(
    edition: Edition,
    tagId: number,
    now: string,
    cursor: Cursor | null,
    limit: number,
  ): Promise<ArchivePage> {
    let query = this.db
      .selectFrom("tagListings")
      .innerJoin("articles", "articles.id", "tagListings.articleId")
      .select(LISTED_COLUMNS)
      .where("tagListings.tagId", "=", tagId)
      .where("tagListings.edition", "=", edition.code)
      .where("tagListings.publishedAt", "<=", upperBound(now, cursor));
    if (cursor) {
      query = query.where((eb) =>
        eb(
          eb.refTuple("tagListings.publishedAt", "tagListings.articleId"),
          "<",
          eb.tuple(cursor.publishedAt, cursor.articleId),
        ),
      );
    }
    const rows = await query
      .orderBy("tagListings.publishedAt", "desc")
      .orderBy("tagListings.articleId", "desc")
      .limit(limit + 1)
      .execute();
    return this.pictured(edition, this.page(edition, rows, limit));
  }

  /** An author's archive in one edition: the stories with their byline, lead or not. */
  async byAuthor(
    edition: Edition,
    authorId: number,
    now: string,
    cursor: Cursor | null,
    limit: number,
  ): Promise<ArchivePage> {
    return this.filtered(edition, { authorId }, now, cursor, limit);
  }

  /** Articles published in [start, end): a day or a month of an edition. */
  async byPeriod(
    edition: Edition,
    period: [string, string],
    now: string,
    cursor: Cursor | null,
    limit: number,
  ): Promise<ArchivePage> {
    return this.filtered(edition, { period }, now, cursor, limit);
  }

  /**
   * An edition's articles under every filter given (a tag or one below it, a byline, a period):
   * the archives' walk, which the API's lists combine freely. A tag alone walks its listing index.
   */
  async filtered(
    edition: Edition,
    filters: ArchiveFilters,
    now: string,
    cursor: Cursor | null,
    limit: number,
  ): Promise<ArchivePage> {
    const { tagId, authorId, period } = filters;
    if (tagId !== undefined && authorId === undefined && period === undefined) {
      return this.byTag(edition, tagId, now, cursor, limit);
    }
    let query: ArticleSource = this.db.selectFrom("articles");
    if (tagId !== undefined) {
      const listed = this.db
        .selectFrom("tagListings")
        .select("tagListings.articleId")
        .where("tagListings.tagId", "=", tagId)
        .where("tagListings.edition", "=", edition.code);
      query = query.where("articles.id", "in", listed);
    }
    if (authorId !== undefined) {
      const bylined = this.db
        .selectFrom("storyAuthors")
        .select("storyAuthors.storyId")
        .where("storyAuthors.authorId", "=", authorId);
      query = query.where("articles.storyId", "in", bylined);
    }
    if (period !== undefined) {
      query = query
        .where("articles.publishedAt", ">=", period[0])
        .where("articles.publishedAt", "<", period[1]);
    }
    return this.walk(edition, query, now, cursor, limit);
  }

  /** The newest articles of an edition, with their hero pictures. */
  async latest(edition: Edition, now: string, limit: number): Promise<ListedStory[]> {
    return (await this.walk(edition, this.db.selectFrom("articles"), now, null, limit)).stories;
  }

  /**
   * The front page: the lead (the story pinned first, else the newest with a photo among the latest
   * few), the stories pinned under it, the latest stories, then a block per section and featured
   * region in the editors' order. No story shows twice: each part skips what an earlier one shows,
   * and the next story fills its place.
   */
  async frontPage(edition: Edition, now: string): Promise<FrontPageData> {
    const pinned = await pinnedStories(this.db, edition.code, now);
    const newest = await this.latest(edition, now, FRONT_LATEST + pinned.length + 1);
    const shown = new Set(pinned.map((row) => row.id));
    const stories = [
      ...(await this.withPictures(edition, this.page(edition, pinned, pinned.length).stories)),
      ...newest.filter((story) => !shown.has(story.articleId)),
    ];
    const leadPin = pinned[0]?.position === LEAD_POSITION ? stories[0] : undefined;
    const top = stories.slice(leadPin ? 1 : 0, pinned.length);
    const unpinned = stories.slice(pinned.length);
    const lead =
      leadPin ?? unpinned.slice(0, LEAD_CANDIDATES).find((story) => story.picture) ?? unpinned[0] ?? null;
    const latest = unpinned.filter((story) => story !== lead).slice(0, FRONT_LATEST);
    for (const story of [lead, ...latest]) if (story) shown.add(story.articleId);
    return { lead, top, latest, blocks: await this.blocks(edition, now, shown) };
  }

  /** The front page's blocks, each skipping the stories already `shown` (and adding its own). */
  private async blocks(edition: Edition, now: string, shown: Set<number>): Promise<FrontPageData["blocks"]> {
    const tags = await frontBlockTags(this.db, edition);
    // Enough candidates per tag for a full block after skipping what the page shows above it and
    // in one earlier block; a block further overlapped may come out shorter.
    const listings = await newestPerTag(this.db, {
      tagIds: tags.map((tag) => tag.id),
      edition: edition.code,
      now,
      limit: BLOCK_SIZE * 2 + shown.size,
    });
    const chosen = new Map<number, number[]>();
    for (const tag of tags) {
      const ids: number[] = [];
      for (const listing of listings) {
        if (ids.length === BLOCK_SIZE) break;
        if (listing.tagId !== tag.id || shown.has(listing.articleId)) continue;
        ids.push(listing.articleId);
        shown.add(listing.articleId);
      }
      chosen.set(tag.id, ids);
    }
    const articles = await this.byIds([...chosen.values()].flat());
    const blocks = tags.map((tag) => ({
      tagId: tag.id,
      kind: tag.kind,
      name: tag.name,
      href: this.urls.href(edition, this.urls.tagPath(tag.slug), edition),
      stories: this.page(
        edition,
        (chosen.get(tag.id) ?? []).flatMap((id) => {
          const article = articles.get(id);
          return article ? [article] : [];
        }),
        BLOCK_SIZE,
      ).stories,
    }));
    // Every block's pictures in one lookup.
    const pictured = new Map(
      (
        await this.withPictures(
          edition,
          blocks.flatMap((block) => block.stories),
        )
      ).map((story) => [story.articleId, story]),
    );
    return blocks
      .map((block) => ({
        ...block,
        stories: block.stories.map((story) => pictured.get(story.articleId) ?? story),
      }))
      .filter((block) => block.stories.length > 0);
  }

  /** Articles by id, with the columns lists show. */
  private async byIds(ids: number[]): Promise<Map<number, ListedRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("articles")
      .select(LISTED_COLUMNS)
      .where("articles.id", "in", [...new Set(ids)])
      .execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** One picture as the edition shows it (an author's photo). */
  async picture(edition: Edition, mediaId: number): Promise<PictureData | undefined> {
    return (await this.media.getPictures([mediaId], edition.code, edition.code)).get(mediaId);
  }

  /**
   * The given stories (or search hits, or "more on this") with their story's hero picture, null for
   * a story without one: the lead's photo and the thumbnails of lists. Alt texts missing in the
   * edition fall back to the story's original edition, as on the article page.
   */
  async withPictures<T extends { storyId: number }>(
    edition: Edition,
    stories: readonly T[],
  ): Promise<(T & { picture: PictureData | null })[]> {
    if (stories.length === 0) return [];
    const heroes = await this.db
      .selectFrom("stories")
      .select(["id", "heroMediaId", "originalEdition"])
      .where("id", "in", [...new Set(stories.map((story) => story.storyId))])
      .where("heroMediaId", "is not", null)
      .execute();
    const pictures = new Map<number, PictureData>();
    for (const original of new Set(heroes.map((hero) => hero.originalEdition))) {
      const mediaIds = heroes.flatMap((hero) =>
        hero.originalEdition === original && hero.heroMediaId ? [hero.heroMediaId] : [],
      );
      for (const [id, picture] of await this.media.getPictures(mediaIds, edition.code, original))
        pictures.set(id, picture);
    }
    const heroOf = new Map(heroes.map((hero) => [hero.id, hero.heroMediaId]));
    return stories.map((story) => {
      const mediaId = heroOf.get(story.storyId);
      return { ...story, picture: (mediaId && pictures.get(mediaId)) || null };
    });
  }

  private async walk(
    edition: Edition,
    source: ArticleSource,
    now: string,
    cursor: Cursor | null,
    limit: number,
  ): Promise<ArchivePage> {
    let query = source
      .select(LISTED_COLUMNS)
      .where("articles.edition", "=", edition.code)
      .where(visibleToReaders(now))
      .where("articles.publishedAt", "<=", upperBound(now, cursor));
    if (cursor) {
      query = query.where((eb) =>
        eb(
          eb.refTuple("articles.publishedAt", "articles.id"),
          "<",
          eb.tuple(cursor.publishedAt, cursor.articleId),
        ),
      );
    }
    const rows = await query
      .orderBy("articles.publishedAt", "desc")
      .orderBy("articles.id", "desc")
      .limit(limit + 1)
      .execute();
    return this.pictured(edition, this.page(edition, rows, limit));
  }

  private async pictured(edition: Edition, page: ArchivePage): Promise<ArchivePage> {
    return { ...page, stories: await this.withPictures(edition, page.stories) };
  }

  private page(edition: Edition, rows: ListedRow[], limit: number): ArchivePage {
    const stories = rows.slice(0, limit).map((row) => listedStory(this.urls, edition, row));
    const last = stories.at(-1);
    return {
      stories,
      older:
        rows.length > limit && last ? { publishedAt: last.publishedAt, articleId: last.articleId } : null,
    };
  }
}
