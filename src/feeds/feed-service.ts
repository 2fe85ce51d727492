import { recordAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import type { Db } from "../db/database.ts";
import type { AgencyFeedPollRow } from "../db/schema.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import { optionalText, optionalUrl, requiredText } from "../shared/validate.ts";
import {
  type FeedForm,
  type FeedSummary,
  POLL_MINUTES_MAX,
  POLL_MINUTES_MIN,
  type QueuedItem,
} from "./feed-model.ts";

/** How many polls a feed's page shows. */
export const POLL_LOG_LENGTH = 20;

interface AuditMeta {
  ip?: string | null;
}

interface CheckedForm {
  name: string;
  url: string;
  edition: string;
  sourceId: number | null;
  credit: string | null;
  pollMinutes: number;
  enabled: boolean;
}

/**
 * Agency feeds as editors configure them (`feed.manage`), their edition's queue of drafts, and an
 * editor taking one. Every change to a feed is checked and audited.
 */
export class AgencyFeedService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor): Promise<FeedSummary[]> {
    assertCan(actor, "feed.manage");
    const feeds = await this.summaries().orderBy("agencyFeeds.name").orderBy("agencyFeeds.id").execute();
    return Promise.all(feeds.map((feed) => this.withLastPoll(feed)));
  }

  async get(actor: Actor, id: number): Promise<{ feed: FeedSummary; polls: AgencyFeedPollRow[] }> {
    assertCan(actor, "feed.manage");
    const row = await this.summaries().where("agencyFeeds.id", "=", id).executeTakeFirst();
    if (!row) throw new NotFoundError("feed", id);
    const polls = await this.db
      .selectFrom("agencyFeedPolls")
      .selectAll()
      .where("feedId", "=", id)
      .orderBy("id", "desc")
      .limit(POLL_LOG_LENGTH)
      .execute();
    return { feed: { ...row, enabled: row.enabled === 1, lastPoll: polls[0] ?? null }, polls };
  }

  async create(actor: Actor, form: FeedForm, meta: AuditMeta = {}): Promise<number> {
    assertCan(actor, "feed.manage");
    const checked = await this.check(form);
    const now = new Date().toISOString();
    const { id } = await this.db
      .insertInto("agencyFeeds")
      .values({
        ...checked,
        enabled: checked.enabled ? 1 : 0,
        nextPollAt: now,
        createdAt: now,
        createdByUserId: actor.id,
        updatedAt: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await this.audit(actor, "feed.create", id, { name: checked.name, url: checked.url }, meta);
    return id;
  }

  async update(actor: Actor, id: number, form: FeedForm, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "feed.manage");
    const checked = await this.check(form);
    const before = await this.row(id);
    const now = new Date().toISOString();
    await this.db
      .updateTable("agencyFeeds")
      .set({
        ...checked,
        enabled: checked.enabled ? 1 : 0,
        updatedAt: now,
        // A new address starts afresh: its validators are not the old one's, and it is due now.
        ...(before.url !== checked.url ? { etag: null, lastModified: null, nextPollAt: now } : {}),
      })
      .where("id", "=", id)
      .execute();
    await this.audit(actor, "feed.update", id, { name: checked.name, url: checked.url }, meta);
  }

  /** Deletes the feed and its polls; its drafts stay, and so do the items' keys (no draft comes back). */
  async delete(actor: Actor, id: number, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "feed.manage");
    const feed = await this.row(id);
    await this.db.deleteFrom("agencyFeeds").where("id", "=", id).execute();
    await this.audit(actor, "feed.delete", id, { name: feed.name, url: feed.url }, meta);
  }

  /** The agency drafts of an edition (or all), waiting ones first, newest first. */
  async queue(actor: Actor, edition: string | null, limit = 50): Promise<QueuedItem[]> {
    assertCan(actor, "article.editAny");
    const rows = await this.db
      .selectFrom("agencyFeedItems")
      .leftJoin("agencyFeeds", "agencyFeeds.id", "agencyFeedItems.feedId")
      .leftJoin("users", "users.id", "agencyFeedItems.takenByUserId")
      .select([
        "agencyFeedItems.id",
        "agencyFeeds.name as feedName",
        "agencyFeedItems.edition",
        "agencyFeedItems.title",
        "agencyFeedItems.link",
        "agencyFeedItems.articleId",
        "agencyFeedItems.createdAt",
        "agencyFeedItems.takenAt",
        "users.name as takenBy",
      ])
      .where("agencyFeedItems.articleId", "is not", null)
      .$if(edition !== null, (qb) => qb.where("agencyFeedItems.edition", "=", edition ?? ""))
      .orderBy((eb) => eb.case().when("agencyFeedItems.takenAt", "is", null).then(0).else(1).end())
      .orderBy("agencyFeedItems.id", "desc")
      .limit(limit)
      .execute();
    return rows.map(({ takenAt: _, ...row }) => row);
  }

  /**
   * An editor takes an agency draft: it is theirs from now on (the queue says who took it), and
   * they go to it in the editor. Taking one another editor took opens it without changing hands.
   */
  async take(actor: Actor, itemId: number): Promise<number> {
    assertCan(actor, "article.editAny");
    const item = await this.db
      .selectFrom("agencyFeedItems")
      .select(["articleId", "takenByUserId"])
      .where("id", "=", itemId)
      .executeTakeFirst();
    if (!item || item.articleId === null) throw new NotFoundError("agency draft", itemId);
    await this.db
      .updateTable("agencyFeedItems")
      .set({ takenByUserId: actor.id, takenAt: new Date().toISOString() })
      .where("id", "=", itemId)
      .where("takenAt", "is", null)
      .execute();
    return item.articleId;
  }

  private summaries() {
    return this.db
      .selectFrom("agencyFeeds")
      .leftJoin("sources", "sources.id", "agencyFeeds.sourceId")
      .select([
        "agencyFeeds.id",
        "agencyFeeds.name",
        "agencyFeeds.url",
        "agencyFeeds.edition",
        "agencyFeeds.sourceId",
        "sources.name as sourceName",
        "agencyFeeds.credit",
        "agencyFeeds.pollMinutes",
        "agencyFeeds.enabled",
        "agencyFeeds.nextPollAt",
      ]);
  }

  private async withLastPoll(
    row: Omit<FeedSummary, "enabled" | "lastPoll"> & { enabled: number },
  ): Promise<FeedSummary> {
    const lastPoll = await this.db
      .selectFrom("agencyFeedPolls")
      .selectAll()
      .where("feedId", "=", row.id)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    return { ...row, enabled: row.enabled === 1, lastPoll: lastPoll ?? null };
  }

  private async row(id: number) {
    const feed = await this.db.selectFrom("agencyFeeds").selectAll().where("id", "=", id).executeTakeFirst();
    if (!feed) throw new NotFoundError("feed", id);
    return feed;
  }

  private async check(form: FeedForm): Promise<CheckedForm> {
    const name = requiredText("name", form.name, 120);
    const url = optionalUrl("url", form.url);
    if (url === null) throw new ValidationError("url", "is required: the feed's http or https address");
    const edition = await this.db
      .selectFrom("editions")
      .select("code")
      .where("code", "=", form.edition)
      .executeTakeFirst();
    if (!edition) throw new ValidationError("edition", `"${form.edition}" is not an edition of this site`);
    let sourceId: number | null = null;
    if (form.sourceId.trim() !== "") {
      const source = await this.db
        .selectFrom("sources")
        .select("id")
        .where("id", "=", Number(form.sourceId))
        .executeTakeFirst();
      if (!/^\d+$/.test(form.sourceId.trim()) || !source) {
        throw new ValidationError("source", "choose a source from the list (add it under Sources first)");
      }
      sourceId = source.id;
    }
    const credit = optionalText("credit", form.credit, 120);
    const pollMinutes = Number(form.pollMinutes);
    if (!Number.isInteger(pollMinutes) || pollMinutes < POLL_MINUTES_MIN || pollMinutes > POLL_MINUTES_MAX) {
      throw new ValidationError(
        "pollMinutes",
        `must be a whole number of minutes from ${POLL_MINUTES_MIN} to ${POLL_MINUTES_MAX}`,
      );
    }
    return { name, url, edition: edition.code, sourceId, credit, pollMinutes, enabled: form.enabled };
  }

  private audit(actor: Actor, action: string, id: number, details: Record<string, unknown>, meta: AuditMeta) {
    return recordAudit(this.db, {
      actorUserId: actor.id,
      action,
      subjectType: "feed",
      subjectId: id,
      details,
      ip: meta.ip ?? null,
    });
  }
}
