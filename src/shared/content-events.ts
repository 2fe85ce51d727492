/**
 * Why content changed: what readers may now see differently. Each reason has its purge rule in
 * src/cache/surrogate-keys.ts, which the compiler holds to this list.
 */
export const CHANGE_REASONS = [
  "article.published",
  "article.unpublished",
  /** A visible article moved to a later time. */
  "article.rescheduled",
  "article.scheduled",
  "article.unscheduled",
  "article.updated",
  /** Updated with a new slug. */
  "article.renamed",
  "article.deleted",
  /** A correction appended: the article's page and its modified date (feeds, sitemaps) change. */
  "article.corrected",
  /** A correction added by mistake withdrawn: only the article's page changes. */
  "article.correctionWithdrawn",
  /** A scheduled time came (announced by the schedule watcher in a unit of work that changes no row). */
  "schedule.due",
  "story.tags",
  "story.related",
  "story.source",
  "story.hero",
  /** A story's bylines changed (authors added, removed or reordered). */
  "story.authors",
  /** An author's profile changed: name, slug, photo, bio or links. */
  "author.changed",
  "tag.created",
  "tag.renamed",
  "tag.reslugged",
  "tag.moved",
  /** A tag's description in some editions (shown on its archive pages). */
  "tag.described",
  /** A tag merged into another: its stories now carry the other, its archives redirect there. */
  "tag.merged",
  "promotion.changed",
  /** A promotion's window opened or closed (announced by the schedule watcher). */
  "promotion.window",
  "media.texts",
  "media.credit",
  /** An embedded post's data (title, author, player, thumbnail) was fetched: the articles showing it. */
  "embed.fetched",
  "comments.changed",
  /** Editors pinned, unpinned or moved stories or blocks of an edition's front page. */
  "front.arranged",
  /** A front page pin's time ran out (announced by the schedule watcher). */
  "front.expired",
  /**
   * An admin changed the site's settings (name, logo, an edition's name, time zone or featured
   * regions): every reader page shows them. Processes reload their settings when they hear it.
   */
  "site.settings",
  /**
   * An edition's header menu changed without a change of its own naming it: a section overtook
   * another in the default menu (announced by src/site/navigation/section-menus.ts, no write).
   */
  "menu.changed",
  /** A page (about, contact…) went out or was withdrawn (unpublished, deleted): its address changes answer. */
  "page.published",
  "page.unpublished",
  /** A published page's title, text or description changed. */
  "page.updated",
  /** A published page's slug changed: its old address is now missing and the new one answers. */
  "page.renamed",
  /** What an edition's footer lists changed (a footer page's title, slug, order, or whether it is listed). */
  "page.footer",
  /**
   * An edition's "most read" list took another order (announced by src/audience/most-read.ts after
   * a scheduled count of views): the pages showing the box.
   */
  "mostread.changed",
  /**
   * A live article's update was posted, edited or deleted (src/live): its page changes, and every
   * serving process's live hub reads the new events once for the streams it holds open.
   */
  "live.updated",
  /** A story's live coverage started or ended: its articles' pages and the lists marking it "Live". */
  "live.coverage",
  /** A change relayed from a process that named no reason this one knows: everything it names goes. */
  "unknown",
] as const;

export type ChangeReason = (typeof CHANGE_REASONS)[number];

export function isChangeReason(value: unknown): value is ChangeReason {
  return (CHANGE_REASONS as readonly unknown[]).includes(value);
}

/**
 * What a change to the content touched, named precisely enough for a cache to drop exactly the
 * pages that show it (the caching work builds surrogate keys from these).
 */
export interface ContentChange {
  /** Why (one unit of work may do several things: an editor's save changes text and tags). */
  reasons: readonly ChangeReason[];
  articleIds: number[];
  storyIds: number[];
  editions: string[];
  tagIds: number[];
  /** Pictures whose caption or credit changed (pages showing them carry `media:<id>` keys). */
  mediaIds?: number[];
  /**
   * Authors concerned: a story's bylines (current and former) for a story change, the author whose
   * profile changed for `author.changed`. Their archives (and pages showing their byline) may differ.
   */
  authorIds?: number[];
  /** Pages (src/pages) concerned: their own pages. */
  pageIds?: number[];
  /** Their page groups: every translation's page shows the group's language links. */
  pageGroupIds?: number[];
  /** Comments readers see for the first time, posted or approved (no cache keys: webhooks report them as comment.posted). */
  postedCommentIds?: number[];
  /**
   * "remote" when another process made the change and the cluster relay (src/cache/cluster-relay.ts)
   * repeats it here: listeners drop what they hold locally, but do not relay it again nor purge a
   * shared cache in front (Varnish) a second time. Absent means local.
   */
  origin?: "local" | "remote";
}

export type ContentListener = (change: ContentChange) => void | Promise<void>;

/**
 * The one "content changed" event of Tribune. Services announce a change after it is committed;
 * listeners (page cache, search, other processes) react. A failing listener is reported, never
 * allowed to undo or block the change that was already saved.
 */
export class ContentEvents {
  private readonly refreshers = new Set<ContentListener>();
  private readonly listeners = new Set<ContentListener>();

  constructor(private readonly onListenerError: (error: unknown, change: ContentChange) => void = () => {}) {}

  /**
   * Adds a listener; returns the function that removes it. A `refresh` listener brings a copy kept
   * in memory up to date (the site's settings) and is awaited before the other listeners hear the
   * change: a page rendered after a cache dropped it then shows the new copy, never the old one.
   */
  subscribe(listener: ContentListener, options: { refresh?: boolean } = {}): () => void {
    const set = options.refresh ? this.refreshers : this.listeners;
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Keeps a copy held in memory (the settings, the menus, the footers) current: `reload` runs as a
   * refresh listener on every change with one of `reasons`, and on an `unknown` one, which may be
   * anything. Returns the function that stops it.
   */
  refreshOn(
    reasons: readonly ChangeReason[],
    reload: (change: ContentChange) => Promise<unknown>,
  ): () => void {
    return this.subscribe(
      async (change) => {
        if (change.reasons.some((reason) => reason === "unknown" || reasons.includes(reason))) {
          await reload(change);
        }
      },
      { refresh: true },
    );
  }

  /** Tells every listener, and waits for them, so that a publish is visible once it returns. */
  async announce(change: ContentChange): Promise<void> {
    await this.notify(this.refreshers, change);
    await this.notify(this.listeners, change);
  }

  private async notify(listeners: ReadonlySet<ContentListener>, change: ContentChange): Promise<void> {
    await Promise.all(
      [...listeners].map(async (listener) => {
        try {
          await listener(change);
        } catch (error) {
          this.onListenerError(error, change);
        }
      }),
    );
  }
}
