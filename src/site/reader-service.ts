import type { StoryLink } from "../articles/body/body-view.tsx";
import { listCorrections } from "../articles/corrections.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import { isVisibleAt } from "../content/story-change.ts";
import type { Db } from "../db/database.ts";
import { preparedQuery } from "../db/prepared-query.ts";
import type { PromotionRow } from "../db/schema.ts";
import type { Edition } from "../editions/edition.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import { type EmbedCard, embedCards } from "../embeds/embed-card.ts";
import { findEmbeds } from "../embeds/embed-service.ts";
import { MediaService } from "../media/media-service.ts";
import type { MediaStore } from "../media/media-store.ts";
import type { PictureData } from "../media/picture.ts";
import { PromotionService } from "../promotions/promotion-service.ts";
import type { BodyDocument } from "../shared/body/body-document.ts";
import { collectBodyReferences, readingMinutes } from "../shared/body/body-text.ts";
import { type TagLabel, TagService } from "../tags/tag-service.ts";
import { storyLinks } from "./story-links.ts";

export interface ArticleTranslationLink {
  edition: Edition;
  articleId: number;
  title: string;
  href: string;
  absoluteUrl: string;
  current: boolean;
}

export interface ArticlePageData {
  edition: Edition;
  article: {
    id: number;
    storyId: number;
    title: string;
    summary: string | null;
    slug: string;
    body: BodyDocument;
    publishedAt: string;
    updatedAt: string;
    /**
     * What readers see of it at the time of rendering: always "published" on the reader site; a
     * preview may show a draft (not published yet, dated now) or an article scheduled for later.
     */
    publication: "published" | "scheduled" | "draft";
  };
  canonicalUrl: string;
  /** The edition the story was written in; its article is the x-default alternate. */
  originalEdition: string;
  /** The published articles of the story, in the editions' configured order, this one included. */
  translations: ArticleTranslationLink[];
  hero: PictureData | null;
  source: { name: string; shortName: string | null; url: string | null } | null;
  /** The story's bylines, lead first; links to each author's page in this edition. */
  authors: { id: number; name: string; slug: string; href: string; url: string }[];
  tags: (TagLabel & { href: string })[];
  stories: Map<number, StoryLink>;
  /** The body's figures, the hero, the embeds' thumbnails and the promotion's picture. */
  pictures: Map<number, PictureData>;
  /** The body's embeds whose data was fetched, by URL (the others are plain link cards). */
  embeds: Map<string, EmbedCard>;
  promotion: PromotionRow | undefined;
  /** The story's tags and every tag above them: the promotions limited to tags it may show. */
  promotionTagIds: number[];
  readingMinutes: number;
  /** Dated corrections to show at the article's foot, oldest first. */
  corrections: { text: string; correctedAt: string }[];
}

export interface StorySummary {
  articleId: number;
  title: string;
  summary: string | null;
  publishedAt: string;
  href: string;
}

/** What an article page shows of the article, its story and source. */
function articlePageRow(db: Db) {
  return db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .leftJoin("sources", "sources.id", "stories.sourceId")
    .select([
      "articles.id",
      "articles.storyId",
      "articles.title",
      "articles.summary",
      "articles.body",
      "articles.slug",
      "articles.publishedAt",
      "articles.updatedAt",
      "articles.status",
      "stories.originalEdition",
      "stories.heroMediaId",
      "sources.name as sourceName",
      "sources.shortName as sourceShortName",
      "sources.url as sourceUrl",
    ]);
}

/** The article readers can see at an address: every uncached article page runs it (compiled once). */
const articleBySlugQuery = preparedQuery((db: Db, edition: string, slug: string, now: string) =>
  articlePageRow(db)
    .where("articles.edition", "=", edition)
    .where("articles.slug", "=", slug)
    .where(visibleToReaders(now)),
);

/** The story's bylines, lead first. */
const bylinesQuery = preparedQuery((db: Db, storyId: number) =>
  db
    .selectFrom("storyAuthors")
    .innerJoin("authors", "authors.id", "storyAuthors.authorId")
    .select(["authors.id", "authors.name", "authors.slug"])
    .where("storyAuthors.storyId", "=", storyId)
    .orderBy("storyAuthors.position"),
);

/** The story's articles readers can see, in every edition: the language switcher. */
const translationsQuery = preparedQuery((db: Db, storyId: number, now: string) =>
  db
    .selectFrom("articles")
    .select(["id", "edition", "title", "slug", "publishedAt"])
    .where("storyId", "=", storyId)
    .where(visibleToReaders(now)),
);

/** Everything the reader site shows, gathered in a few queries per page; no HTTP here. */
export class ReaderService {
  private readonly media: MediaService;
  private readonly tags: TagService;
  private readonly promotions: PromotionService;

  constructor(
    private readonly db: Db,
    private readonly editions: Editions,
    private readonly urls: SiteUrls,
    mediaStore: MediaStore,
  ) {
    this.media = new MediaService({ db, mediaStore });
    this.tags = new TagService(db);
    this.promotions = new PromotionService(db);
  }

  /** The article published in `edition` under `slug`, or undefined when readers may not see one. */
  async articlePage(edition: Edition, slug: string, now: string): Promise<ArticlePageData | undefined> {
    return this.loadArticlePage(edition, { slug }, now);
  }

  /** Article `articleId` when readers can see it at `now` (the API reads articles by id). */
  async publishedArticlePage(articleId: number, now: string): Promise<ArticlePageData | undefined> {
    const page = await this.articlePageForPreview(articleId, now);
    return page?.article.publication === "published" ? page : undefined;
  }

  /**
   * The newsroom's preview: article `articleId` exactly as readers would get it, whatever its status
   * (a draft shows `now` as its publication time). Undefined when there is no such article.
   */
  async articlePageForPreview(articleId: number, now: string): Promise<ArticlePageData | undefined> {
    const found = await this.db
      .selectFrom("articles")
      .select("edition")
      .where("id", "=", articleId)
      .executeTakeFirst();
    const edition = found ? this.editions.find(found.edition) : undefined;
    return edition ? this.loadArticlePage(edition, { articleId }, now) : undefined;
  }

  private async loadArticlePage(
    edition: Edition,
    which: { slug: string } | { articleId: number },
    now: string,
  ): Promise<ArticlePageData | undefined> {
    const row = await ("slug" in which
      ? articleBySlugQuery(this.db, edition.code, which.slug, now).then((rows) => rows[0])
      : articlePageRow(this.db)
          .where("articles.edition", "=", edition.code)
          .where("articles.id", "=", which.articleId)
          .executeTakeFirst());
    if (!row) return undefined;
    const publishedAt = row.publishedAt ?? now;

    const body = JSON.parse(row.body) as BodyDocument;
    const references = collectBodyReferences(body);
    // Only a body with embeds costs this query; their thumbnails join the page's pictures.
    const embedRows = await findEmbeds(this.db, references.embedUrls);
    const thumbnailIds = [...embedRows.values()].flatMap((embed) =>
      embed.thumbnailMediaId === null ? [] : [embed.thumbnailMediaId],
    );
    const mediaIds = [...(row.heroMediaId ? [row.heroMediaId] : []), ...references.mediaIds, ...thumbnailIds];
    // No comment count here: it comes from its own cacheable URL, so the article page does not
    // change (nor leave the page cache) with every comment.
    const [translations, tags, stories, pictures, promoted, corrections, bylines] = await Promise.all([
      this.translations(row.storyId, edition, now),
      this.tags.labelsForStory(row.storyId, edition.code, row.originalEdition),
      storyLinks(
        { db: this.db, editions: this.editions, urls: this.urls },
        references.storyIds,
        edition,
        now,
      ),
      this.media.getPictures(mediaIds, edition.code, row.originalEdition),
      this.promotionFor(edition.code, row, now),
      listCorrections(this.db, row.id),
      bylinesQuery(this.db, row.storyId),
    ]);
    return {
      edition,
      article: {
        id: row.id,
        storyId: row.storyId,
        title: row.title,
        summary: row.summary,
        slug: row.slug,
        body,
        publishedAt,
        updatedAt: row.updatedAt,
        publication: isVisibleAt(row, now) ? "published" : row.status === "scheduled" ? "scheduled" : "draft",
      },
      canonicalUrl: this.urls.absolute(edition, this.urls.articlePath(edition, publishedAt, row.slug)),
      originalEdition: row.originalEdition,
      translations,
      hero: row.heroMediaId ? (pictures.get(row.heroMediaId) ?? null) : null,
      source: row.sourceName
        ? { name: row.sourceName, shortName: row.sourceShortName, url: row.sourceUrl }
        : null,
      authors: bylines.map((author) => ({
        id: author.id,
        name: author.name,
        slug: author.slug,
        href: this.urls.href(edition, this.urls.authorPath(author.slug), edition),
        url: this.urls.absolute(edition, this.urls.authorPath(author.slug)),
      })),
      tags: tags.map((tag) => ({
        ...tag,
        href: this.urls.href(this.editions.get(tag.language), this.urls.tagPath(tag.slug), edition),
      })),
      stories,
      pictures: new Map([...pictures, ...promoted.pictures]),
      embeds: embedCards(embedRows, pictures),
      promotion: promoted.promotion,
      promotionTagIds: promoted.tagIds,
      readingMinutes: readingMinutes(body),
      corrections: corrections.map(({ text, correctedAt }) => ({ text, correctedAt })),
    };
  }

  /**
   * The promotion shown after the article: one of its edition's, limited to none of the tags or to
   * one its story has (or has below it), chosen by weight; the same one for the same article.
   */
  private async promotionFor(
    edition: string,
    article: { id: number; storyId: number; originalEdition: string },
    now: string,
  ) {
    const tagIds = await this.promotions.storyTagIds(article.storyId);
    const slot = { edition, placement: "after-article" as const, tagIds };
    const promotion = await this.promotions.choose(slot, now, (article.id % 97) / 97);
    const pictures = promotion?.mediaId
      ? await this.media.getPictures([promotion.mediaId], edition, article.originalEdition)
      : new Map<number, PictureData>();
    return { promotion, tagIds, pictures };
  }

  /**
   * Why no article answers `slug` in `edition`: a slug it used to have (301 to where it lives now, when
   * readers can see it there), or an article readers saw once that has been withdrawn (410). Drafts,
   * articles still to come and unknown slugs are simply not found.
   */
  async resolveMissingArticle(
    edition: Edition,
    slug: string,
    now: string,
  ): Promise<{ redirectTo: string } | { gone: true } | undefined> {
    const current = await this.db
      .selectFrom("articles")
      .select(["status", "publishedAt"])
      .where("edition", "=", edition.code)
      .where("slug", "=", slug)
      .executeTakeFirst();
    if (current) return wasWithdrawn(current) ? { gone: true } : undefined;

    const history = await this.db
      .selectFrom("articleSlugHistory")
      .select("articleId")
      .where("edition", "=", edition.code)
      .where("slug", "=", slug)
      .executeTakeFirst();
    if (!history) return undefined;
    const renamed = this.db
      .selectFrom("articles")
      .select(["slug", "status", "publishedAt"])
      .where("id", "=", history.articleId)
      .where("edition", "=", edition.code);
    const visible = await renamed.where(visibleToReaders(now)).executeTakeFirst();
    if (visible?.publishedAt) {
      const path = this.urls.articlePath(edition, visible.publishedAt, visible.slug);
      return { redirectTo: this.urls.absolute(edition, path) };
    }
    const hidden = await renamed.executeTakeFirst();
    return hidden && wasWithdrawn(hidden) ? { gone: true } : undefined;
  }

  /** The newest articles an edition's readers can see. */
  async latest(edition: Edition, now: string, limit = 30): Promise<StorySummary[]> {
    const rows = await this.db
      .selectFrom("articles")
      .select(["id", "title", "summary", "slug", "publishedAt"])
      .where("edition", "=", edition.code)
      .where(visibleToReaders(now))
      .orderBy("publishedAt", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map((row) => this.summary(edition, row));
  }

  /**
   * The newest articles of an edition under a tag or any tag below it (a region's countries): one
   * range scan of the listing index.
   */
  async latestForTag(edition: Edition, tagId: number, now: string, limit = 30): Promise<StorySummary[]> {
    const rows = await this.db
      .selectFrom("tagListings")
      .innerJoin("articles", "articles.id", "tagListings.articleId")
      .select(["articles.id", "articles.title", "articles.summary", "articles.slug", "articles.publishedAt"])
      .where("tagListings.tagId", "=", tagId)
      .where("tagListings.edition", "=", edition.code)
      .where("tagListings.publishedAt", "<=", now)
      .orderBy("tagListings.publishedAt", "desc")
      .orderBy("tagListings.articleId", "desc")
      .limit(limit)
      .execute();
    return rows.map((row) => this.summary(edition, row));
  }

  findTag(edition: Edition, slug: string) {
    return this.tags.findBySlug(edition.code, slug);
  }

  /** The tag's slug in each edition that names it: its archive there. */
  tagSlugs(tagId: number) {
    return this.tags.slugsByEdition(tagId);
  }

  /** The current slug of the tag `slug` used to lead to in `edition` (renamed or merged). */
  findFormerTagSlug(edition: Edition, slug: string) {
    return this.tags.findFormerSlug(edition.code, slug);
  }

  private summary(
    edition: Edition,
    row: { id: number; title: string; summary: string | null; slug: string; publishedAt: string | null },
  ): StorySummary {
    const publishedAt = row.publishedAt ?? "";
    return {
      articleId: row.id,
      title: row.title,
      summary: row.summary,
      publishedAt,
      href: this.urls.href(edition, this.urls.articlePath(edition, publishedAt, row.slug), edition),
    };
  }

  private async translations(
    storyId: number,
    current: Edition,
    now: string,
  ): Promise<ArticleTranslationLink[]> {
    const rows = await translationsQuery(this.db, storyId, now);
    return this.editions.all.flatMap((edition) => {
      const row = rows.find((r) => r.edition === edition.code);
      if (!row?.publishedAt) return [];
      const path = this.urls.articlePath(edition, row.publishedAt, row.slug);
      return [
        {
          edition,
          articleId: row.id,
          title: row.title,
          href: this.urls.href(edition, path, current),
          absoluteUrl: this.urls.absolute(edition, path),
          current: edition.code === current.code,
        },
      ];
    });
  }
}

/** Unpublished after readers saw it: its URL answers 410, not 404, so search engines drop it. */
function wasWithdrawn(article: { status: string; publishedAt: string | null }): boolean {
  return article.status === "unpublished" && article.publishedAt !== null;
}
