import { joinCommits } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { messagesFor, type WebhookMessage, type WebhookMessageContext } from "./webhook-events.ts";
import { eventsOf } from "./webhook-model.ts";

/**
 * Writes one delivery row per active hook that wants each message: the outbox the sender works
 * through. Called in the transaction of the change when there is one, so that the change and its
 * deliveries are committed together (a restart loses none) or not at all.
 */
export async function enqueueDeliveries(
  db: Db,
  messages: readonly WebhookMessage[],
  now: string,
): Promise<number> {
  if (messages.length === 0) return 0;
  const hooks = await db.selectFrom("webhooks").select(["id", "events"]).where("active", "=", 1).execute();
  const rows = messages.flatMap((message) =>
    hooks
      .filter((hook) => eventsOf(hook.events).includes(message.event))
      .map((hook) => ({
        webhookId: hook.id,
        // Each hook's delivery has its own id; the event's id stays in the body.
        deliveryId: crypto.randomUUID(),
        event: message.event,
        payload: JSON.stringify(message),
        status: "pending" as const,
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })),
  );
  if (rows.length > 0) await db.insertInto("webhookDeliveries").values(rows).execute();
  return rows.length;
}

export interface WebhookOutboxOptions extends WebhookMessageContext {
  db: Db;
  events: ContentEvents;
  /** Told after every change (deliveries may have been queued), so the sender looks now. */
  onQueued: () => void;
}

/**
 * Connects webhooks to content changes: every unit of work that announces writes its deliveries
 * in its own transaction, a scheduled article whose time came too (the schedule watcher announces
 * it through a unit of work of its own). Returns the function that disconnects it.
 */
export function followContentChanges(options: WebhookOutboxOptions): () => void {
  const { events, onQueued } = options;
  const leave = joinCommits(events, async (trx, changes) => {
    await enqueueDeliveries(trx, await messagesFor(trx, changes, options), new Date().toISOString());
  });
  // Any change, here or relayed from another worker, may have queued deliveries: look now.
  const unsubscribe = events.subscribe(() => onQueued());
  return () => {
    leave();
    unsubscribe();
  };
}
