import { xmlAttribute, xmlText } from "../../shared/xml.ts";
/** One `<sitemap>` of a sitemap index. */
export interface SitemapReference {
  loc: string;
  lastmod?: string | undefined;
}

/** Another language version of a page, as an `xhtml:link rel="alternate"`. */
export interface SitemapAlternate {
  /** A language code, or `x-default`. */
  hreflang: string;
  href: string;
}

/** One `<url>` of a sitemap. */
export interface SitemapUrl {
  loc: string;
  lastmod: string;
  /** Every language version, this one included; empty when the page has no other version. */
  alternates: SitemapAlternate[];
}

/** One `<url>` of a Google News sitemap. */
export interface NewsSitemapUrl extends SitemapUrl {
  publicationName: string;
  language: string;
  publishedAt: string;
  title: string;
}

const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS = "http://www.w3.org/1999/xhtml";
const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A sitemap index (sitemaps.org protocol) listing other sitemap files. */
export function sitemapIndexXml(sitemaps: readonly SitemapReference[]): string {
  const entries = sitemaps.map(
    (s) => `<sitemap><loc>${xmlText(s.loc)}</loc>${s.lastmod ? element("lastmod", s.lastmod) : ""}</sitemap>`,
  );
  return `${DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n${lines(entries)}</sitemapindex>\n`;
}

/** A sitemap of pages, each with its `hreflang` alternates. */
export function urlSetXml(urls: readonly SitemapUrl[]): string {
  const entries = urls.map((u) => `<url>${urlBody(u)}</url>`);
  return `${DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="${XHTML_NS}">\n${lines(entries)}</urlset>\n`;
}

/** A Google News sitemap: the `news:news` block of each article, plus its `hreflang` alternates. */
export function newsSitemapXml(urls: readonly NewsSitemapUrl[]): string {
  const entries = urls.map(
    (u) =>
      `<url>${urlBody(u)}<news:news><news:publication>${element("news:name", u.publicationName)}` +
      `${element("news:language", u.language)}</news:publication>` +
      `${element("news:publication_date", u.publishedAt)}${element("news:title", u.title)}</news:news></url>`,
  );
  return (
    `${DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="${XHTML_NS}" xmlns:news="${NEWS_NS}">\n` +
    `${lines(entries)}</urlset>\n`
  );
}

function urlBody(url: SitemapUrl): string {
  const alternates = url.alternates.map(
    (a) =>
      `<xhtml:link rel="alternate" hreflang="${xmlAttribute(a.hreflang)}" href="${xmlAttribute(a.href)}"/>`,
  );
  return `${element("loc", url.loc)}${element("lastmod", url.lastmod)}${alternates.join("")}`;
}

function element(name: string, text: string): string {
  return `<${name}>${xmlText(text)}</${name}>`;
}

function lines(entries: readonly string[]): string {
  return entries.map((e) => `${e}\n`).join("");
}
