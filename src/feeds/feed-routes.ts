import type { FastifyReply } from "fastify";
import type { EditionRoute } from "../site/edition-router.ts";
import type { SiteContext } from "../site/site-context.ts";
import type { FeedDocument } from "./feed-document.ts";
import { FEED_CONTENT_TYPES, type FeedFormat } from "./feed-links.ts";
import type { FeedService } from "./feed-service.ts";
import { renderAtom, renderRss } from "./feed-xml.ts";

// Feed readers poll; five minutes keeps them close to the news without asking for every minute.
const CACHE_CONTROL = "public, max-age=300";

const SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
const FILE = "(feed|atom)\\.xml";

/**
 * `/feed.xml` (RSS 2.0) and `/atom.xml` (Atom) of every edition, and the same beside each tag archive
 * (`/tag/{slug}/feed.xml`); an unknown tag gets the edition's 404 page.
 */
export function feedRoutes({ pages }: Pick<SiteContext, "pages">, feeds: FeedService): EditionRoute[] {
  return [
    {
      pattern: new RegExp(`^/${FILE}$`),
      async handle({ reply, edition, now, params: [file] }) {
        return send(reply, formatOf(file), await feeds.editionFeed(edition, now));
      },
    },
    {
      pattern: new RegExp(`^/tag/(${SLUG})/${FILE}$`),
      async handle({ reply, edition, now, params: [slug = "", file] }) {
        const tag = await feeds.findTag(edition, slug);
        if (!tag) return pages.notFound(reply, edition);
        return send(reply, formatOf(file), await feeds.tagFeed(edition, tag, now));
      },
    },
  ];
}

function formatOf(file: string | undefined): FeedFormat {
  return file === "atom" ? "atom" : "rss";
}

/** The feed as XML; the site's conditional GET adds the ETag that lets a polling reader get a 304. */
function send(reply: FastifyReply, format: FeedFormat, feed: FeedDocument) {
  return reply
    .code(200)
    .type(`${FEED_CONTENT_TYPES[format]}; charset=utf-8`)
    .header("cache-control", CACHE_CONTROL)
    .send(format === "atom" ? renderAtom(feed) : renderRss(feed));
}
