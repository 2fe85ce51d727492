import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Live coverage. `live_coverage` says a story is covered live: from `started_at`, until `ended_at`
 * ("coverage ended": its updates stay). `live_updates` are the timestamped updates of one edition's
 * article (each edition writes its own). `live_events` logs every post, edit and deletion by a
 * growing id: the event streams' ids, from which a reader who reconnects resumes (Last-Event-ID).
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await db.schema
    .createTable("live_coverage")
    .addColumn("story_id", "integer", (c) => c.primaryKey().references("stories.id").onDelete("cascade"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("ended_at", "text")
    .execute();
  await adapter
    .addIdColumn(db.schema.createTable("live_updates"))
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    // A body document (src/shared/body) as JSON: paragraphs with links.
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("pinned", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("key_event", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("author_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("live_updates_article_idx")
    .on("live_updates")
    .columns(["article_id", "created_at"])
    .execute();
  await adapter
    .addIdColumn(db.schema.createTable("live_events"))
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    // No reference: a deletion's event outlives its update.
    .addColumn("update_id", "integer", (c) => c.notNull())
    // posted, edited or deleted
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("live_events_article_idx")
    .on("live_events")
    .columns(["article_id", "id"])
    .execute();
}
