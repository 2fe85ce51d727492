import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * The reader header's section menu as an admin orders it: a JSON list of section and region tag
 * keys per edition. Null means the default (the edition's busiest sections, then its featured regions).
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema.alterTable("edition_settings").addColumn("menu_sections", "text").execute();
}
