import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Webhooks admins registered (/newsroom/webhooks) and their outbox. `webhooks` holds the target URL,
 * the events it wants (a JSON list), the secret deliveries are signed with (HMAC-SHA256: the secret
 * itself is needed to sign, so it is kept as it is, like the site's other secrets) and whether it is
 * active. `webhook_deliveries` is the outbox: a row is written in the same transaction as the change
 * it reports, and the sender works through the pending ones, oldest first per hook, retrying with
 * backoff; the rows stay as the delivery log the newsroom shows.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable("webhooks"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await adapter
    .addIdColumn(db.schema.createTable("webhook_deliveries"))
    .addColumn("webhook_id", "integer", (c) => c.notNull().references("webhooks.id").onDelete("cascade"))
    // The X-Tribune-Delivery id the receiver sees (a UUID), the same on every attempt.
    .addColumn("delivery_id", "text", (c) => c.notNull().unique())
    .addColumn("event", "text", (c) => c.notNull())
    // The exact JSON body signed and sent, fixed when the event happened.
    .addColumn("payload", "text", (c) => c.notNull())
    // pending, delivered or failed (gave up after the last attempt).
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_attempt_at", "text")
    .addColumn("response_status", "integer")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_pending_idx")
    .on("webhook_deliveries")
    .columns(["status", "webhook_id", "id"])
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_log_idx")
    .on("webhook_deliveries")
    .columns(["webhook_id", "id"])
    .execute();
}
