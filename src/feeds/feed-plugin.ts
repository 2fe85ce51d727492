import type { FastifyInstance } from "fastify";
import type { Db } from "../db/database.ts";
import type { MediaService } from "../media/media-service.ts";
import type { FeedFetchLimits } from "./feed-fetch.ts";
import { AgencyFeedPoller } from "./feed-poller.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The process's agency feed poller (null where scheduled work does not run). */
    feedPoller: AgencyFeedPoller | null;
  }
}

export interface FeedPluginOptions {
  db: Db;
  media: MediaService;
  limits: Partial<FeedFetchLimits>;
  /** This process runs scheduled work (one per instance): it polls. */
  polls: boolean;
  clock?: (() => Date) | undefined;
}

/** Agency feeds in a serving process: the one that runs scheduled work polls, from ready to close. */
export function registerFeedPoller(app: FastifyInstance, options: FeedPluginOptions): void {
  const poller = options.polls
    ? new AgencyFeedPoller({
        db: options.db,
        media: options.media,
        limits: options.limits,
        ...(options.clock ? { clock: options.clock } : {}),
        onError: (error) => app.log.error({ err: error }, "polling agency feeds failed"),
      })
    : null;
  app.decorate("feedPoller", poller);
  if (poller) app.addHook("onReady", async () => poller.start());
  app.addHook("onClose", async () => poller?.stop());
}
