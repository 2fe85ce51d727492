import type { Kysely } from "kysely";

/**
 * Audience numbers, counted without knowing the reader: views of each article per hour and per kind
 * of referrer (never the referring address), and each promotion's impressions and clicks per hour
 * and edition. Rows are counters added to in batches, so a spike of views becomes a few writes a
 * second; hours are UTC (`2026-12-07T14:00:00Z`), and each edition's charts group them on its own
 * clock. Nothing here names a reader, an address or a browser.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("audience_views")
    .addColumn("hour", "text", (c) => c.notNull())
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    // search, social, direct, internal, newsletter or other (another site)
    .addColumn("referrer_kind", "text", (c) => c.notNull())
    .addColumn("views", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("audience_views_pk", ["hour", "article_id", "referrer_kind"])
    .execute();
  await db.schema
    .createIndex("audience_views_edition_idx")
    .on("audience_views")
    .columns(["edition", "hour"])
    .execute();
  await db.schema
    .createIndex("audience_views_article_idx")
    .on("audience_views")
    .columns(["article_id"])
    .execute();

  await db.schema
    .createTable("promotion_counts")
    .addColumn("hour", "text", (c) => c.notNull())
    .addColumn("promotion_id", "integer", (c) => c.notNull().references("promotions.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("impressions", "integer", (c) => c.notNull())
    .addColumn("clicks", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("promotion_counts_pk", ["hour", "promotion_id", "edition"])
    .execute();
  await db.schema
    .createIndex("promotion_counts_promotion_idx")
    .on("promotion_counts")
    .columns(["promotion_id", "hour"])
    .execute();
}
