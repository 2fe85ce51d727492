import type { Edition } from "../editions/edition.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import type { PictureData } from "../media/picture.ts";

/** The columns newest-first lists (archives, front page blocks, "more on this") show of an article. */
export const LISTED_COLUMNS = [
  "articles.id",
  "articles.storyId",
  "articles.title",
  "articles.summary",
  "articles.slug",
  "articles.publishedAt",
] as const;

/** An article row with the LISTED_COLUMNS. */
export interface ListedRow {
  id: number;
  storyId: number;
  title: string;
  summary: string | null;
  slug: string;
  publishedAt: string | null;
}

/** A story as a list shows it: its article in the list's edition, linked, with its picture if any. */
export interface ListedStory {
  articleId: number;
  storyId: number;
  title: string;
  summary: string | null;
  /** The article's slug in its edition (the API's lists give it). */
  slug?: string;
  publishedAt: string;
  href: string;
  picture?: PictureData | null;
}

/** A row with the LISTED_COLUMNS as a list shows it, linked to its article in `edition`. */
export function listedStory(urls: SiteUrls, edition: Edition, row: ListedRow): ListedStory {
  const publishedAt = row.publishedAt ?? "";
  return {
    articleId: row.id,
    storyId: row.storyId,
    title: row.title,
    summary: row.summary,
    slug: row.slug,
    publishedAt,
    href: urls.href(edition, urls.articlePath(edition, publishedAt, row.slug), edition),
  };
}
