import type { LiveCoverage, LiveUpdate } from "../../live/live-service.ts";
import type { BodyDocument, InlineNode } from "../../shared/body/body-document.ts";
import { bodyPlainText } from "../../shared/body/body-text.ts";
import type { ArticlePageData } from "../reader-service.ts";
import type { PageHead } from "../views/layout.tsx";

/** Who publishes the site, as cards and structured data name it. */
export interface SiteIdentity {
  name: string;
  /** Origin of the edition's pages (`https://example.org`): relative media URLs are made absolute on it. */
  origin: string;
  /** The edition's front page, absolute: the publisher's URL. */
  frontUrl: string;
}

export type PageMeta = NonNullable<PageHead["meta"]>;

/** Longest description we write; search results and cards cut around here anyway. */
export const DESCRIPTION_LENGTH = 160;

/**
 * The head of an article page for search engines and social cards: its description (the summary, or
 * the opening of the first paragraph), OpenGraph and Twitter tags, and `NewsArticle` JSON-LD.
 */
export function articleMetadata(
  page: ArticlePageData,
  site: SiteIdentity,
  live?: { coverage: LiveCoverage; updates: readonly LiveUpdate[] },
): { description: string | null; meta: PageMeta; jsonLd: Record<string, unknown> } {
  const description = articleDescription(page.article.summary, page.article.body);
  const published = page.article.publishedAt;
  const modified = modifiedAt(page);
  const image = page.hero ? absoluteUrl(page.hero.src, site.origin) : null;
  const section = page.tags.find((tag) => tag.kind === "section")?.name ?? null;
  const ownLocale = page.edition.locale;

  const meta: PageMeta = [
    { property: "og:type", content: "article" },
    { property: "og:title", content: page.article.title },
    ...(description ? [{ property: "og:description", content: description }] : []),
    { property: "og:url", content: page.canonicalUrl },
    { property: "og:site_name", content: site.name },
    { property: "og:locale", content: ogLocale(ownLocale) },
    ...page.translations
      .filter((t) => !t.current)
      .map((t) => ({ property: "og:locale:alternate", content: ogLocale(t.edition.locale) })),
  ];
  if (page.hero && image) {
    meta.push(
      { property: "og:image", content: image },
      { property: "og:image:type", content: "image/jpeg" },
      { property: "og:image:width", content: String(page.hero.width) },
      { property: "og:image:height", content: String(page.hero.height) },
    );
    if (page.hero.alt) meta.push({ property: "og:image:alt", content: page.hero.alt });
  }
  meta.push(
    { property: "article:published_time", content: published },
    { property: "article:modified_time", content: modified },
    ...(section ? [{ property: "article:section", content: section }] : []),
    ...page.tags.map((tag) => ({ property: "article:tag", content: tag.name })),
    { name: "twitter:card", content: image ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: page.article.title },
    ...(description ? [{ name: "twitter:description", content: description }] : []),
  );
  if (page.hero && image) {
    meta.push({ name: "twitter:image", content: image });
    if (page.hero.alt) meta.push({ name: "twitter:image:alt", content: page.hero.alt });
  }

  const jsonLd = newsArticleJsonLd(page, site, { description, modified, section });
  return { description, meta, jsonLd: live ? liveBlogJsonLd(jsonLd, page, live) : jsonLd };
}

/** Longest headline an update's structured data gets (the opening of its text). */
const UPDATE_HEADLINE_LENGTH = 110;

/**
 * A live page's structured data: the article's, as a `LiveBlogPosting` with its coverage times and
 * each update a `BlogPosting` at its own address (`#update-<id>`), as Google's live blog markup asks.
 */
function liveBlogJsonLd(
  article: Record<string, unknown>,
  page: ArticlePageData,
  live: { coverage: LiveCoverage; updates: readonly LiveUpdate[] },
): Record<string, unknown> {
  return {
    ...article,
    "@type": "LiveBlogPosting",
    coverageStartTime: live.coverage.startedAt,
    ...(live.coverage.endedAt ? { coverageEndTime: live.coverage.endedAt } : {}),
    liveBlogUpdate: live.updates.map((update) => {
      const text = bodyPlainText(update.body).replace(/\s+/g, " ").trim();
      const url = `${page.canonicalUrl}#update-${update.id}`;
      return {
        "@type": "BlogPosting",
        "@id": url,
        url,
        headline: truncateAtWord(text, UPDATE_HEADLINE_LENGTH),
        articleBody: text,
        datePublished: update.createdAt,
        dateModified: update.updatedAt,
        inLanguage: page.edition.locale,
      };
    }),
  };
}

function newsArticleJsonLd(
  page: ArticlePageData,
  site: SiteIdentity,
  derived: { description: string | null; modified: string; section: string | null },
): Record<string, unknown> {
  const publisher = { "@type": "Organization", name: site.name, url: site.frontUrl };
  const original = page.translations.find((t) => t.edition.code === page.originalEdition);
  const isTranslation = page.edition.code !== page.originalEdition;
  const basedOn =
    isTranslation && original
      ? { "@type": "NewsArticle", "@id": original.absoluteUrl, url: original.absoluteUrl }
      : null;
  const translations = isTranslation
    ? []
    : page.translations
        .filter((t) => !t.current)
        .map((t) => ({
          "@type": "NewsArticle",
          "@id": t.absoluteUrl,
          url: t.absoluteUrl,
          inLanguage: t.edition.locale,
        }));
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "@id": page.canonicalUrl,
    url: page.canonicalUrl,
    mainEntityOfPage: { "@type": "WebPage", "@id": page.canonicalUrl },
    headline: page.article.title,
    ...(derived.description ? { description: derived.description } : {}),
    ...(page.hero ? { image: heroImages(page, site.origin) } : {}),
    datePublished: page.article.publishedAt,
    dateModified: derived.modified,
    // Without a byline the publication itself stands behind the story.
    author:
      page.authors.length > 0
        ? page.authors.map((author) => ({ "@type": "Person", name: author.name, url: author.url }))
        : [publisher],
    publisher,
    inLanguage: page.edition.locale,
    ...(derived.section ? { articleSection: derived.section } : {}),
    ...(page.tags.length > 0 ? { keywords: page.tags.map((tag) => tag.name) } : {}),
    ...(basedOn ? { isBasedOn: basedOn, translationOfWork: basedOn } : {}),
    ...(translations.length > 0 ? { workTranslation: translations } : {}),
    // schema.org's `correction` (from The Trust Project); Google reads dateModified, not this.
    ...(page.corrections.length > 0
      ? {
          correction: page.corrections.map((correction) => ({
            "@type": "CorrectionComment",
            text: correction.text,
            datePublished: correction.correctedAt,
          })),
        }
      : {}),
  };
}

/** Every JPEG variant of the hero, largest first, as absolute URLs (rich results want ≥1200px wide). */
function heroImages(page: ArticlePageData, origin: string): string[] {
  if (!page.hero) return [];
  const urls = page.hero.srcset
    .split(",")
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? "")
    .filter((url) => url !== "")
    .reverse();
  const all = [page.hero.src, ...urls].map((url) => absoluteUrl(url, origin));
  return [...new Set(all)];
}

/**
 * Publishing does not touch `updatedAt`, so an article saved before it went out would look modified
 * before it was published: the later of the two is when readers last saw it change.
 */
export function modifiedAt(page: ArticlePageData): string {
  const { publishedAt, updatedAt } = page.article;
  return new Date(updatedAt) > new Date(publishedAt) ? updatedAt : publishedAt;
}

/** The summary, or else the opening of the first paragraph, cut at a word boundary. */
export function articleDescription(summary: string | null, body: BodyDocument): string | null {
  const text = summary?.trim() || firstParagraph(body);
  return text ? truncateAtWord(text, DESCRIPTION_LENGTH) : null;
}

function firstParagraph(body: BodyDocument): string {
  for (const node of body.content) {
    if (node.type !== "paragraph") continue;
    const text = inlineText(node.content).replace(/\s+/g, " ").trim();
    if (text !== "") return text;
  }
  return "";
}

function inlineText(content: readonly InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? node.text : " ")).join("");
}

/** `text` when it fits in `max` characters, else cut at the last space before and ended with "…". */
export function truncateAtWord(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  if (chars.length <= max) return chars.join("");
  const head = chars.slice(0, max).join("");
  const space = head.lastIndexOf(" ");
  // A single enormous word (a URL) is cut where it must be rather than dropped.
  const cut = space > max / 2 ? head.slice(0, space) : chars.slice(0, max - 1).join("");
  return `${cut.replace(/[\s,;:.\-–—]+$/u, "")}…`;
}

/** OpenGraph writes locales with an underscore: `pt_BR`. */
export function ogLocale(locale: string): string {
  return locale.replace("-", "_");
}

function absoluteUrl(url: string, origin: string): string {
  return new URL(url, `${origin}/`).href;
}
