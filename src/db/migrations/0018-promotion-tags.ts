import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Promotions limited to stories with given tags (a book on Brazil beside stories about Brazil and the
 * places under it). A promotion with no row here shows beside every story of its editions.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema
    .createTable("promotion_tags")
    .addColumn("promotion_id", "integer", (c) => c.notNull().references("promotions.id").onDelete("cascade"))
    .addColumn("tag_id", "integer", (c) => c.notNull().references("tags.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("promotion_tags_pk", ["promotion_id", "tag_id"])
    .execute();
  await db.schema.createIndex("promotion_tags_tag_idx").on("promotion_tags").column("tag_id").execute();
}
