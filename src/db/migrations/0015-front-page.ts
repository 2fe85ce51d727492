import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * An edition's front page as its editors arrange it: stories pinned to the lead (position 1) and
 * the top slots (2..N), each until a time or until unpinned, and the order of the section and
 * region blocks (a tag without a row keeps today's place, after the ordered ones). A deleted story
 * or tag takes its rows with it.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema
    .createTable("front_page_slots")
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("pinned_until", "text")
    .addColumn("pinned_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("pinned_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("front_page_slots_pk", ["edition", "position"])
    .addUniqueConstraint("front_page_slots_story_uq", ["edition", "story_id"])
    .execute();
  // The schedule watcher asks for the next expiry: an index on the time keeps that one lookup.
  await db.schema
    .createIndex("front_page_slots_until_idx")
    .on("front_page_slots")
    .column("pinned_until")
    .execute();
  await db.schema
    .createTable("front_page_blocks")
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("tag_id", "integer", (c) => c.notNull().references("tags.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("front_page_blocks_pk", ["edition", "tag_id"])
    .execute();
}
