import type { PageStatus } from "../db/schema.ts";
import type { BodyDocument } from "../shared/body/body-document.ts";
import { ValidationError } from "../shared/errors.ts";
import { asciiSlugify } from "../shared/slug.ts";

export type { PageStatus };

/** A page in one edition, as the newsroom edits it and readers read it. */
export interface Page {
  id: number;
  /** The page group: the translations of one page share it. */
  groupId: number;
  edition: string;
  slug: string;
  title: string;
  body: BodyDocument;
  /** Null: the body's first text describes the page. */
  metaDescription: string | null;
  status: PageStatus;
  inFooter: boolean;
  footerPosition: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** What an editor writes of a page. */
export interface PageFields {
  title: string;
  /** Empty: made from the title. */
  slug: string;
  body: BodyDocument;
  metaDescription: string | null;
  inFooter: boolean;
  footerPosition: number;
}

/** A page's address inside its edition: ASCII words joined by single hyphens (`corrections-policy`). */
export const PAGE_SLUG_SOURCE = "[a-z0-9]+(?:-[a-z0-9]+)*";
const PAGE_SLUG = new RegExp(`^${PAGE_SLUG_SOURCE}$`);
export const PAGE_SLUG_MAX = 80;
export const PAGE_TITLE_MAX = 200;
export const META_DESCRIPTION_MAX = 300;
export const FOOTER_POSITION_MAX = 999;

/**
 * First segments of the reader site's other addresses, inside an edition (`/search`, `/tag/…`,
 * `/author/…`, `/comments/…`, the feeds) or at the root of an edition that has a host of its own
 * (`/newsroom`, `/assets`, `/media`, `/sitemaps`…). A page there would hide them, or they it.
 */
export const RESERVED_PAGE_SLUGS: ReadonlySet<string> = new Set([
  "search",
  "tag",
  "tags",
  "author",
  "authors",
  "comments",
  "feed",
  "feeds",
  "rss",
  "atom",
  "sitemap",
  "sitemaps",
  "robots",
  "newsroom",
  "assets",
  "media",
  "api",
  "healthz",
  "readyz",
  "beacon",
  "promo",
  "live",
  "newsletter",
  "favicon",
  "apple-touch-icon",
]);

/**
 * The slug to store: the one given, or one made from the title. Refuses (with the rule to follow)
 * what is not lowercase ASCII words with single hyphens, a number alone (a year's archive), and the
 * first segments of the site's other addresses.
 */
export function pageSlugFrom(given: string, title: string): string {
  const slug = given.trim() === "" ? asciiPageSlug(title) : given.trim();
  if (slug.length > PAGE_SLUG_MAX || !PAGE_SLUG.test(slug)) {
    throw new ValidationError(
      "slug",
      `"${slug.slice(0, 100)}" cannot be a page's address: use lowercase letters a to z, digits and single hyphens, at most ${PAGE_SLUG_MAX} characters (e.g. corrections-policy)`,
    );
  }
  if (/^\d+$/.test(slug)) {
    throw new ValidationError(
      "slug",
      `"${slug}" is a number, which the site's date archives use; add a word`,
    );
  }
  if (RESERVED_PAGE_SLUGS.has(slug)) {
    throw new ValidationError(
      "slug",
      `"${slug}" is the start of other addresses of the site (/${slug}…); choose another, such as "${slug}-page"`,
    );
  }
  return slug;
}

/** The title as a page slug: accents dropped, other scripts too (a page address stays ASCII). */
function asciiPageSlug(title: string): string {
  const slug = asciiSlugify(title, PAGE_SLUG_MAX);
  if (slug === "") {
    throw new ValidationError(
      "slug",
      "the title gives no Latin letters to make an address from; write a slug",
    );
  }
  return slug;
}
