import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { visibleToReaders } from "../articles/visibility.ts";
import type { Db } from "../db/database.ts";
import { Lease } from "../db/lease.ts";
import type { NewsletterIssueTable } from "../db/schema.ts";
import type { Edition } from "../editions/edition.ts";
import { type Mailer, RecipientRefusedError } from "../mail/mailer.ts";
import { ConflictError } from "../shared/errors.ts";
import { composeDigest, type DigestParts, type DigestStory, personalised } from "./digest-mail.tsx";
import type { NewsletterLinks } from "./newsletter-links.ts";
import type { SubscriberTokens } from "./subscriber-tokens.ts";
import { stopAddress } from "./subscription-service.ts";

/** A first digest covers the last week; later ones start where the last one ended. */
const FIRST_DIGEST_DAYS = 7;
/** The most stories one digest lists (the newest). */
const MAX_STORIES = 30;
/** Deliveries claimed at a time. */
const BATCH = 50;

export type IssueTrigger = NewsletterIssueTable["trigger"];

export interface NextDigest extends DigestParts {
  stories: DigestStory[];
  /** Publications after this go in. */
  since: string;
  coversUntil: string;
}

export interface SendReport {
  issueId: number;
  /** Taken up where an earlier send stopped. */
  resumed: boolean;
  sent: number;
  bounced: number;
  skipped: number;
  /** Deliveries left pending (the lease was lost, or the SMTP server failed). */
  left: number;
}

export interface IssueSummary {
  id: number;
  subject: string;
  trigger: IssueTrigger;
  status: "sending" | "sent";
  createdAt: string;
  finishedAt: string | null;
  articleCount: number;
  sent: number;
  pending: number;
  bounced: number;
  skipped: number;
}

export interface DigestServiceOptions {
  db: Db;
  mailer: Mailer;
  tokens: SubscriberTokens;
  links: NewsletterLinks;
  /** How long a sender's lease on an edition lasts without renewal (SCHEDULE_LEASE_SECONDS). */
  leaseTtlMs: number;
  /** Headers' mailto: for List-Unsubscribe (the From address). */
  unsubscribeMailbox: string;
}

/** Another process is sending this edition's digest; it finishes it (or it is taken up later). */
export class SendInProgressError extends ConflictError {
  constructor(edition: string) {
    super(`Another process is sending the ${edition} digest right now; it will send the rest.`, { edition });
  }
}

/**
 * An edition's digest: its next issue (the stories published since the last), made into an issue
 * row with one delivery per confirmed subscriber, then sent in batches by whoever holds the
 * edition's sending lease. Each delivery is marked sent as soon as the SMTP server has accepted
 * it, so a sender killed half way leaves exactly the unsent ones pending, and the next send (or the
 * scheduler) sends those. Between the server's acceptance and the mark there is a moment (one
 * update) in which a kill would send that one message twice.
 */
export class DigestService {
  private readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

  constructor(private readonly options: DigestServiceOptions) {}

  /** The stories and parts the next digest of `edition` would have now, or null when nothing is new. */
  async nextDigest(edition: Edition, now: Date): Promise<NextDigest | null> {
    const { db, links } = this.options;
    const last = await db
      .selectFrom("newsletterIssues")
      .select("coversUntil")
      .where("edition", "=", edition.code)
      .orderBy("id", "desc")
      .executeTakeFirst();
    const since = last?.coversUntil ?? new Date(now.getTime() - FIRST_DIGEST_DAYS * 86_400_000).toISOString();
    const rows = await db
      .selectFrom("articles")
      .select(["title", "summary", "slug", "publishedAt"])
      .where("edition", "=", edition.code)
      .where(visibleToReaders(now.toISOString()))
      .where("publishedAt", ">", since)
      .orderBy("publishedAt", "desc")
      .orderBy("id", "desc")
      .limit(MAX_STORIES)
      .execute();
    if (rows.length === 0) return null;
    const stories = rows.map((row) => ({
      title: row.title,
      summary: row.summary,
      url: links.article(edition, row.publishedAt as string, row.slug),
    }));
    const parts = composeDigest(edition, links.siteNameFor(edition), links.front(edition), stories);
    return { ...parts, stories, since, coversUntil: rows[0]?.publishedAt as string };
  }

  /**
   * Sends the edition's digest now: the issue being sent if one is (a send that stopped half way),
   * else a new one of the stories since the last. Null when nothing is new. Throws
   * SendInProgressError while another process holds the edition's lease.
   */
  async send(edition: Edition, trigger: IssueTrigger, now: Date): Promise<SendReport | null> {
    const lease = new Lease(
      this.options.db,
      `newsletter:${edition.code}`,
      this.holder,
      this.options.leaseTtlMs,
    );
    if (!(await lease.acquire())) throw new SendInProgressError(edition.code);
    try {
      const issue = await this.openIssue(edition, trigger, now);
      if (!issue) return null;
      return { ...(await this.deliver(issue.id, edition, lease)), resumed: issue.resumed };
    } finally {
      await lease.release();
    }
  }

  /** The edition's latest issues, newest first, with how their deliveries went. */
  async recentIssues(edition: string, limit = 5): Promise<IssueSummary[]> {
    const { db } = this.options;
    const issues = await db
      .selectFrom("newsletterIssues")
      .select(["id", "subject", "trigger", "status", "createdAt", "finishedAt", "articleCount"])
      .where("edition", "=", edition)
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    if (issues.length === 0) return [];
    const counts = await db
      .selectFrom("newsletterDeliveries")
      .select(["issueId", "status", (eb) => eb.fn.countAll<number | string>().as("count")])
      .where(
        "issueId",
        "in",
        issues.map((issue) => issue.id),
      )
      .groupBy(["issueId", "status"])
      .execute();
    return issues.map((issue) => {
      const of = (status: string) =>
        Number(counts.find((row) => row.issueId === issue.id && row.status === status)?.count ?? 0);
      return {
        ...issue,
        sent: of("sent"),
        pending: of("pending"),
        bounced: of("bounced"),
        skipped: of("skipped"),
      };
    });
  }

  /** Editions with an issue still being sent (its sender stopped): the scheduler takes them up. */
  async unfinishedEditions(): Promise<string[]> {
    const rows = await this.options.db
      .selectFrom("newsletterIssues")
      .select("edition")
      .where("status", "=", "sending")
      .execute();
    return rows.map((row) => row.edition);
  }

  /** The issue being sent, or a new one with its deliveries (null when nothing is new). */
  private async openIssue(
    edition: Edition,
    trigger: IssueTrigger,
    now: Date,
  ): Promise<{ id: number; resumed: boolean } | null> {
    const { db } = this.options;
    const open = await this.sendingIssue(edition.code);
    if (open !== undefined) return { id: open, resumed: true };
    const next = await this.nextDigest(edition, now);
    if (!next) return null;
    const at = now.toISOString();
    const id = await db.transaction().execute(async (tx) => {
      const issue = await tx
        .insertInto("newsletterIssues")
        .values({
          edition: edition.code,
          subject: next.subject,
          html: next.html,
          text: next.text,
          coversUntil: next.coversUntil,
          articleCount: next.stories.length,
          trigger,
          status: "sending",
          createdAt: at,
          finishedAt: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      // Everyone confirmed at this moment, fixed now: those who join meanwhile wait for the next.
      await tx
        .insertInto("newsletterDeliveries")
        .columns(["issueId", "subscriberId", "status"])
        .expression((eb) =>
          eb
            .selectFrom("newsletterSubscribers")
            .select((inner) => [
              inner.val(issue.id).as("issueId"),
              "id as subscriberId",
              inner.val("pending").as("status"),
            ])
            .where("edition", "=", edition.code)
            .where("status", "=", "confirmed"),
        )
        .execute();
      return issue.id;
    });
    return { id, resumed: false };
  }

  private async sendingIssue(edition: string): Promise<number | undefined> {
    const row = await this.options.db
      .selectFrom("newsletterIssues")
      .select("id")
      .where("edition", "=", edition)
      .where("status", "=", "sending")
      .executeTakeFirst();
    return row?.id;
  }

  /** Sends the issue's pending deliveries, batch by batch, while this process holds the lease. */
  private async deliver(
    issueId: number,
    edition: Edition,
    lease: Lease,
  ): Promise<Omit<SendReport, "resumed">> {
    const { db } = this.options;
    const issue = await db
      .selectFrom("newsletterIssues")
      .select(["subject", "html", "text"])
      .where("id", "=", issueId)
      .executeTakeFirstOrThrow();
    const report = { issueId, sent: 0, bounced: 0, skipped: 0, left: 0 };
    let renewedAt = Date.now();
    for (;;) {
      const batch = await this.claim(issueId, lease);
      if (batch.length === 0) break;
      for (const delivery of batch) {
        // Renewed well before it could run out: nobody else may take this edition's sending meanwhile.
        if (Date.now() - renewedAt > lease.ttlMs / 3) {
          if (!(await lease.acquire())) return { ...report, left: await this.pendingCount(issueId) };
          renewedAt = Date.now();
        }
        const outcome = await this.deliverOne(issueId, edition, issue, delivery);
        report[outcome]++;
      }
    }
    await db
      .updateTable("newsletterIssues")
      .set({ status: "sent", finishedAt: new Date().toISOString() })
      .where("id", "=", issueId)
      .where("status", "=", "sending")
      .execute();
    return report;
  }

  /** The next batch of pending deliveries, claimed in this process's name. */
  private async claim(issueId: number, lease: Lease) {
    const { db } = this.options;
    const until = new Date(Date.now() + lease.ttlMs).toISOString();
    await db
      .updateTable("newsletterDeliveries")
      .set({ claimedBy: lease.holder, claimedUntil: until })
      .where("issueId", "=", issueId)
      .where("status", "=", "pending")
      .where("subscriberId", "in", (eb) =>
        eb
          .selectFrom("newsletterDeliveries")
          .select("subscriberId")
          .where("issueId", "=", issueId)
          .where("status", "=", "pending")
          .orderBy("subscriberId")
          .limit(BATCH),
      )
      .execute();
    return db
      .selectFrom("newsletterDeliveries")
      .innerJoin("newsletterSubscribers", "newsletterSubscribers.id", "newsletterDeliveries.subscriberId")
      .select(["newsletterSubscribers.id", "newsletterSubscribers.email", "newsletterSubscribers.status"])
      .where("newsletterDeliveries.issueId", "=", issueId)
      .where("newsletterDeliveries.status", "=", "pending")
      .where("newsletterDeliveries.claimedBy", "=", lease.holder)
      .orderBy("newsletterSubscribers.id")
      .execute();
  }

  /** Sends one message and marks its delivery at once; a refused recipient is a hard bounce. */
  private async deliverOne(
    issueId: number,
    edition: Edition,
    issue: { subject: string; html: string; text: string },
    subscriber: { id: number; email: string; status: string },
  ): Promise<"sent" | "bounced" | "skipped"> {
    const { db, mailer, tokens, links } = this.options;
    const mark = (status: "sent" | "bounced" | "skipped", error: string | null = null) =>
      db
        .updateTable("newsletterDeliveries")
        .set({ status, sentAt: status === "sent" ? new Date().toISOString() : null, error })
        .where("issueId", "=", issueId)
        .where("subscriberId", "=", subscriber.id)
        .execute();
    // Unsubscribed or stopped since the issue was made.
    if (subscriber.status !== "confirmed") {
      await mark("skipped");
      return "skipped";
    }
    const now = new Date();
    const unsubscribeUrl = links.unsubscribe(edition, tokens.issue("unsubscribe", subscriber.id, now));
    try {
      await mailer.send({
        to: subscriber.email,
        subject: issue.subject,
        text: personalised(issue.text, unsubscribeUrl),
        html: personalised(issue.html, unsubscribeUrl),
        headers: {
          "List-Unsubscribe": `<${unsubscribeUrl}>, <mailto:${this.options.unsubscribeMailbox}?subject=unsubscribe>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
      });
    } catch (error) {
      if (!(error instanceof RecipientRefusedError)) throw error;
      await mark("bounced", error.response.slice(0, 500));
      await stopAddress(db, subscriber.email, "bounced", error.response, now, edition.code);
      return "bounced";
    }
    await mark("sent");
    return "sent";
  }

  private async pendingCount(issueId: number): Promise<number> {
    const row = await this.options.db
      .selectFrom("newsletterDeliveries")
      .select((eb) => eb.fn.countAll<number | string>().as("count"))
      .where("issueId", "=", issueId)
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
