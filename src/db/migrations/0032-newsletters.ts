import { type Kysely, sql } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Newsletters per edition (src/newsletters/). `newsletter_subscribers`: an address (kept because it
 * is needed to send) in one edition, with its status: pending until the e-mailed link is confirmed,
 * then confirmed, unsubscribed, bounced or complained; only confirmed ones get digests.
 * `newsletter_schedules`: each edition's digest schedule (off, daily or weekly at a local time).
 * `newsletter_issues`: one digest as sent (subject and both parts fixed when it was made), and
 * `newsletter_deliveries` one row per recipient of it, claimed in batches and marked sent one by one
 * as the SMTP server accepts each: a send killed half way is taken up where it stopped.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable("newsletter_subscribers"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    // The last confirmation e-mail, so that a form sent again and again mails it once in a while.
    .addColumn("confirm_sent_at", "text")
    .addColumn("confirmed_at", "text")
    .addColumn("unsubscribed_at", "text")
    // When a bounce or complaint stopped the address, and the provider's or server's words.
    .addColumn("stopped_at", "text")
    .addColumn("stop_reason", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("newsletter_subscribers_edition_email", ["edition", "email"])
    .execute();
  await db.schema
    .createIndex("newsletter_subscribers_status_idx")
    .on("newsletter_subscribers")
    .columns(["edition", "status", "id"])
    .execute();

  await db.schema
    .createTable("newsletter_schedules")
    .addColumn("edition", "text", (c) => c.primaryKey().references("editions.code"))
    // off, daily or weekly
    .addColumn("frequency", "text", (c) => c.notNull())
    // ISO weekday for weekly (1 Monday … 7 Sunday)
    .addColumn("weekday", "integer")
    // HH:MM on the edition's clock
    .addColumn("time", "text", (c) => c.notNull())
    // The last due time (UTC) the scheduler handled, so each comes once.
    .addColumn("last_slot", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await adapter
    .addIdColumn(db.schema.createTable("newsletter_issues"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    // The newest publication time it covers: the next digest starts after it.
    .addColumn("covers_until", "text", (c) => c.notNull())
    .addColumn("article_count", "integer", (c) => c.notNull())
    // schedule, editor or cli
    .addColumn("trigger", "text", (c) => c.notNull())
    // sending, then sent once no delivery is pending
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema
    .createIndex("newsletter_issues_edition_idx")
    .on("newsletter_issues")
    .columns(["edition", "id"])
    .execute();

  // At most one digest of an edition being sent: a second "send" takes that one up.
  await db.schema
    .createIndex("newsletter_issues_one_sending")
    .on("newsletter_issues")
    .column("edition")
    .unique()
    .where(sql.ref("status"), "=", "sending")
    .execute();

  await db.schema
    .createTable("newsletter_deliveries")
    .addColumn("issue_id", "integer", (c) =>
      c.notNull().references("newsletter_issues.id").onDelete("cascade"),
    )
    .addColumn("subscriber_id", "integer", (c) =>
      c.notNull().references("newsletter_subscribers.id").onDelete("cascade"),
    )
    // pending, sent, bounced or skipped (the address stopped meanwhile)
    .addColumn("status", "text", (c) => c.notNull())
    // Who claimed it, and until when; a claim past its time is free again (the sender died).
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "text")
    .addColumn("sent_at", "text")
    .addColumn("error", "text")
    .addPrimaryKeyConstraint("newsletter_deliveries_pk", ["issue_id", "subscriber_id"])
    .execute();
  await db.schema
    .createIndex("newsletter_deliveries_status_idx")
    .on("newsletter_deliveries")
    .columns(["issue_id", "status"])
    .execute();
}
