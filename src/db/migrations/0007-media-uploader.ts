import type { Kysely } from "kysely";
import { refreshSearchText } from "../../media/media-service.ts";
import type { DialectAdapter } from "../dialect-adapter.ts";
import type { Database } from "../schema.ts";

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

  // Pictures already there (the demo's, a site's older ones) become searchable too.
  const typed = db as unknown as Kysely<Database>;
  const rows = await typed.selectFrom("media").select("id").execute();
  for (const { id } of rows) await refreshSearchText(typed, id);
}
