import { type AuditMeta, recordActorAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { LiveEventKind, LiveUpdateRow } from "../db/schema.ts";
import type { BodyDocument } from "../shared/body/body-document.ts";
import type { ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ConflictError, NotFoundError } from "../shared/errors.ts";
import { liveBodyFromText } from "./live-text.ts";

/** A story's live coverage: on since `startedAt`, ended at `endedAt` when it has. */
export interface LiveCoverage {
  storyId: number;
  startedAt: string;
  endedAt: string | null;
}

export interface LiveUpdate {
  id: number;
  articleId: number;
  body: BodyDocument;
  pinned: boolean;
  keyEvent: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One post, edit or deletion, as the event streams send it; `update` is null for a deletion. */
export interface LiveEvent {
  id: number;
  articleId: number;
  kind: LiveEventKind;
  updateId: number;
  update: LiveUpdate | null;
}

/** What an editor types: the text (paragraphs, addresses become links) and the two flags. */
export interface LiveUpdateInput {
  text: string;
  pinned: boolean;
  keyEvent: boolean;
}

/** What the newsroom's live page of an article shows. */
export interface LiveDesk {
  article: LiveArticle & { title: string; status: string };
  coverage: LiveCoverage | undefined;
  updates: LiveUpdate[];
}

/** The article a live update belongs to: its edition decides who may post. */
interface LiveArticle {
  id: number;
  storyId: number;
  edition: string;
}

/** How many events one read of the log returns at most (a reader back after a long pause). */
const EVENTS_READ_AT_ONCE = 200;

/**
 * Live coverage: an editor turns a story live (and ends it), and updates are posted, edited and
 * deleted per edition's article. Every change goes through the unit of work, so the article's page
 * is purged everywhere and every serving process hears `live.updated` (its hub then reads the new
 * events once for all the streams it holds); every change is audited.
 */
export class LiveService {
  constructor(
    private readonly db: Db,
    private readonly events?: ContentEvents,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async coverageOfStory(storyId: number): Promise<LiveCoverage | undefined> {
    return this.db.selectFrom("liveCoverage").selectAll().where("storyId", "=", storyId).executeTakeFirst();
  }

  /** Among `storyIds`, those covered live now (not ended): the lists mark them. */
  async liveStoryIds(storyIds: readonly number[]): Promise<Set<number>> {
    if (storyIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom("liveCoverage")
      .select("storyId")
      .where("storyId", "in", [...storyIds])
      .where("endedAt", "is", null)
      .execute();
    return new Set(rows.map((row) => row.storyId));
  }

  /** Starts (or restarts) or ends the live coverage of the article's story. */
  async setCoverage(actor: Actor, articleId: number, live: boolean, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "live.manage");
    const article = await this.article(this.db, articleId);
    const now = this.clock().toISOString();
    await changeContent(this.db, this.events, async (trx, log) => {
      const current = await trx
        .selectFrom("liveCoverage")
        .selectAll()
        .where("storyId", "=", article.storyId)
        .executeTakeFirst();
      if (live) {
        if (current && current.endedAt === null) return;
        if (current) {
          await trx
            .updateTable("liveCoverage")
            .set({ endedAt: null })
            .where("storyId", "=", article.storyId)
            .execute();
        } else {
          await trx
            .insertInto("liveCoverage")
            .values({ storyId: article.storyId, startedAt: now, endedAt: null })
            .execute();
        }
      } else {
        if (!current || current.endedAt !== null) return;
        await trx
          .updateTable("liveCoverage")
          .set({ endedAt: now })
          .where("storyId", "=", article.storyId)
          .execute();
      }
      const articles = await trx
        .selectFrom("articles")
        .select(["id", "edition"])
        .where("storyId", "=", article.storyId)
        .execute();
      log.other({
        reasons: ["live.coverage"],
        articleIds: articles.map((a) => a.id),
        storyIds: [article.storyId],
        editions: [...new Set(articles.map((a) => a.edition))],
        tagIds: [],
      });
      await recordActorAudit(
        trx,
        actor,
        live ? "live.start" : "live.end",
        { type: "story", id: article.storyId },
        { articleId },
        meta,
      );
    });
  }

  /**
   * The newsroom's live page of an article: the article, its story's coverage and its updates.
   * Whoever may post to the article's edition (or manage coverage) may see it.
   */
  async desk(actor: Actor, articleId: number): Promise<LiveDesk> {
    const article = await this.db
      .selectFrom("articles")
      .select(["id", "storyId", "edition", "title", "status"])
      .where("id", "=", articleId)
      .executeTakeFirst();
    if (!article) throw new NotFoundError("article", articleId);
    assertCan(actor, "live.post", { edition: article.edition });
    const [coverage, updates] = await Promise.all([
      this.coverageOfStory(article.storyId),
      this.updatesOf(articleId),
    ]);
    return { article, coverage, updates };
  }

  /** Posts an update to the article; its story must be covered live now. */
  async post(
    actor: Actor,
    articleId: number,
    input: LiveUpdateInput,
    meta: AuditMeta = {},
  ): Promise<LiveUpdate> {
    const article = await this.article(this.db, articleId);
    assertCan(actor, "live.post", { edition: article.edition });
    const body = liveBodyFromText(input.text);
    const coverage = await this.coverageOfStory(article.storyId);
    if (!coverage || coverage.endedAt !== null) {
      throw new ConflictError("This story is not covered live: start its live coverage first.");
    }
    const now = this.clock().toISOString();
    return changeContent(this.db, this.events, async (trx, log) => {
      const row = await trx
        .insertInto("liveUpdates")
        .values({
          articleId,
          body: JSON.stringify(body),
          pinned: input.pinned ? 1 : 0,
          keyEvent: input.keyEvent ? 1 : 0,
          createdAt: now,
          updatedAt: now,
          authorUserId: actor.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.logEvent(trx, log, article, row.id, "posted", now);
      await this.audit(trx, actor, "live.post", row.id, { articleId }, meta);
      return toUpdate(row);
    });
  }

  /** Changes an update's text or flags; its time stays the time it was posted. */
  async edit(
    actor: Actor,
    updateId: number,
    input: LiveUpdateInput,
    meta: AuditMeta = {},
  ): Promise<LiveUpdate> {
    const { article } = await this.updateToChange(actor, updateId);
    const body = liveBodyFromText(input.text);
    const now = this.clock().toISOString();
    return changeContent(this.db, this.events, async (trx, log) => {
      const row = await trx
        .updateTable("liveUpdates")
        .set({
          body: JSON.stringify(body),
          pinned: input.pinned ? 1 : 0,
          keyEvent: input.keyEvent ? 1 : 0,
          updatedAt: now,
        })
        .where("id", "=", updateId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.logEvent(trx, log, article, updateId, "edited", now);
      await this.audit(trx, actor, "live.edit", updateId, { articleId: article.id }, meta);
      return toUpdate(row);
    });
  }

  async remove(actor: Actor, updateId: number, meta: AuditMeta = {}): Promise<void> {
    const { existing, article } = await this.updateToChange(actor, updateId);
    const now = this.clock().toISOString();
    await changeContent(this.db, this.events, async (trx, log) => {
      await trx.deleteFrom("liveUpdates").where("id", "=", updateId).execute();
      await this.logEvent(trx, log, article, updateId, "deleted", now);
      await this.audit(
        trx,
        actor,
        "live.delete",
        updateId,
        { articleId: article.id, text: existing.body },
        meta,
      );
    });
  }

  /** The article's updates as the page shows them: pinned ones on top, then newest first. */
  async updatesOf(articleId: number): Promise<LiveUpdate[]> {
    const rows = await this.db
      .selectFrom("liveUpdates")
      .selectAll()
      .where("articleId", "=", articleId)
      .orderBy("pinned", "desc")
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .execute();
    return rows.map(toUpdate);
  }

  async update(updateId: number): Promise<LiveUpdate> {
    return toUpdate(await this.updateRow(updateId));
  }

  /** The article's events after `afterId`, oldest first, with each update as it is now. */
  async eventsAfter(articleId: number, afterId: number, limit = EVENTS_READ_AT_ONCE): Promise<LiveEvent[]> {
    const rows = await this.db
      .selectFrom("liveEvents")
      .leftJoin("liveUpdates", "liveUpdates.id", "liveEvents.updateId")
      .select([
        "liveEvents.id",
        "liveEvents.articleId",
        "liveEvents.kind",
        "liveEvents.updateId",
        "liveUpdates.body",
        "liveUpdates.pinned",
        "liveUpdates.keyEvent",
        "liveUpdates.createdAt",
        "liveUpdates.updatedAt",
      ])
      .where("liveEvents.articleId", "=", articleId)
      .where("liveEvents.id", ">", afterId)
      .orderBy("liveEvents.id")
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      articleId: row.articleId,
      kind: row.kind,
      updateId: row.updateId,
      update:
        row.kind === "deleted" || row.body === null
          ? null
          : toUpdate({
              id: row.updateId,
              articleId: row.articleId,
              body: row.body,
              pinned: row.pinned ?? 0,
              keyEvent: row.keyEvent ?? 0,
              createdAt: row.createdAt ?? "",
              updatedAt: row.updatedAt ?? "",
              authorUserId: null,
            }),
    }));
  }

  /** The article's newest event id (0 for none): where a new stream starts. */
  async latestEventId(articleId: number): Promise<number> {
    return (await this.latestEvent(articleId))?.id ?? 0;
  }

  /** The article's newest event: the page's stream starts after it, and its time is the page's last change. */
  async latestEvent(articleId: number): Promise<{ id: number; createdAt: string } | undefined> {
    return this.db
      .selectFrom("liveEvents")
      .select(["id", "createdAt"])
      .where("articleId", "=", articleId)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** The article when readers may see it at `now` and its story is (or was) covered live. */
  async readableLiveArticle(articleId: number, now: string): Promise<LiveArticle | undefined> {
    return this.db
      .selectFrom("articles")
      .innerJoin("liveCoverage", "liveCoverage.storyId", "articles.storyId")
      .select(["articles.id", "articles.storyId", "articles.edition"])
      .where("articles.id", "=", articleId)
      .where(visibleToReaders(now))
      .executeTakeFirst();
  }

  private async article(db: Db, articleId: number): Promise<LiveArticle> {
    const article = await db
      .selectFrom("articles")
      .select(["id", "storyId", "edition"])
      .where("id", "=", articleId)
      .executeTakeFirst();
    if (!article) throw new NotFoundError("article", articleId);
    return article;
  }

  /** The update and its article, once `actor` may change updates in the article's edition. */
  private async updateToChange(actor: Actor, updateId: number) {
    const existing = await this.updateRow(updateId);
    const article = await this.article(this.db, existing.articleId);
    assertCan(actor, "live.post", { edition: article.edition });
    return { existing, article };
  }

  private audit(
    trx: Db,
    actor: Actor,
    action: string,
    updateId: number,
    details: Record<string, unknown>,
    meta: AuditMeta,
  ): Promise<void> {
    return recordActorAudit(trx, actor, action, { type: "liveUpdate", id: updateId }, details, meta);
  }

  private async updateRow(updateId: number): Promise<LiveUpdateRow> {
    const row = await this.db
      .selectFrom("liveUpdates")
      .selectAll()
      .where("id", "=", updateId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError("live update", updateId);
    return row;
  }

  private async logEvent(
    trx: Db,
    log: { other(change: ContentChange): void },
    article: LiveArticle,
    updateId: number,
    kind: LiveEventKind,
    now: string,
  ): Promise<void> {
    await trx
      .insertInto("liveEvents")
      .values({ articleId: article.id, updateId, kind, createdAt: now })
      .execute();
    log.other({
      reasons: ["live.updated"],
      articleIds: [article.id],
      storyIds: [article.storyId],
      editions: [article.edition],
      tagIds: [],
    });
  }
}

function toUpdate(row: LiveUpdateRow): LiveUpdate {
  return {
    id: row.id,
    articleId: row.articleId,
    body: JSON.parse(row.body) as BodyDocument,
    pinned: row.pinned === 1,
    keyEvent: row.keyEvent === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
