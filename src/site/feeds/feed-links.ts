import type { Edition } from "../../editions/edition.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import type { SiteContext } from "../site-context.ts";
import type { PageHead } from "../views/layout.tsx";

export type FeedFormat = "rss" | "atom";

export const FEED_FORMATS: readonly FeedFormat[] = ["rss", "atom"];

export const FEED_CONTENT_TYPES: Readonly<
  Record<FeedFormat, "application/rss+xml" | "application/atom+xml">
> = { rss: "application/rss+xml", atom: "application/atom+xml" };

const FILE_NAMES: Readonly<Record<FeedFormat, string>> = { rss: "feed.xml", atom: "atom.xml" };
const FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = { rss: "RSS", atom: "Atom" };

/** `/feed.xml` or `/atom.xml`: an edition's feeds, inside the edition. */
export function editionFeedPath(format: FeedFormat): string {
  return `/${FILE_NAMES[format]}`;
}

/** `/tag/{slug}/feed.xml` or `/tag/{slug}/atom.xml`: beside the tag's archive page. */
export function tagFeedPath(tagPath: string, format: FeedFormat): string {
  return `${tagPath}/${FILE_NAMES[format]}`;
}

/** The edition's feeds, for the `<head>` of its front page, article pages and tag pages. */
export function editionFeedLinks(
  ctx: Pick<SiteContext, "urls">,
  edition: Edition,
  messages: Catalogue,
): NonNullable<PageHead["feeds"]> {
  return FEED_FORMATS.map((format) => ({
    title: messages.feedLinkTitle(messages.frontPageTitle, FORMAT_NAMES[format]),
    href: ctx.urls.absolute(edition, editionFeedPath(format)),
    type: FEED_CONTENT_TYPES[format],
  }));
}

/** A tag's feeds, for the `<head>` of its archive page (put before the edition's feeds). */
export function tagFeedLinks(
  ctx: Pick<SiteContext, "urls">,
  edition: Edition,
  tag: { slug: string; name: string },
  messages: Catalogue,
): NonNullable<PageHead["feeds"]> {
  return FEED_FORMATS.map((format) => ({
    title: messages.feedLinkTitle(messages.tagArchiveTitle(tag.name), FORMAT_NAMES[format]),
    href: ctx.urls.absolute(edition, tagFeedPath(ctx.urls.tagPath(tag.slug), format)),
    type: FEED_CONTENT_TYPES[format],
  }));
}
