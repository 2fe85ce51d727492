import { type ContentChangeLog, changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { ContentEvents } from "../shared/content-events.ts";

type ThreadOf = { id: number; edition: string };

/** What a unit of work that touches comments says about the threads readers see differently. */
export interface ThreadLog {
  /** These articles' threads changed (a comment shown, hidden or edited; the thread opened or closed). */
  changed(articles: readonly ThreadOf[]): void;
  /** A comment readers see for the first time, posted and shown at once or approved later (webhooks: comment.posted). */
  posted(article: ThreadOf, commentId: number): void;
}

/**
 * Comment changes as units of work (src/content/unit-of-work.ts). The reason `comments.changed`
 * purges the `comments:<articleId>` surrogate keys only: the thread pages and the counts, never the
 * article pages themselves, which show no count and stay cached however busy the thread.
 */
export class ThreadAnnouncer {
  constructor(private readonly events: ContentEvents | undefined) {}

  /** Runs `work` in one transaction; the threads it names are announced once, after the commit. */
  change<T>(db: Db, work: (tx: Db, threads: ThreadLog) => Promise<T>): Promise<T> {
    return changeContent(db, this.events, (tx, log) => work(tx, threadLog(log)));
  }
}

function threadLog(log: ContentChangeLog): ThreadLog {
  return {
    changed(articles) {
      if (articles.length === 0) return;
      log.other({
        reasons: ["comments.changed"],
        articleIds: [...new Set(articles.map((a) => a.id))],
        storyIds: [],
        editions: [...new Set(articles.map((a) => a.edition))],
        tagIds: [],
      });
    },
    posted(article, commentId) {
      log.other({
        reasons: ["comments.changed"],
        articleIds: [article.id],
        storyIds: [],
        editions: [article.edition],
        tagIds: [],
        postedCommentIds: [commentId],
      });
    },
  };
}
