import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * The outbox of "content changed" events: every announced change is also written here, and every
 * serving process reads what is new by id a few times a second. So a change made by another process
 * (a command, another instance on the same database, a worker that restarted) still reaches every
 * page cache. Rows are kept a day, for processes that were briefly away.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable("content_changes"))
    .addColumn("created_at", "text", (c) => c.notNull())
    // Which process wrote it (host, pid and a random part), so that it skips its own rows.
    .addColumn("origin", "text", (c) => c.notNull())
    // The ContentChange as JSON: reason, articleIds, storyIds, editions, tagIds.
    .addColumn("change", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("content_changes_created_idx")
    .on("content_changes")
    .column("created_at")
    .execute();
}
