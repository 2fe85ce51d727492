import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * The media library in the newsroom: who uploaded each picture (contributors may edit the texts of
 * their own), and a search text per picture — file name, credit, captions and alts, lowercased
 * without accents — that a plain LIKE matches the same way in SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema
    .alterTable("media")
    .addColumn("uploaded_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema
    .alterTable("media")
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("media_uploaded_by_idx").on("media").column("uploaded_by_user_id").execute();
}

/** Pictures already there (the demo's, a site's older ones) become searchable once it has run. */
export const rebuilds = ["media-search-text"] as const;
