import type { Kysely } from "kysely";

/**
 * Account recovery: one-time links to choose a new password, stored by the SHA-256 of their token
 * (a copy of the table resets nobody's password), and the requests for them, counted per address
 * typed and per client address so that nobody is mailed a flood of links.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const schema = db.schema;

  await schema
    .createTable("password_resets")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    // Set once, in the transaction that changes the password: a link works once.
    .addColumn("used_at", "text")
    .addColumn("requested_ip", "text")
    .execute();
  await schema.createIndex("password_resets_user_idx").on("password_resets").column("user_id").execute();

  await schema
    .createTable("password_reset_requests")
    // "email:<address as typed, lowercased>" or "ip:<address>": counted whether the account exists or not.
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("request_id", "text", (c) => c.notNull())
    .execute();
  await schema
    .createIndex("password_reset_requests_key_idx")
    .on("password_reset_requests")
    .columns(["key", "at"])
    .execute();
  await schema
    .createIndex("password_reset_requests_at_idx")
    .on("password_reset_requests")
    .column("at")
    .execute();
}
