// Publish-to-visible: an article is retitled through the services and the change announced on a
// ContentEvents, as the newsroom does; then every place readers get the page from is polled until
// the new title shows.
import { ArticleService } from "../../src/articles/article-service.ts";
import type { Db } from "../../src/db/database.ts";
import type { ContentEvents } from "../../src/shared/content-events.ts";

/** Saves a new title through the service, which announces the change on `events` before it returns. */
export async function retitle(
  db: Db,
  events: ContentEvents,
  articleId: number,
  title: string,
): Promise<void> {
  await new ArticleService(db, events).updateArticle(articleId, { title });
}

/**
 * Starts the clock, runs `change`, then polls every reader-facing `probe` (each resolves with a page
 * body) every few ms until it contains `title`; returns the ms each one took (NaN: not within `timeoutMs`).
 */
export async function timeUntilVisible(
  change: () => Promise<void>,
  probes: (() => Promise<string>)[],
  title: string,
  timeoutMs = 10_000,
): Promise<number[]> {
  const started = performance.now();
  await change();
  return Promise.all(
    probes.map(async (probe) => {
      for (;;) {
        if ((await probe()).includes(title)) return performance.now() - started;
        if (performance.now() - started > timeoutMs) return Number.NaN;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }),
  );
}
