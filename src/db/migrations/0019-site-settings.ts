import { type Kysely, sql } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * What admins changed of the site's settings (/newsroom/settings); the environment gives the rest.
 * `site_settings` holds one row (id 1): the site's name and logo. `edition_settings` one row per
 * edition an admin changed: its display name, time zone and featured regions (a JSON list of region
 * tag keys, in order). A null column means "the environment's value".
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema
    .createTable("site_settings")
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("site_name", "text")
    .addColumn("logo_media_id", "integer", (c) => c.references("media.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema
    .createTable("edition_settings")
    .addColumn("edition", "text", (c) => c.primaryKey().references("editions.code"))
    .addColumn("display_name", "text")
    .addColumn("time_zone", "text")
    .addColumn("featured_regions", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
}
