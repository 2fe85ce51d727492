import { bylinesOfStories } from "../../articles/story-bylines.ts";
import { visibleToReaders } from "../../articles/visibility.ts";
import type { Db } from "../../db/database.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { MediaService } from "../../media/media-service.ts";
import type { MediaStore } from "../../media/media-store.ts";
import type { PictureData } from "../../media/picture.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import { collectBodyReferences } from "../../shared/body/body-text.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";
import { type TagLabel, TagService } from "../../tags/tag-service.ts";
import { storyLinks } from "../story-links.ts";
import { absolutePicture, absoluteUrl, feedBodyHtml, firstParagraphText } from "./feed-body.tsx";
import type { FeedCategory, FeedDocument, FeedEntry } from "./feed-document.ts";
import { editionFeedPath, tagFeedPath } from "./feed-links.ts";

/** How many articles a feed lists, newest first. */
export const FEED_LENGTH = 30;

export type FeedContent = "full" | "summary";

export interface FeedServiceOptions {
  db: Db;
  editions: Editions;
  urls: SiteUrls;
  mediaStore: MediaStore;
  /** The publication's name on an edition's pages (SettingsService.nameFor: it changes without a restart). */
  siteNameFor: (edition: Edition) => string;
  /** Whole bodies in feeds, or summaries only (FEED_CONTENT). */
  content: FeedContent;
}

interface ArticleRow {
  id: number;
  storyId: number;
  title: string;
  slug: string;
  summary: string | null;
  body: string;
  publishedAt: string | null;
  updatedAt: string;
  originalEdition: string;
  heroMediaId: number | null;
}

/** The feeds of an edition and of its tags, as FeedDocuments; no HTTP and no XML here. */
export class FeedService {
  private readonly db: Db;
  private readonly editions: Editions;
  private readonly urls: SiteUrls;
  private readonly media: MediaService;
  private readonly tags: TagService;
  private readonly siteNameFor: (edition: Edition) => string;
  private readonly content: FeedContent;

  constructor(options: FeedServiceOptions) {
    this.db = options.db;
    this.editions = options.editions;
    this.urls = options.urls;
    this.media = new MediaService({ db: options.db, mediaStore: options.mediaStore });
    this.tags = new TagService(options.db);
    this.siteNameFor = options.siteNameFor;
    this.content = options.content;
  }

  findTag(edition: Edition, slug: string): Promise<TagLabel | undefined> {
    return this.tags.findBySlug(edition.code, slug);
  }

  /** The edition's newest articles. */
  async editionFeed(edition: Edition, now: string): Promise<FeedDocument> {
    const messages = messagesFor(edition.code);
    const ids = await this.db
      .selectFrom("articles")
      .select("id")
      .where("edition", "=", edition.code)
      .where(visibleToReaders(now))
      .orderBy("publishedAt", "desc")
      .orderBy("id", "desc")
      .limit(FEED_LENGTH)
      .execute();
    return this.document(edition, now, {
      title: `${messages.frontPageTitle} | ${this.siteNameFor(edition)}`,
      description: messages.editionFeedDescription(this.siteNameFor(edition)),
      pagePath: this.urls.frontPath(),
      rssPath: editionFeedPath("rss"),
      atomPath: editionFeedPath("atom"),
      articleIds: ids.map((row) => row.id),
    });
  }

  /** The newest articles under a tag or any tag below it (a region's countries), from the listing index. */
  async tagFeed(
    edition: Edition,
    tag: Pick<TagLabel, "id" | "slug" | "name">,
    now: string,
  ): Promise<FeedDocument> {
    const messages = messagesFor(edition.code);
    const ids = await this.db
      .selectFrom("tagListings")
      .select("articleId")
      .where("tagId", "=", tag.id)
      .where("edition", "=", edition.code)
      .where("publishedAt", "<=", now)
      .orderBy("publishedAt", "desc")
      .orderBy("articleId", "desc")
      .limit(FEED_LENGTH)
      .execute();
    const tagPath = this.urls.tagPath(tag.slug);
    return this.document(edition, now, {
      title: `${messages.tagArchiveTitle(tag.name)} | ${this.siteNameFor(edition)}`,
      description: messages.tagFeedDescription(tag.name, this.siteNameFor(edition)),
      pagePath: tagPath,
      rssPath: tagFeedPath(tagPath, "rss"),
      atomPath: tagFeedPath(tagPath, "atom"),
      articleIds: ids.map((row) => row.articleId),
    });
  }

  private async document(
    edition: Edition,
    now: string,
    feed: {
      title: string;
      description: string;
      pagePath: string;
      rssPath: string;
      atomPath: string;
      articleIds: number[];
    },
  ): Promise<FeedDocument> {
    const entries = await this.entries(edition, now, feed.articleIds);
    const newest = entries.map((entry) => entry.updatedAt).sort();
    return {
      title: feed.title,
      description: feed.description,
      language: edition.locale,
      pageUrl: this.urls.absolute(edition, feed.pagePath),
      feedUrls: {
        rss: this.urls.absolute(edition, feed.rssPath),
        atom: this.urls.absolute(edition, feed.atomPath),
      },
      siteName: this.siteNameFor(edition),
      updatedAt: newest.at(-1) ?? now,
      entries,
    };
  }

  private async entries(edition: Edition, now: string, ids: number[]): Promise<FeedEntry[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom("articles")
      .innerJoin("stories", "stories.id", "articles.storyId")
      .select([
        "articles.id",
        "articles.storyId",
        "articles.title",
        "articles.slug",
        "articles.summary",
        "articles.body",
        "articles.publishedAt",
        "articles.updatedAt",
        "stories.originalEdition",
        "stories.heroMediaId",
      ])
      .where("articles.id", "in", ids)
      .where(visibleToReaders(now))
      .execute();
    // Back in the order of the listing the ids came from, newest first.
    const byId = new Map(rows.map((row) => [row.id, row]));
    const articles = ids.flatMap((id) => byId.get(id) ?? []);
    const bodies = new Map(articles.map((a) => [a.id, JSON.parse(a.body) as BodyDocument]));
    const heroIds = articles.flatMap((a) => (a.heroMediaId === null ? [] : [a.heroMediaId]));
    const [categories, bylines, enclosures, rendered] = await Promise.all([
      this.categories(
        edition,
        articles.map((a) => a.storyId),
      ),
      bylinesOfStories(
        this.db,
        articles.map((a) => a.storyId),
      ),
      this.media.largestJpegs(heroIds),
      this.content === "full" ? this.renderBodies(edition, now, articles, bodies) : new Map<number, string>(),
    ]);
    const origin = this.urls.origin(edition);
    return articles.map((article): FeedEntry => {
      const publishedAt = article.publishedAt ?? now;
      const hero = article.heroMediaId === null ? undefined : enclosures.get(article.heroMediaId);
      const body = bodies.get(article.id);
      return {
        articleId: article.id,
        mediaIds:
          this.content === "full"
            ? [
                ...(article.heroMediaId === null ? [] : [article.heroMediaId]),
                ...(body ? collectBodyReferences(body).mediaIds : []),
              ]
            : [],
        title: article.title,
        url: this.urls.absolute(edition, this.urls.articlePath(edition, publishedAt, article.slug)),
        publishedAt,
        // A scheduled article saved before its time: it changed, for readers, when it appeared.
        updatedAt: laterOf(article.updatedAt, publishedAt),
        authors: bylines.get(article.storyId) ?? [],
        categories: categories.get(article.storyId) ?? [],
        summary: article.summary?.trim() || (body ? firstParagraphText(body) : ""),
        contentHtml: rendered.get(article.id) ?? null,
        enclosure: hero
          ? { url: absoluteUrl(hero.src, origin), length: hero.sizeBytes, type: "image/jpeg" }
          : null,
      };
    });
  }

  /** Each story's tags named in the edition, in the story's order; a tag without a name there is left out. */
  private async categories(edition: Edition, storyIds: number[]): Promise<Map<number, FeedCategory[]>> {
    const rows = await this.db
      .selectFrom("storyTags")
      .innerJoin("tagNames", "tagNames.tagId", "storyTags.tagId")
      .select(["storyTags.storyId", "storyTags.tagId", "tagNames.name", "tagNames.slug"])
      .where("storyTags.storyId", "in", storyIds)
      .where("tagNames.edition", "=", edition.code)
      .orderBy("storyTags.storyId")
      .orderBy("storyTags.position")
      .execute();
    const categories = new Map<number, FeedCategory[]>();
    for (const row of rows) {
      const category = {
        tagId: row.tagId,
        slug: row.slug,
        name: row.name,
        url: this.urls.absolute(edition, this.urls.tagPath(row.slug)),
      };
      categories.get(row.storyId)?.push(category) ?? categories.set(row.storyId, [category]);
    }
    return categories;
  }

  /** Full-text bodies: the pictures of each story's original language as fallback, READ links resolved. */
  private async renderBodies(
    edition: Edition,
    now: string,
    articles: ArticleRow[],
    bodies: Map<number, BodyDocument>,
  ): Promise<Map<number, string>> {
    const references = new Map(
      articles.map((a) => [a.id, collectBodyReferences(bodies.get(a.id) ?? { type: "doc", content: [] })]),
    );
    const storyIds = [...references.values()].flatMap((r) => r.storyIds);
    const origin = this.urls.origin(edition);
    const byOriginal = groupBy(articles, (a) => a.originalEdition);
    const [stories, ...pictureGroups] = await Promise.all([
      storyLinks(
        { db: this.db, editions: this.editions, urls: this.urls },
        storyIds,
        edition,
        now,
        "absolute",
      ),
      ...[...byOriginal].map(async ([original, group]) => {
        const mediaIds = group.flatMap((a) => [
          ...(a.heroMediaId === null ? [] : [a.heroMediaId]),
          ...(references.get(a.id)?.mediaIds ?? []),
        ]);
        return this.media.getPictures(mediaIds, edition.code, original);
      }),
    ]);
    const pictureFor = new Map<string, Map<number, PictureData>>();
    [...byOriginal.keys()].forEach((original, index) => {
      const pictures = pictureGroups[index] ?? new Map<number, PictureData>();
      pictureFor.set(
        original,
        new Map([...pictures].map(([id, picture]) => [id, absolutePicture(picture, origin)])),
      );
    });
    const readLabel = messagesFor(edition.code).readCallout;
    const html = new Map<number, string>();
    for (const article of articles) {
      const pictures = pictureFor.get(article.originalEdition) ?? new Map<number, PictureData>();
      const hero = article.heroMediaId === null ? null : (pictures.get(article.heroMediaId) ?? null);
      const body = bodies.get(article.id);
      if (body) html.set(article.id, feedBodyHtml(body, { readLabel, stories, pictures }, hero, origin));
    }
    return html;
  }
}

/** The later of two ISO instants (which sort as text). */
function laterOf(a: string, b: string): string {
  return [a, b].sort()[1] ?? a;
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.get(keyOf(item))?.push(item) ?? groups.set(keyOf(item), [item]);
  return groups;
}
