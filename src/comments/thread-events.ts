import type { ContentEvents } from "../shared/content-events.ts";

/**
 * Tells the page cache that what readers see of some threads changed (a comment became visible,
 * was hidden or edited; a thread opened or closed). The reason `comments.changed` purges the
 * `comments:<articleId>` surrogate keys only: the thread pages and the counts, never the article
 * pages themselves, which show no count and stay cached however busy the thread.
 */
export class ThreadAnnouncer {
  constructor(private readonly events: ContentEvents | undefined) {}

  async threadsChanged(articles: readonly { id: number; edition: string }[]): Promise<void> {
    if (!this.events || articles.length === 0) return;
    await this.events.announce({
      reasons: ["comments.changed"],
      articleIds: [...new Set(articles.map((a) => a.id))],
      storyIds: [],
      editions: [...new Set(articles.map((a) => a.edition))],
      tagIds: [],
    });
  }
}
