import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Corrections: dated notes an editor appends to a published article, shown to readers at its foot.
 * Append-only; a correction added by mistake is withdrawn (its row deleted, its text kept in the
 * audit log), never edited. `corrected_at` is the date readers see; `created_at` when it was stored.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable("article_corrections"))
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("corrected_at", "text", (c) => c.notNull())
    // No foreign key: the correction outlives the account that wrote it.
    .addColumn("created_by_user_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("article_corrections_article_idx")
    .on("article_corrections")
    .columns(["article_id", "corrected_at"])
    .execute();
}
