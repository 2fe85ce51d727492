import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import {
  bylineKey,
  feedKey,
  listedKey,
  mediaKey,
  modifiedKey,
  setSurrogateKeys,
  tagKey,
  tagNameKey,
} from "../../cache/surrogate-keys.ts";
import { type EditionRoute, editionRoute } from "../edition-router.ts";
import { NoQuery, Slug } from "../route-schemas.ts";
import type { SiteContext } from "../site-context.ts";
import type { FeedDocument } from "./feed-document.ts";
import { FEED_CONTENT_TYPES, type FeedFormat } from "./feed-links.ts";
import type { FeedService } from "./feed-service.ts";
import { renderAtom, renderRss } from "./feed-xml.ts";

// Feed readers poll; five minutes keeps them close to the news without asking for every minute. A
// cache in front keeps feeds as long, purged when what they list changes.
const CACHE_CONTROL = "public, max-age=300, s-maxage=300, stale-while-revalidate=30";

/**
 * `/feed.xml` (RSS 2.0) and `/atom.xml` (Atom) of every edition, and the same beside each tag archive
 * (`/tag/{slug}/feed.xml`); an unknown tag gets the edition's 404 page.
 */
export function feedRoutes({ pages }: Pick<SiteContext, "pages">, feeds: FeedService): EditionRoute[] {
  return FEED_FORMATS.flatMap(([file, format]) => [
    editionRoute({
      url: `/${file}`,
      querystring: NoQuery,
      async handle({ reply, edition, now }) {
        const feed = await feeds.editionFeed(edition, now);
        setSurrogateKeys(reply, [feedKey(edition.code), ...feedKeys(feed, edition.code)]);
        return send(reply, format, feed);
      },
    }),
    editionRoute({
      url: `/tag/:slug/${file}`,
      params: Type.Object({ slug: Slug }),
      querystring: NoQuery,
      async handle({ reply, edition, now, params: { slug } }) {
        const tag = await feeds.findTag(edition, slug);
        if (!tag) return pages.notFound(reply, edition);
        const feed = await feeds.tagFeed(edition, tag, now);
        setSurrogateKeys(reply, [
          tagKey(tag.id, edition.code),
          tagNameKey(tag.id, edition.code),
          ...feedKeys(feed, edition.code),
        ]);
        return send(reply, format, feed);
      },
    }),
  ]);
}

const FEED_FORMATS: readonly (readonly [string, FeedFormat])[] = [
  ["feed.xml", "rss"],
  ["atom.xml", "atom"],
];

/**
 * The articles a feed lists (and their dates of change, which a correction moves), the pictures
 * they show and the tags they name (in the feed's edition).
 */
function feedKeys(feed: FeedDocument, edition: string): string[] {
  return feed.entries.flatMap((entry) => [
    ...(entry.articleId === undefined ? [] : [listedKey(entry.articleId), modifiedKey(entry.articleId)]),
    // A byline renamed, or a story's bylines changed, reach the feeds that name them.
    ...entry.authors.map((author) => bylineKey(author.id)),
    ...(entry.mediaIds ?? []).map((id) => mediaKey(id, edition)),
    ...entry.categories.flatMap((category) =>
      category.tagId === undefined ? [] : [tagNameKey(category.tagId, edition)],
    ),
  ]);
}

/** The feed as XML; the site's conditional GET adds the ETag that lets a polling reader get a 304. */
function send(reply: FastifyReply, format: FeedFormat, feed: FeedDocument) {
  return reply
    .code(200)
    .type(`${FEED_CONTENT_TYPES[format]}; charset=utf-8`)
    .header("cache-control", CACHE_CONTROL)
    .send(format === "atom" ? renderAtom(feed) : renderRss(feed));
}
