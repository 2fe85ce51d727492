import { xmlAttribute, xmlText } from "../../shared/xml.ts";
import type { FeedDocument, FeedEntry } from "./feed-document.ts";

/**
 * Writes a FeedDocument as RSS 2.0 or Atom 1.0. Written here rather than with a feed library because
 * the escaping is the whole job: every text and attribute goes through `xmlText()` / `xmlAttribute()` (src/shared/xml.ts), there
 * is no CDATA (whose `]]>` rules libraries get wrong), and characters XML 1.0 forbids are dropped, so
 * no title an editor can type breaks the document.
 */

const NAMESPACES = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
};

/** How long (minutes) an RSS reader may keep the feed before asking again; matches Cache-Control. */
const TTL_MINUTES = 5;

export function renderRss(feed: FeedDocument): string {
  const channel = [
    leaf("title", feed.title),
    leaf("link", feed.pageUrl),
    leaf("description", feed.description),
    leaf("language", feed.language),
    leaf("lastBuildDate", rfc822(feed.updatedAt)),
    leaf("ttl", String(TTL_MINUTES)),
    empty("atom:link", { href: feed.feedUrls.rss, rel: "self", type: "application/rss+xml" }),
    ...feed.entries.map(rssItem),
  ];
  return document(
    element(
      "rss",
      {
        version: "2.0",
        "xmlns:atom": NAMESPACES.atom,
        "xmlns:content": NAMESPACES.content,
        "xmlns:dc": NAMESPACES.dc,
      },
      [element("channel", {}, channel)],
    ),
  );
}

/**
 * Titles and descriptions are HTML-escaped before XML-escaping: RSS readers treat both as HTML, so a
 * headline about `<script>` shows as written instead of being taken for markup.
 */
function rssItem(entry: FeedEntry): string {
  return element("item", {}, [
    leaf("title", escapeHtml(entry.title)),
    leaf("link", entry.url),
    leaf("guid", entry.url, { isPermaLink: "true" }),
    leaf("pubDate", rfc822(entry.publishedAt)),
    ...entry.authors.map((author) => leaf("dc:creator", author.name)),
    ...entry.categories.map((category) => leaf("category", category.name, { domain: category.url })),
    leaf("description", escapeHtml(entry.summary)),
    ...(entry.contentHtml !== null ? [leaf("content:encoded", entry.contentHtml)] : []),
    ...(entry.enclosure
      ? [
          empty("enclosure", {
            url: entry.enclosure.url,
            length: String(entry.enclosure.length),
            type: entry.enclosure.type,
          }),
        ]
      : []),
  ]);
}

export function renderAtom(feed: FeedDocument): string {
  const children = [
    leaf("id", feed.feedUrls.atom),
    leaf("title", feed.title, { type: "text" }),
    leaf("subtitle", feed.description, { type: "text" }),
    leaf("updated", iso(feed.updatedAt)),
    empty("link", { rel: "alternate", type: "text/html", href: feed.pageUrl }),
    empty("link", { rel: "self", type: "application/atom+xml", href: feed.feedUrls.atom }),
    empty("link", { rel: "alternate", type: "application/rss+xml", href: feed.feedUrls.rss }),
    // Entries without an author of their own are the publication's: Atom requires one or the other.
    element("author", {}, [leaf("name", feed.siteName)]),
    ...feed.entries.map(atomEntry),
  ];
  return document(element("feed", { xmlns: NAMESPACES.atom, "xml:lang": feed.language }, children));
}

function atomEntry(entry: FeedEntry): string {
  return element("entry", {}, [
    leaf("id", entry.url),
    leaf("title", entry.title, { type: "text" }),
    empty("link", { rel: "alternate", type: "text/html", href: entry.url }),
    leaf("published", iso(entry.publishedAt)),
    leaf("updated", iso(entry.updatedAt)),
    ...entry.authors.map((author) => element("author", {}, [leaf("name", author.name)])),
    ...entry.categories.map((category) =>
      empty("category", { term: category.slug, label: category.name, scheme: tagScheme(category.url) }),
    ),
    leaf("summary", entry.summary, { type: "text" }),
    ...(entry.contentHtml !== null ? [leaf("content", entry.contentHtml, { type: "html" })] : []),
    ...(entry.enclosure
      ? [
          empty("link", {
            rel: "enclosure",
            type: entry.enclosure.type,
            length: String(entry.enclosure.length),
            href: entry.enclosure.url,
          }),
        ]
      : []),
  ]);
}

/** The tag archives' common prefix (`…/tag/`) names the category scheme. */
function tagScheme(tagUrl: string): string {
  return tagUrl.slice(0, tagUrl.lastIndexOf("/") + 1);
}

type Attributes = Record<string, string>;

function document(root: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${root}\n`;
}

/** One element per line, not indented: indenting would change the text of multi-line values. */
function element(name: string, attributes: Attributes, children: string[]): string {
  return `<${name}${attributeList(attributes)}>\n${children.join("\n")}\n</${name}>`;
}

function leaf(name: string, value: string, attributes: Attributes = {}): string {
  return `<${name}${attributeList(attributes)}>${xmlText(value)}</${name}>`;
}

function empty(name: string, attributes: Attributes): string {
  return `<${name}${attributeList(attributes)}/>`;
}

function attributeList(attributes: Attributes): string {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${xmlAttribute(value)}"`)
    .join("");
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** RFC 822 dates as RSS wants them ("Wed, 25 Nov 2026 08:00:00 GMT"). */
function rfc822(isoTime: string): string {
  return new Date(isoTime).toUTCString();
}

/** RFC 3339, as Atom wants it. */
function iso(isoTime: string): string {
  return new Date(isoTime).toISOString();
}
