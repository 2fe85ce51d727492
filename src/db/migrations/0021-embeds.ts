import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * What the newsroom fetched once of an embedded post or video, keyed by the URL the body holds: the
 * provider's title, author and name, the player to load when a reader asks for it (a URL on one of
 * the provider's frame hosts, never the provider's HTML), and the thumbnail copied into the media
 * library. Readers' pages read this table and never the provider.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema
    .createTable("embeds")
    .addColumn("url", "text", (c) => c.primaryKey())
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("author_name", "text")
    .addColumn("provider_name", "text", (c) => c.notNull())
    .addColumn("player_url", "text", (c) => c.notNull())
    .addColumn("thumbnail_media_id", "integer", (c) => c.references("media.id").onDelete("set null"))
    .addColumn("fetched_at", "text", (c) => c.notNull())
    .addColumn("fetched_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
}
