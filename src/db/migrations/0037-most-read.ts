import type { Kysely } from "kysely";

/**
 * Each edition's "most read" list as last computed from audience_views: the articles in order, as a
 * JSON array of ids. Pages read it rather than counting on every request, so they stay cacheable;
 * the process that refreshes it announces a change only when the order differs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("most_read")
    .addColumn("edition", "text", (c) => c.primaryKey().references("editions.code"))
    .addColumn("article_ids", "text", (c) => c.notNull())
    .addColumn("refreshed_at", "text", (c) => c.notNull())
    .execute();
}
