import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Keys for the content API (API_REQUIRE_CONTENT_KEY): made by admins in the newsroom, shown once,
 * stored as their SHA-256 (a copy of the table opens nothing), revoked rather than deleted so the
 * newsroom still lists who had one.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable("content_keys"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
}
