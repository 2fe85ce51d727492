import { type Kysely, sql } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Reader comments with moderation: the `comments` table of 0001 grows what posting, threading and
 * moderation need; flags, bans, per-edition policies, closed threads, verified readers and their
 * e-mailed sign-in tokens get tables of their own.
 *
 * Addresses are stored as keyed hashes (HMAC-SHA256 with a secret of the data directory), never as
 * they came: rate limits, bans and a commenter's history only need "the same address again", and a
 * copy of the database then says nothing about where a reader was (an unkeyed hash of an IPv4
 * address is reversed by trying all 2³² of them). The e-mail a reader typed is kept in
 * `author_email` (the publisher may need to reach them) but no page or answer ever selects it;
 * lookups go through `email_hash`.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  const schema = db.schema;

  await adapter
    .addIdColumn(schema.createTable("verified_readers"))
    // Lowercased; unique, so signing in twice finds the same reader.
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("email_hash", "text", (c) => c.notNull())
    .addColumn("display_name", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_sign_in_at", "text")
    .execute();

  await schema
    .createTable("reader_login_tokens")
    // SHA-256 of the token in the e-mailed link: a copy of this table signs nobody in.
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("email_hash", "text", (c) => c.notNull())
    .addColumn("edition", "text", (c) => c.notNull())
    // Where to go back to after signing in: a path of the same edition, checked when stored.
    .addColumn("return_path", "text", (c) => c.notNull())
    .addColumn("ip_hash", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await schema
    .createIndex("reader_login_tokens_email_idx")
    .on("reader_login_tokens")
    .columns(["email_hash", "created_at"])
    .execute();

  // Articles keep their edition for life, so the queue per edition needs no join.
  await schema
    .alterTable("comments")
    .addColumn("edition", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await sql`update comments set edition = (select a.edition from articles a where a.id = comments.article_id)`.execute(
    db,
  );
  // The top-level comment a reply belongs to (null for top-level ones): a page of a thread is one
  // query for its top-level comments and one for everything under them.
  await schema.alterTable("comments").addColumn("root_id", "integer").execute();
  await schema
    .alterTable("comments")
    .addColumn("email_hash", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await schema.alterTable("comments").addColumn("ip_hash", "text").execute();
  // A hash of the text folded (case, spacing, punctuation), to find the same text posted again.
  await schema
    .alterTable("comments")
    .addColumn("fingerprint", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await schema
    .alterTable("comments")
    .addColumn("flags_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // Why a comment waits for a moderator: first-comment, premoderated, word-list, duplicate, flagged…
  await schema.alterTable("comments").addColumn("review_reason", "text").execute();
  await schema.alterTable("comments").addColumn("edited_at", "text").execute();
  await schema.alterTable("comments").addColumn("moderated_at", "text").execute();
  // No foreign key: the comment outlives the account that moderated it.
  await schema.alterTable("comments").addColumn("moderated_by_user_id", "integer").execute();
  await schema
    .alterTable("comments")
    .addColumn("verified_reader_id", "integer", (c) =>
      c.references("verified_readers.id").onDelete("set null"),
    )
    .execute();

  await schema
    .createIndex("comments_thread_idx")
    .on("comments")
    .columns(["article_id", "status", "root_id", "created_at"])
    .execute();
  await schema.createIndex("comments_root_idx").on("comments").columns(["root_id", "created_at"]).execute();
  await schema
    .createIndex("comments_queue_idx")
    .on("comments")
    .columns(["edition", "status", "created_at"])
    .execute();
  await schema
    .createIndex("comments_email_idx")
    .on("comments")
    .columns(["email_hash", "created_at"])
    .execute();
  await schema.createIndex("comments_ip_idx").on("comments").columns(["ip_hash", "created_at"]).execute();
  await schema
    .createIndex("comments_fingerprint_idx")
    .on("comments")
    .columns(["fingerprint", "created_at"])
    .execute();

  await schema
    .createTable("comment_flags")
    .addColumn("comment_id", "integer", (c) => c.notNull().references("comments.id").onDelete("cascade"))
    // The flagging reader: a verified reader ("r:<id>") or the keyed hash of their address ("ip:<hash>").
    .addColumn("reporter", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("comment_flags_pk", ["comment_id", "reporter"])
    .execute();
  await schema
    .createIndex("comment_flags_reporter_idx")
    .on("comment_flags")
    .columns(["reporter", "created_at"])
    .execute();

  await adapter
    .addIdColumn(schema.createTable("comment_bans"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("value_hash", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_by_user_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .addUniqueConstraint("comment_bans_value_unique", ["kind", "value_hash"])
    .execute();

  await schema
    .createTable("comment_policies")
    .addColumn("edition", "text", (c) => c.primaryKey().references("editions.code").onDelete("cascade"))
    .addColumn("policy", "text", (c) => c.notNull())
    .addColumn("close_after_days", "integer")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by_user_id", "integer")
    .execute();

  await schema
    .createTable("comment_closed_articles")
    .addColumn("article_id", "integer", (c) => c.primaryKey().references("articles.id").onDelete("cascade"))
    .addColumn("closed_at", "text", (c) => c.notNull())
    .addColumn("closed_by_user_id", "integer")
    .execute();
}
