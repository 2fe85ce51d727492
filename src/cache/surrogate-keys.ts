import type { FastifyReply } from "fastify";
import { isVisibleAt } from "../content/story-change.ts";
import type { ChangeReason, ContentChange } from "../shared/content-events.ts";
import { localDay } from "../shared/time-zone.ts";

/**
 * Surrogate keys: every cacheable response names what it shows, and a content change names what it
 * touched, so a purge drops exactly the responses that would now be different. The same keys go to
 * the in-process page cache and, in `Surrogate-Key` / `xkey` headers, to Varnish or a CDN.
 *
 * The scheme (a key is something a response SHOWS; the column says which responses carry it):
 *
 * | key                           | carried by                                                         |
 * | ----------------------------- | ------------------------------------------------------------------ |
 * | `article:<id>`                | the article's own page (and the 301 at a wrong date)               |
 * | `listed:<id>`                 | lists showing the article's title, summary or link: front, tag,    |
 * |                               | author and date archives, feeds, "more on this"                    |
 * | `story:<id>`                  | pages showing the story in whichever edition has it: its articles' |
 * |                               | pages (the language switcher) and READ callouts pointing at it     |
 * | `tag:<id>:<edition>`          | what lists a tag's stories: its archive pages and feeds            |
 * | `tagname:<id>:<edition>`      | what shows the tag's name in that edition: labels, archive titles,  |
 * |                               | front blocks, feed categories                                      |
 * | `front:<edition>`             | the edition's front page                                           |
 * | `feed:<edition>`              | the edition's own feeds (RSS and Atom)                             |
 * | `author:<id>:<edition>`       | an author's archive in one edition (with the author's profile)     |
 * | `byline:<id>`                 | article pages showing the author's byline (name and link)          |
 * | `day:<edition>:<yyyy-mm-dd>`  | a day's archive (the edition's time zone)                          |
 * | `month:<edition>:<yyyy-mm>`   | a month's archive (the edition's time zone)                        |
 * | `sitemap:<edition>`           | the sitemap index (all editions) and the edition's news sitemap    |
 * | `sitemap:<edition>:<yyyy-mm>` | the edition's month sitemap files (UTC months, as the files are)   |
 * | `promo:<edition>`             | pages that may show a house promotion of the edition not limited   |
 * |                               | to tags: every article page of the edition                         |
 * | `promotag:<id>:<edition>`     | pages that may show a promotion limited to the tag: the article    |
 * |                               | pages of the edition's stories with the tag or a tag below it      |
 * | `media:<id>:<edition>`        | pages of the edition that show the picture (caption and credit)    |
 * | `comments:<articleId>`        | what shows an article's comment count or thread                    |
 * | `modified:<articleId>`        | what shows when the article last changed beyond its own page: the  |
 * |                               | feeds listing it (entry and feed `updated`, RSS `lastBuildDate`)   |
 * | `missing:<edition>`           | the edition's cached 404 and 410 answers and old-slug redirects     |
 * | `menu:<edition>`              | every page of the edition (the header's section menu)              |
 * | `sitemap:<edition>:pages`     | the sitemap index and the edition's pages sitemap                  |
 * | `page:<id>`                   | a page's own page (about, contact…)                                |
 * | `pagegroup:<id>`              | every translation's page of a page group (their language links)     |
 * | `footer:<edition>`            | every keyed HTML page of the edition: its footer lists the pages    |
 * | `mostread:<edition>`          | pages showing the edition's "most read" box: its front page and   |
 * |                               | its article pages                                                  |
 * | `static`                      | what only configuration changes: hashed assets, robots.txt         |
 * | `site`                        | every keyed response (the page cache plugin adds it): pages show   |
 * |                               | the site's name and logo, feeds and sitemaps its name              |
 */

export const articleKey = (id: number) => `article:${id}`;
export const listedKey = (articleId: number) => `listed:${articleId}`;
export const storyKey = (id: number) => `story:${id}`;
export const tagKey = (id: number, edition: string) => `tag:${id}:${edition}`;
export const tagNameKey = (id: number, edition: string) => `tagname:${id}:${edition}`;
export const frontKey = (edition: string) => `front:${edition}`;
export const feedKey = (edition: string) => `feed:${edition}`;
export const authorKey = (id: number, edition: string) => `author:${id}:${edition}`;
export const bylineKey = (authorId: number) => `byline:${authorId}`;
export const dayKey = (edition: string, day: string) => `day:${edition}:${day}`;
export const monthKey = (edition: string, month: string) => `month:${edition}:${month}`;
export const sitemapKey = (edition: string) => `sitemap:${edition}`;
export const sitemapMonthKey = (edition: string, month: string) => `sitemap:${edition}:${month}`;
export const promoKey = (edition: string) => `promo:${edition}`;
export const promoTagKey = (tagId: number, edition: string) => `promotag:${tagId}:${edition}`;
export const mediaKey = (id: number, edition: string) => `media:${id}:${edition}`;
export const commentsKey = (articleId: number) => `comments:${articleId}`;
export const modifiedKey = (articleId: number) => `modified:${articleId}`;
export const missingKey = (edition: string) => `missing:${edition}`;
export const menuKey = (edition: string) => `menu:${edition}`;
export const pagesSitemapKey = (edition: string) => `sitemap:${edition}:pages`;
export const pageKey = (id: number) => `page:${id}`;
export const pageGroupKey = (groupId: number) => `pagegroup:${groupId}`;
export const footerKey = (edition: string) => `footer:${edition}`;
export const mostReadKey = (edition: string) => `mostread:${edition}`;
export const STATIC_KEY = "static";
/** Carried by every response with keys: what the site's settings (name, logo, time zones) change. */
export const SITE_KEY = "site";

const KEYS = Symbol("tribune.surrogateKeys");

type KeyedReply = FastifyReply & { [KEYS]?: Set<string> };

/**
 * Declares what a response shows (adds to what is already declared). A response with keys may be
 * cached, in process and by a cache in front; one without is never kept by the page cache. Call it
 * from reader routes with the ids of the data the page loaded; never from pages that depend on who
 * is asking (the newsroom, its preview, a form with errors).
 */
export function setSurrogateKeys(reply: FastifyReply, keys: Iterable<string | undefined | null>): void {
  const keyed = reply as KeyedReply;
  let set = keyed[KEYS];
  if (!set) {
    set = new Set();
    keyed[KEYS] = set;
  }
  for (const key of keys) if (key) set.add(key);
}

/** The keys a route declared, or undefined when it declared none (the response is not cached). */
export function surrogateKeysOf(reply: FastifyReply): ReadonlySet<string> | undefined {
  const set = (reply as KeyedReply)[KEYS];
  return set && set.size > 0 ? set : undefined;
}

/**
 * The keys of an article page: itself, its story (the switcher), the stories its callouts show,
 * the articles "more on this" lists, its tags' names as shown, its pictures, and the promotions it
 * may show: those of its edition, and those limited to its story's tags or the tags above them.
 */
export function articlePageKeys(
  page: {
    edition: { code: string };
    article: { id: number; storyId: number };
    /** `language`: the edition whose name is shown (the story's original when the edition has none). */
    tags: readonly { id: number; language: string }[];
    pictures: ReadonlyMap<number, unknown>;
    /** The bylines shown. */
    authors: readonly { id: number }[];
    /** The story's tags and every tag above them: what promotions limited to tags are matched with. */
    promotionTagIds: readonly number[];
  },
  /** Every story its READ callouts point at, shown or not yet visible. */
  calloutStoryIds: readonly number[],
  moreOnThis: readonly { articleId: number }[],
): string[] {
  const { article, edition } = page;
  return [
    articleKey(article.id),
    storyKey(article.storyId),
    ...calloutStoryIds.map(storyKey),
    ...listedKeys(moreOnThis),
    ...page.tags.map((tag) => tagNameKey(tag.id, tag.language)),
    ...[...page.pictures.keys()].map((id) => mediaKey(id, edition.code)),
    ...page.authors.map((author) => bylineKey(author.id)),
    promoKey(edition.code),
    ...page.promotionTagIds.map((id) => promoTagKey(id, edition.code)),
    // Not commentsKey: the article page shows no comment count (it comes from its own URL), so a
    // busy thread does not purge the article page.
  ];
}

/**
 * The keys of a list of articles (front, archives, "more on this"): each article. Not their
 * thumbnails' pictures: a thumbnail shows none of its picture's texts (its alt is empty), and a
 * story given another photo is a change of its articles. A picture whose texts a list shows (the
 * front page's lead) adds its own mediaKey.
 */
export function listedKeys(articles: Iterable<{ articleId: number } | null | undefined>): string[] {
  const keys: string[] = [];
  for (const article of articles) if (article) keys.push(listedKey(article.articleId));
  return keys;
}

/** Keys as the `Surrogate-Key` and `xkey` headers carry them: space-separated. */
export function formatSurrogateKeys(keys: Iterable<string>): string {
  return [...keys].join(" ");
}

/** An article a change touched, or another article of a story it touched. */
export interface ArticleFact {
  id: number;
  storyId: number;
  edition: string;
  status: string;
  publishedAt: string | null;
}

/** What keysForChange needs beyond the event: the articles as they are now, and time zones. */
export interface ChangeFacts {
  /** The changed articles and the other articles of the changed stories. */
  articles: readonly ArticleFact[];
  /** The edition's time zone, for its day and month archives. */
  timeZoneOf(edition: string): string;
  /** The time of the change, ISO: which sibling articles readers see. */
  now: string;
}

/**
 * The keys to purge for a change, by its reason:
 *
 * - `article.published`, `article.unpublished`, `article.rescheduled` (a visible article moved to a
 *   later time), `schedule.due` (a scheduled time came): the article's page and the lists showing
 *   it, the pages showing its story, and every list it enters or leaves in its edition: front,
 *   feeds, the archives and feeds of its tags and of the tags above them, its author's, day and
 *   month archives (its story's bylines: `authorIds`), the sitemaps (its translations' month sitemaps too, for their alternates) and
 *   the edition's cached 404s (its address may have been asked for).
 * - `article.updated`: its page, the lists and sitemaps showing it, the pages showing its story, and
 *   its authors' archives; `article.renamed` (a new slug) also the cached 404s.
 * - `article.corrected`: its page, what shows its modified date (the feeds listing it, through
 *   `modified:<id>`) and its sitemaps (lastmod); not the fronts and archives, which show no date
 *   of change. `article.correctionWithdrawn`: its page only (its modified date stays).
 * - `story.authors` (bylines changed): the story's article pages and the archives of its former and
 *   new authors in the story's editions. `author.changed` (a profile): the author's archive in the
 *   editions named (all), the article pages showing their byline, and the cached 404s (a new slug).
 * - `article.scheduled` / `article.unscheduled`: nothing readers see (the schedule watcher re-arms).
 * - `story.tags`: the story's article pages (their labels), the archives and feeds of its former
 *   and new tags and the tags above them, the fronts (section and region blocks) and edition feeds
 *   (their categories). `story.related` / `story.source`: the story's article pages. `story.hero`:
 *   those and the lists showing its articles (the lead picture).
 * - `tag.renamed`: what shows the tag's name in the editions named; `tag.reslugged` also the
 *   cached 404s; `tag.moved` (parent or kind): the archives above it before and after, its names,
 *   the fronts. `tag.created`: the cached 404s. `tag.described`: the tag's archives in the editions
 *   named. `tag.merged` (named with both tags and the tags above them): their archives, and the cached
 *   404s and redirects (the merged tag's addresses now redirect); the stories moved come as
 *   `story.tags` in the same change, which drops their pages (the only ones showing the merged name).
 * - `promotion.changed`, `promotion.window` (named with the promotion's editions and tags, before and
 *   after): the pages that may show it. No tags: every article page of the editions (`promo:`);
 *   tags: the article pages of stories under them (`promotag:`). A tag move also drops the
 *   `promotag:` pages of the tags it names (their stories may now match other promotions); a merge
 *   that carries promotions to the other tag says so with a `promotion.changed` of its own.
 *   `media.*`: pages of the editions named showing the pictures. `comments.changed`: what shows the
 *   articles' comment counts. `embed.fetched` (named with every article whose body holds the embed's
 *   URL, in any state): those articles' pages, the only ones that show an embed card.
 * - `front.arranged`, `front.expired` (an editor's pin, unpin or block order; a pin's time ran out):
 *   the front pages of the editions named, and nothing else (the stories themselves did not change).
 * - `menu.changed` (the default section menu of the editions named took another order): every page
 *   of those editions, through `menu:<edition>`. A renamed tag of a menu needs no such announcement:
 *   pages carry the `tagname:` keys of their menu's tags.
 * - `page.published`, `page.unpublished` (a page went out, was withdrawn or deleted): the page, its
 *   translations' pages (their language links), the sitemap index and the edition's pages sitemap
 *   (`sitemap:<edition>:pages`, not the article sitemaps) and cached 404s. `page.updated`: the page, its translations and sitemaps;
 *   `page.renamed` (a new slug) also the cached 404s. `page.footer` (what a footer lists changed):
 *   every page of the editions named, through the `footer:<edition>` key every keyed reader page of
 *   an edition carries. Simplest correct rule: the footer is on every page, so all of them go.
 * - `mostread.changed` (an edition's "most read" list took another order): the pages showing the
 *   box in the editions named (`mostread:<edition>`), and nothing else.
 * - `site.settings` (an admin changed the site's name, logo or an edition's name, time zone or
 *   featured regions, menu): every response, through the `site` key they all carry.
 * - `live.updated` (a live update posted, edited or deleted): the article's page only. `live.coverage`
 *   (a story's live coverage started or ended): its articles' pages and the lists showing them (the
 *   "Live" label), named with every article of the story.
 * - `article.deleted` and `unknown` (relayed from a process that named no reason known here): all of
 *   the above that the event names, so that nothing stays stale.
 *
 * A change made of several reasons (one unit of work: an editor's save) purges the union.
 */
export function keysForChange(change: ContentChange, facts: ChangeFacts): string[] {
  const keys = new Set<string>();
  const add = (key: string) => keys.add(key);
  const changed = facts.articles.filter((article) => change.articleIds.includes(article.id));
  const editions = [...new Set([...change.editions, ...changed.map((a) => a.edition)])];

  const articlePages = () => {
    for (const id of change.articleIds) add(articleKey(id));
  };
  const lists = () => {
    for (const id of change.articleIds) add(listedKey(id));
  };
  const stories = () => {
    for (const id of change.storyIds) add(storyKey(id));
    for (const article of changed) add(storyKey(article.storyId));
  };
  const tags = () => {
    for (const tagId of change.tagIds) for (const edition of editions) add(tagKey(tagId, edition));
  };
  const tagNames = () => {
    for (const tagId of change.tagIds) for (const edition of editions) add(tagNameKey(tagId, edition));
  };
  const authorArchives = (edition: string) => {
    for (const id of change.authorIds ?? []) add(authorKey(id, edition));
  };
  const perEdition = (key: (edition: string) => string) => {
    for (const edition of editions) add(key(edition));
  };
  const sitemaps = (article: ArticleFact) => {
    add(sitemapKey(article.edition));
    if (article.publishedAt) add(sitemapMonthKey(article.edition, article.publishedAt.slice(0, 7)));
  };
  const listings = () => {
    articlePages();
    lists();
    stories();
    tags();
    for (const article of changed) {
      const { edition } = article;
      add(frontKey(edition));
      add(feedKey(edition));
      add(missingKey(edition));
      sitemaps(article);
      authorArchives(edition);
      if (article.publishedAt) {
        const day = localDay(facts.timeZoneOf(edition), article.publishedAt);
        add(dayKey(edition, day));
        add(monthKey(edition, day.slice(0, 7)));
      }
    }
    // The translations' month and news sitemaps list this article as an alternate.
    const storyIds = new Set(changed.map((a) => a.storyId));
    for (const sibling of facts.articles) {
      if (!storyIds.has(sibling.storyId) || change.articleIds.includes(sibling.id)) continue;
      if (isVisibleAt(sibling, facts.now)) sitemaps(sibling);
    }
  };
  const edits = () => {
    articlePages();
    lists();
    stories();
    for (const article of changed) {
      sitemaps(article);
      authorArchives(article.edition);
    }
  };

  const bylines = () => {
    for (const id of change.authorIds ?? []) add(bylineKey(id));
  };
  const everything = () => {
    listings();
    edits();
    bylines();
    for (const edition of editions) authorArchives(edition);
    tagNames();
    perEdition(promoKey);
    pictures();
    for (const id of change.articleIds) {
      add(commentsKey(id));
      add(modifiedKey(id));
    }
  };
  // A promotion change names no tags when it concerns a promotion shown everywhere (promotion-change.ts).
  const promotionTags = () => {
    for (const tagId of change.tagIds) for (const edition of editions) add(promoTagKey(tagId, edition));
  };
  const promotions = () => {
    if (change.tagIds.length === 0) perEdition(promoKey);
    promotionTags();
  };
  const pictures = () => {
    for (const id of change.mediaIds ?? []) for (const edition of editions) add(mediaKey(id, edition));
  };
  const pages = () => {
    for (const id of change.pageIds ?? []) add(pageKey(id));
    for (const id of change.pageGroupIds ?? []) add(pageGroupKey(id));
    perEdition(pagesSitemapKey);
  };
  const pageAddresses = () => {
    pages();
    perEdition(missingKey);
  };
  // One rule per reason: a reason added to CHANGE_REASONS does not compile until it has its rule.
  const purge: Record<ChangeReason, () => void> = {
    "article.published": listings,
    "article.unpublished": listings,
    "article.rescheduled": listings,
    "schedule.due": listings,
    "article.updated": edits,
    "article.renamed": () => {
      edits();
      for (const article of changed) add(missingKey(article.edition));
    },
    "article.corrected": () => {
      articlePages();
      for (const id of change.articleIds) add(modifiedKey(id));
      for (const article of changed) sitemaps(article);
    },
    "article.correctionWithdrawn": articlePages,
    "article.scheduled": () => {},
    "article.unscheduled": () => {},
    "article.deleted": everything,
    "story.tags": () => {
      articlePages();
      tags();
      perEdition(frontKey);
      perEdition(feedKey);
    },
    "story.related": articlePages,
    "story.source": articlePages,
    "story.hero": () => {
      articlePages();
      lists();
    },
    "story.authors": () => {
      articlePages();
      // The feeds listing the story's articles name its bylines too.
      for (const id of change.articleIds) add(modifiedKey(id));
      for (const edition of editions) authorArchives(edition);
    },
    "author.changed": () => {
      bylines();
      for (const edition of editions) authorArchives(edition);
      perEdition(missingKey);
    },
    "tag.renamed": tagNames,
    "tag.reslugged": () => {
      tagNames();
      perEdition(missingKey);
    },
    "tag.moved": () => {
      tags();
      tagNames();
      promotionTags();
      perEdition(frontKey);
      perEdition(missingKey);
    },
    "tag.created": () => perEdition(missingKey),
    "tag.described": tags,
    // The merged tag's name showed only on its stories' pages, purged by the `story.tags` it comes with.
    "tag.merged": () => {
      tags();
      perEdition(missingKey);
    },
    "promotion.changed": promotions,
    "promotion.window": promotions,
    "media.texts": pictures,
    "media.credit": pictures,
    "embed.fetched": articlePages,
    "front.arranged": () => perEdition(frontKey),
    "front.expired": () => perEdition(frontKey),
    "comments.changed": () => {
      for (const id of change.articleIds) add(commentsKey(id));
    },
    "menu.changed": () => perEdition(menuKey),
    "mostread.changed": () => perEdition(mostReadKey),
    "site.settings": () => add(SITE_KEY),
    "page.published": pageAddresses,
    "page.unpublished": pageAddresses,
    "page.updated": pages,
    "page.renamed": pageAddresses,
    "page.footer": () => perEdition(footerKey),
    "live.updated": articlePages,
    "live.coverage": () => {
      articlePages();
      lists();
    },
    // Not knowing what changed, every page goes: the site key is on every cached response.
    unknown: () => {
      everything();
      promotionTags();
      pageAddresses();
      perEdition(footerKey);
      perEdition(menuKey);
      perEdition(mostReadKey);
      add(SITE_KEY);
    },
  };
  for (const reason of change.reasons) purge[reason]();
  return [...keys];
}
