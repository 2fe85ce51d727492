import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Personal access tokens for the admin API: each acts as its newsroom user, stored by the SHA-256
 * of the token (a copy of the table opens nothing). A revoked or expired token stays listed, so its
 * owner sees what it was and when it stopped.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable("access_tokens"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .addColumn("expires_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("access_tokens_user_idx").on("access_tokens").column("user_id").execute();
}
