import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * The tag manager: a description per tag and edition (shown on the reader's tag archive), and the
 * slugs a tag used to have in an edition, so that the archive URLs of a renamed tag, or of a tag
 * merged into another, keep answering with a 301 to the archive that lives on.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema.alterTable("tag_names").addColumn("description", "text").execute();
  await db.schema
    .createTable("tag_slug_history")
    .addColumn("edition", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("tag_id", "integer", (c) => c.notNull().references("tags.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("tag_slug_history_pk", ["edition", "slug"])
    .execute();
  await db.schema.createIndex("tag_slug_history_tag_idx").on("tag_slug_history").column("tag_id").execute();
}
