import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Agency feeds (src/feeds/): RSS, Atom or ninjs feeds editors configure per edition, polled on a
 * schedule, each new item becoming a draft.
 *
 * `agency_feeds`: the address, the edition and source (attribution) its drafts get, the credit of
 * its photos, how often it is polled and whether it is. `next_poll_at` is also the claim: a poller
 * moves it ahead before polling, so one process polls a due feed; `etag` and `last_modified` are
 * the last answer's, sent back as a conditional GET.
 *
 * `agency_feed_items`: what became of each item seen, in any feed. Its three keys (the guid, the
 * link, the normalised title) are each unique, so an item is one draft across polls, restarts and
 * feeds; the row stays when its draft is deleted, so a deleted draft does not come back.
 *
 * `agency_feed_polls`: each poll's record: started, finished, new drafts, duplicates, items that
 * failed, and the error that stopped it.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable("agency_feeds"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("source_id", "integer", (c) => c.references("sources.id").onDelete("set null"))
    .addColumn("credit", "text")
    .addColumn("poll_minutes", "integer", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("next_poll_at", "text", (c) => c.notNull())
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("agency_feeds_due_idx")
    .on("agency_feeds")
    .columns(["enabled", "next_poll_at"])
    .execute();
  await adapter
    .addIdColumn(db.schema.createTable("agency_feed_items"))
    .addColumn("feed_id", "integer", (c) => c.references("agency_feeds.id").onDelete("set null"))
    .addColumn("guid_key", "text", (c) => c.unique())
    .addColumn("link_key", "text", (c) => c.unique())
    .addColumn("title_key", "text", (c) => c.notNull().unique())
    .addColumn("edition", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("link", "text")
    .addColumn("article_id", "integer", (c) => c.references("articles.id").onDelete("set null"))
    .addColumn("taken_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("taken_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("agency_feed_items_queue_idx")
    .on("agency_feed_items")
    .columns(["edition", "taken_at", "id"])
    .execute();
  await adapter
    .addIdColumn(db.schema.createTable("agency_feed_polls"))
    .addColumn("feed_id", "integer", (c) => c.notNull().references("agency_feeds.id").onDelete("cascade"))
    // running, fetched (new items read), unchanged (304) or failed.
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addColumn("new_items", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("duplicates", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("item_errors", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .execute();
  await db.schema
    .createIndex("agency_feed_polls_log_idx")
    .on("agency_feed_polls")
    .columns(["feed_id", "id"])
    .execute();
}
