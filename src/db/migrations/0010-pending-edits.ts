import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Edits to an article readers can see, saved by someone who may not publish (a translator): they
 * wait here, one per article and user, until an editor applies or discards them. The article row
 * and its revisions, which readers' pages come from, stay as they are meanwhile.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable("pending_edits"))
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("saved_by_user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("base_revision_id", "integer", (c) =>
      c.references("article_revisions.id").onDelete("set null"),
    )
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("pending_edits_article_user_uq", ["article_id", "saved_by_user_id"])
    .execute();
}
