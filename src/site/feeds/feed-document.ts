/**
 * A feed as data, the same for RSS and Atom: the service fills it, `feed-xml.ts` writes it in either
 * format. Every URL is absolute; every date is an ISO instant; texts are plain text, except
 * `contentHtml`, which is HTML ready to publish.
 */
export interface FeedDocument {
  title: string;
  description: string;
  /** The edition's locale (BCP 47, e.g. `pt-BR`): RSS `<language>`, Atom `xml:lang`. */
  language: string;
  /** The page the feed follows: the edition's front page or a tag archive. */
  pageUrl: string;
  /** Where this feed is served in each format, for `rel="self"` and the Atom id. */
  feedUrls: { rss: string; atom: string };
  /** The publication, for the Atom feed's author and the generator line. */
  siteName: string;
  /** When anything in the feed last changed: the newest entry's update, or the request time when empty. */
  updatedAt: string;
  entries: FeedEntry[];
}

export interface FeedEntry {
  /** The article and the pictures its content shows, for the feed's surrogate keys. */
  articleId?: number;
  mediaIds?: number[];
  title: string;
  /** The absolute article URL: link, RSS guid and Atom id. */
  url: string;
  publishedAt: string;
  /** Never before `publishedAt`. */
  updatedAt: string;
  /** The story's bylines, lead first (none: the publication's). */
  authors: readonly { id: number; name: string }[];
  /** The story's tags named in the edition; `url` is the tag's archive page. */
  categories: FeedCategory[];
  /** The summary, or the body's first paragraph when the article has none. */
  summary: string;
  /** The whole body, links and images absolute; null when feeds carry summaries only. */
  contentHtml: string | null;
  enclosure: FeedEnclosure | null;
}

export interface FeedCategory {
  /** The tag, for the feed's surrogate keys. */
  tagId?: number;
  slug: string;
  name: string;
  url: string;
}

/** The hero image: its largest JPEG variant. */
export interface FeedEnclosure {
  url: string;
  length: number;
  type: "image/jpeg";
}
