import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Simple pages (about, contact, privacy, corrections policy, terms): one row per edition, at
 * `/{edition}/{slug}`, with the body document articles use. The translations of one page share a
 * `page_groups` row, as the articles of a story share a story. `in_footer` and `footer_position`
 * say whether and where the edition's footer lists the page.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable("page_groups"))
    .addColumn("original_edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await adapter
    .addIdColumn(db.schema.createTable("pages"))
    .addColumn("group_id", "integer", (c) => c.notNull().references("page_groups.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("meta_description", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("in_footer", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("footer_position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("published_at", "text")
    .addUniqueConstraint("pages_edition_slug_uq", ["edition", "slug"])
    .addUniqueConstraint("pages_group_edition_uq", ["group_id", "edition"])
    .execute();
}
