import type { ChangeReason, ContentChange, ContentEvents } from "../shared/content-events.ts";
import type { EmbedService } from "./embed-service.ts";

/** Changes after which an article's body may hold embeds readers could see and no one fetched. */
const SAVED_REASONS: readonly ChangeReason[] = [
  "article.published",
  "article.scheduled",
  "article.updated",
  "article.renamed",
];

/**
 * Fetches, in the background, the embeds of articles saved with URLs no one fetched: the newsroom's
 * editor fetches an embed when it is added, but a body written through the API or an import holds
 * only URLs, and readers would get plain link cards. Announcements return at once (a slow provider
 * must not hold up a publish); articles wait in a queue and are fetched one at a time. Changes
 * relayed from another process are that process's to follow.
 */
export class EmbedFollower {
  readonly #embeds: EmbedService;
  readonly #onError: (error: unknown, articleId: number) => void;
  readonly #waiting = new Set<number>();
  #working: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;

  private constructor(embeds: EmbedService, onError: (error: unknown, articleId: number) => void) {
    this.#embeds = embeds;
    this.#onError = onError;
  }

  static start(
    embeds: EmbedService,
    events: ContentEvents,
    onError: (error: unknown, articleId: number) => void,
  ): EmbedFollower {
    const follower = new EmbedFollower(embeds, onError);
    follower.#unsubscribe = events.subscribe((change) => follower.#hear(change));
    return follower;
  }

  /** Resolves when every article queued so far has been looked at. */
  idle(): Promise<void> {
    return this.#working;
  }

  /** Stops following changes and waits for the article being fetched, if any. */
  async close(): Promise<void> {
    this.#unsubscribe?.();
    this.#waiting.clear();
    await this.#working;
  }

  #hear(change: ContentChange): void {
    if (change.origin === "remote") return;
    if (!change.reasons.some((reason) => SAVED_REASONS.includes(reason))) return;
    const fresh = change.articleIds.filter((id) => !this.#waiting.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this.#waiting.add(id);
    this.#working = this.#working.then(() => this.#drain());
  }

  async #drain(): Promise<void> {
    for (const articleId of [...this.#waiting]) {
      if (!this.#waiting.delete(articleId)) continue;
      try {
        await this.#embeds.resolveSaved(articleId);
      } catch (error) {
        this.#onError(error, articleId);
      }
    }
  }
}

declare module "fastify" {
  interface FastifyInstance {
    /** Fetches the embeds of bodies saved without them (tests wait on its idle()). */
    embedFollower: EmbedFollower;
  }
}
