import type { FastifyInstance } from "fastify";
import type { Db } from "../db/database.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import type { WebhookMessageContext } from "./webhook-events.ts";
import { followContentChanges } from "./webhook-outbox.ts";
import { WebhookSender } from "./webhook-sender.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The process's webhook sender; null in the processes that do not run scheduled work. */
    webhookSender: WebhookSender | null;
  }
}

export interface WebhookPluginOptions extends WebhookMessageContext {
  db: Db;
  events: ContentEvents;
  allowPrivate: boolean;
  /** This process runs scheduled work (one per instance): it sends. Every process queues. */
  sends: boolean;
  clock?: (() => Date) | undefined;
}

/**
 * Webhooks in a serving process: every content change queues its deliveries in its own
 * transaction; the process that runs scheduled work sends them, from when it is ready to its close.
 */
export function registerWebhooks(app: FastifyInstance, options: WebhookPluginOptions): void {
  const onError = (error: unknown) => app.log.error({ err: error }, "webhook deliveries failed");
  const sender = options.sends
    ? new WebhookSender({
        db: options.db,
        allowPrivate: options.allowPrivate,
        ...(options.clock ? { clock: options.clock } : {}),
        onError,
      })
    : null;
  const stopFollowing = followContentChanges({ ...options, onQueued: () => sender?.poke() });
  app.decorate("webhookSender", sender);
  if (sender) app.addHook("onReady", async () => sender.start());
  app.addHook("onClose", async () => {
    stopFollowing();
    await sender?.stop();
  });
}
