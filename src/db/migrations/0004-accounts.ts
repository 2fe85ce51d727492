import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Newsroom accounts: users and their roles (translators with their editions), sessions stored by
 * the hash of their cookie token, invitations, the audit log, and sign-in failures — kept here, not
 * in memory, so that rate limits hold across processes and restarts.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  const schema = db.schema;

  await adapter
    .addIdColumn(schema.createTable("users"))
    // Stored lowercased; the unique constraint is then case-insensitive in both dialects.
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    // 0 or 1: the same integer on SQLite and PostgreSQL.
    .addColumn("must_change_password", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("disabled_at", "text")
    .execute();

  await schema
    .createTable("user_editions")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addPrimaryKeyConstraint("user_editions_pk", ["user_id", "edition"])
    .execute();

  await schema
    .createTable("sessions")
    // SHA-256 of the cookie token: a copy of this table signs nobody in.
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();
  await schema.createIndex("sessions_expires_idx").on("sessions").column("expires_at").execute();

  await schema
    .createTable("invites")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    // JSON array of edition codes (translators); "[]" otherwise.
    .addColumn("editions", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();

  await adapter
    .addIdColumn(schema.createTable("audit_log"))
    .addColumn("at", "text", (c) => c.notNull())
    // No foreign key: the log outlives whatever it mentions.
    .addColumn("actor_user_id", "integer")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("details", "text", (c) => c.notNull())
    .addColumn("ip", "text")
    .execute();
  await schema
    .createIndex("audit_log_subject_idx")
    .on("audit_log")
    .columns(["subject_type", "subject_id", "id"])
    .execute();

  await schema
    .createTable("sign_in_failures")
    // "email:<address>" or "ip:<address>".
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    // One attempt writes one row per key under the same id, so it can be withdrawn when it succeeds.
    .addColumn("attempt_id", "text", (c) => c.notNull())
    .execute();
  await schema
    .createIndex("sign_in_failures_key_idx")
    .on("sign_in_failures")
    .columns(["key", "at"])
    .execute();
  await schema.createIndex("sign_in_failures_at_idx").on("sign_in_failures").column("at").execute();
}
