import type { Db } from "../db/database.ts";
import type { SubscriberStatus } from "../db/schema.ts";
import type { Edition } from "../editions/edition.ts";
import { type Mailer, RecipientRefusedError } from "../mail/mailer.ts";
import { TooManyAttemptsError, ValidationError } from "../shared/errors.ts";
import { newsletterMessagesFor } from "../shared/i18n/newsletter.ts";
import type { NewsletterLinks } from "./newsletter-links.ts";
import type { SubscriberTokens } from "./subscriber-tokens.ts";

const EMAIL_MAX = 254;
/** A form sent again and again mails the confirmation at most this often. */
const CONFIRM_RESEND_MS = 10 * 60_000;

/** What a bounce or complaint reported by the mail provider does: the address is stopped. */
export type StopKind = "bounced" | "complained";

export type SubscriberCounts = Record<SubscriberStatus, number>;

/**
 * Subscriptions to an edition's newsletter, double opt-in: the form stores the address as pending
 * and mails a signed link; following it (and pressing the button) confirms. Only confirmed
 * addresses get digests. Whatever the address's state, the form answers the same, so it tells
 * nobody who subscribes.
 */
export class SubscriptionService {
  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    private readonly tokens: SubscriberTokens,
    private readonly links: NewsletterLinks,
  ) {}

  /**
   * Subscribes `email` to the edition, pending its confirmation. Idempotent: a confirmed address
   * stays as it is and is mailed nothing; a pending, unsubscribed or bounced one gets a new
   * confirmation link (at most every ten minutes). A complaint is final: nothing is mailed.
   */
  async subscribe(edition: Edition, rawEmail: string, now: Date): Promise<void> {
    const email = normalEmail(rawEmail);
    const at = now.toISOString();
    await this.db
      .insertInto("newsletterSubscribers")
      .values({
        edition: edition.code,
        email,
        status: "pending",
        createdAt: at,
        confirmSentAt: null,
        confirmedAt: null,
        unsubscribedAt: null,
        stoppedAt: null,
        stopReason: null,
        updatedAt: at,
      })
      .onConflict((conflict) => conflict.columns(["edition", "email"]).doNothing())
      .execute();
    const resendBefore = new Date(now.getTime() - CONFIRM_RESEND_MS).toISOString();
    // Claims the right to mail a link now: one row update, so two forms at once mail one link.
    const due = await this.db
      .updateTable("newsletterSubscribers")
      .set({ status: "pending", confirmSentAt: at, updatedAt: at })
      .where("edition", "=", edition.code)
      .where("email", "=", email)
      .where("status", "in", ["pending", "unsubscribed", "bounced"])
      .where((eb) => eb.or([eb("confirmSentAt", "is", null), eb("confirmSentAt", "<", resendBefore)]))
      .returning("id")
      .executeTakeFirst();
    if (!due) return;
    const messages = newsletterMessagesFor(edition.code);
    const siteName = this.links.siteNameFor(edition);
    const link = this.links.confirm(edition, this.tokens.issue("confirm", due.id, now));
    try {
      await this.mailer.send({
        to: email,
        subject: messages.confirmSubject(siteName),
        text: messages.confirmText(siteName, link),
      });
    } catch (error) {
      // The form still answers as for any address: only the row says the mailbox does not exist.
      if (!(error instanceof RecipientRefusedError)) throw error;
      await stopAddress(this.db, email, "bounced", error.response, now, edition.code);
    }
  }

  /** Confirms the subscription of a confirmation link; false for a link that is not valid. */
  async confirm(edition: Edition, token: string, now: Date): Promise<boolean> {
    const id = this.tokens.verify("confirm", token, now);
    if (id === null) return false;
    const at = now.toISOString();
    const row = await this.db
      .selectFrom("newsletterSubscribers")
      .select("status")
      .where("id", "=", id)
      .where("edition", "=", edition.code)
      .executeTakeFirst();
    if (!row) return false;
    if (row.status === "confirmed") return true;
    // An address unsubscribed or stopped since the link was sent stays so.
    const confirmed = await this.db
      .updateTable("newsletterSubscribers")
      .set({ status: "confirmed", confirmedAt: at, updatedAt: at })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    return Number(confirmed.numUpdatedRows) === 1;
  }

  /** Whether an unsubscribe link is valid (the page with the button is shown for it). */
  async knowsUnsubscribeToken(edition: Edition, token: string, now: Date): Promise<boolean> {
    const id = this.tokens.verify("unsubscribe", token, now);
    if (id === null) return false;
    const row = await this.db
      .selectFrom("newsletterSubscribers")
      .select("id")
      .where("id", "=", id)
      .where("edition", "=", edition.code)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Stops the subscription of an unsubscribe link; false for a link that is not valid. */
  async unsubscribe(edition: Edition, token: string, now: Date): Promise<boolean> {
    const id = this.tokens.verify("unsubscribe", token, now);
    if (id === null || !(await this.knowsUnsubscribeToken(edition, token, now))) return false;
    const at = now.toISOString();
    await this.db
      .updateTable("newsletterSubscribers")
      .set({ status: "unsubscribed", unsubscribedAt: at, updatedAt: at })
      .where("id", "=", id)
      .where("status", "in", ["pending", "confirmed"])
      .execute();
    return true;
  }

  /**
   * Records a bounce or complaint the mail provider reported: the address is stopped in every
   * edition (or only `edition`). Returns how many subscriptions it stopped.
   */
  async stop(rawEmail: string, kind: StopKind, reason: string, now: Date, edition?: string): Promise<number> {
    return stopAddress(this.db, normalEmail(rawEmail), kind, reason, now, edition);
  }

  /** How many addresses of the edition are in each state. */
  async counts(edition: string): Promise<SubscriberCounts> {
    const rows = await this.db
      .selectFrom("newsletterSubscribers")
      .select(["status", (eb) => eb.fn.countAll<number | string>().as("count")])
      .where("edition", "=", edition)
      .groupBy("status")
      .execute();
    const counts: SubscriberCounts = { pending: 0, confirmed: 0, unsubscribed: 0, bounced: 0, complained: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
}

/** Stops an address (lower-cased) after a bounce or complaint; a complaint outranks a bounce. */
export async function stopAddress(
  db: Db,
  email: string,
  kind: StopKind,
  reason: string,
  now: Date,
  edition?: string,
): Promise<number> {
  const at = now.toISOString();
  let query = db
    .updateTable("newsletterSubscribers")
    .set({ status: kind, stoppedAt: at, stopReason: reason.slice(0, 500), updatedAt: at })
    .where("email", "=", email)
    .where("status", "!=", "complained");
  if (edition !== undefined) query = query.where("edition", "=", edition);
  const stopped = await query.executeTakeFirst();
  return Number(stopped.numUpdatedRows);
}

/** The address as stored: trimmed, lower-cased, checked to look like one. */
export function normalEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > EMAIL_MAX || !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]{2,}$/u.test(email)) {
    throw new ValidationError("email", "Enter an e-mail address such as name@example.org.");
  }
  return email;
}

/** Sign-ups from one client address per hour, counted in this process (forms are cheap to send). */
export class SignUpLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly perHour = 10) {}

  /** Counts one sign-up from `client`; throws TooManyAttemptsError past the limit. */
  take(client: string, now: Date): void {
    const hourAgo = now.getTime() - 3_600_000;
    const times = (this.recent.get(client) ?? []).filter((time) => time > hourAgo);
    if (times.length >= this.perHour) {
      throw new TooManyAttemptsError("Too many sign-ups from this address.", 3600);
    }
    times.push(now.getTime());
    this.recent.set(client, times);
    // Forget clients whose hour has passed, so the map stays small.
    if (this.recent.size > 10_000) {
      for (const [key, list] of this.recent)
        if (list.every((time) => time <= hourAgo)) this.recent.delete(key);
    }
  }
}
