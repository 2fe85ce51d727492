/** One item of an agency feed, as the parser reads it from RSS, Atom or ninjs. */
export interface FeedItem {
  guid: string | null;
  link: string | null;
  title: string;
  /** Plain text (an RSS description without its markup, an Atom summary). */
  summary: string | null;
  /** The story's text as HTML (content:encoded, Atom content, ninjs body_html); may be empty. */
  html: string;
  /** The item's photo (enclosure, media:content, Atom's enclosure link), if it gives one. */
  image: FeedImage | null;
}

export interface FeedImage {
  url: string;
  caption: string | null;
  credit: string | null;
}

/** How an item is recognised again, in any feed: its guid, then its link, then its title. */
export interface DuplicateKeys {
  guidKey: string | null;
  linkKey: string | null;
  titleKey: string;
}

export function duplicateKeysOf(item: FeedItem): DuplicateKeys {
  return {
    guidKey: item.guid?.trim() || null,
    linkKey: item.link ? normalisedLink(item.link) : null,
    titleKey: normalisedTitle(item.title),
  };
}

/**
 * A title as two agencies (or two polls) may write it differently: case, accents, punctuation and
 * spacing left out. "Quake hits Kirkuk — 12 dead" and "QUAKE HITS KIRKUK: 12 dead" are one title.
 */
export function normalisedTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A link without its fragment, tracking parameters, or a trailing slash; the host in lower case. */
export function normalisedLink(link: string): string {
  try {
    const url = new URL(link.trim());
    url.hash = "";
    for (const name of [...url.searchParams.keys()]) {
      if (/^utm_|^fbclid$|^gclid$/i.test(name)) url.searchParams.delete(name);
    }
    return url.toString().replace(/\/$/, "");
  } catch {
    return link.trim();
  }
}
