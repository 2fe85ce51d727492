import type { SelectQueryBuilder } from "kysely";
import { type Actor, assertCan } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import type { CommentStatus, Database } from "../../db/schema.ts";

export const QUEUE_TABS = ["pending", "flagged", "spam"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

/** A comment as moderators see it: the text and where it stands, the commenter by hashes only. */
export interface QueueItem {
  id: number;
  status: CommentStatus;
  reviewReason: string | null;
  flagsCount: number;
  authorName: string;
  verified: boolean;
  emailHash: string;
  ipHash: string | null;
  createdAt: string;
  editedAt: string | null;
  body: string;
  parent: { id: number; authorName: string; body: string } | null;
  article: {
    id: number;
    edition: string;
    title: string;
    slug: string;
    publishedAt: string | null;
    closed: boolean;
  };
  /** The commenter's record (by e-mail hash): comments by status. */
  record: Partial<Record<CommentStatus, number>>;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pageCount: number;
}

const PAGE_SIZE = 50;

type CommentQuery = SelectQueryBuilder<Database, "comments", object>;

/** Which comments a tab holds. "flagged": sent back by flags, or published with flags pending a look. */
function inTab(query: CommentQuery, tab: QueueTab): CommentQuery {
  if (tab === "spam") return query.where("comments.status", "=", "spam");
  if (tab === "pending") {
    return query
      .where("comments.status", "=", "pending")
      .where((eb) =>
        eb.or([eb("comments.reviewReason", "is", null), eb("comments.reviewReason", "!=", "flagged")]),
      );
  }
  return query.where((eb) =>
    eb.or([
      eb.and([eb("comments.status", "=", "pending"), eb("comments.reviewReason", "=", "flagged")]),
      eb.and([eb("comments.status", "=", "approved"), eb("comments.flagsCount", ">", 0)]),
    ]),
  );
}

/** Reading the moderation queues and a commenter's history; the actions are in ModerationService. */
export class ModerationQueue {
  constructor(private readonly db: Db) {}

  /** How many comments wait in each tab of an edition. */
  async counts(actor: Actor, edition: string): Promise<Record<QueueTab, number>> {
    assertCan(actor, "comment.moderate", { edition });
    const entries = await Promise.all(
      QUEUE_TABS.map(async (tab) => {
        const row = await inTab(this.base(edition), tab)
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .executeTakeFirstOrThrow();
        return [tab, Number(row.count)] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<QueueTab, number>;
  }

  /** One page of a tab: pending oldest first (first come, first served), flagged most flagged first, spam newest first. */
  async queue(actor: Actor, edition: string, tab: QueueTab, requestedPage = 1): Promise<QueuePage> {
    assertCan(actor, "comment.moderate", { edition });
    const totalRow = await inTab(this.base(edition), tab)
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    const total = Number(totalRow.count);
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(Math.max(1, requestedPage), pageCount);
    let query = inTab(this.base(edition), tab).select("comments.id");
    if (tab === "flagged") query = query.orderBy("comments.flagsCount", "desc").orderBy("comments.id", "asc");
    else if (tab === "spam") query = query.orderBy("comments.id", "desc");
    else query = query.orderBy("comments.id", "asc");
    const ids = (
      await query
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .execute()
    ).map((row) => row.id);
    return { items: await this.items(ids), total, page, pageCount };
  }

  /** Comments by id, in that order, as queue items. */
  async items(ids: readonly number[]): Promise<QueueItem[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom("comments")
      .innerJoin("articles", "articles.id", "comments.articleId")
      .leftJoin("comments as parent", "parent.id", "comments.parentId")
      .leftJoin("commentClosedArticles", "commentClosedArticles.articleId", "comments.articleId")
      .select([
        "comments.id",
        "comments.status",
        "comments.reviewReason",
        "comments.flagsCount",
        "comments.authorName",
        "comments.verifiedReaderId",
        "comments.emailHash",
        "comments.ipHash",
        "comments.createdAt",
        "comments.editedAt",
        "comments.body",
        "parent.id as parentId",
        "parent.authorName as parentName",
        "parent.body as parentBody",
        "articles.id as articleId",
        "articles.edition",
        "articles.title",
        "articles.slug",
        "articles.publishedAt",
        "commentClosedArticles.articleId as closedArticleId",
      ])
      .where("comments.id", "in", ids)
      .execute();
    const records = await this.records([...new Set(rows.map((row) => row.emailHash))]);
    const byId = new Map(
      rows.map((row): [number, QueueItem] => [
        row.id,
        {
          id: row.id,
          status: row.status,
          reviewReason: row.reviewReason,
          flagsCount: row.flagsCount,
          authorName: row.authorName,
          verified: row.verifiedReaderId !== null,
          emailHash: row.emailHash,
          ipHash: row.ipHash,
          createdAt: row.createdAt,
          editedAt: row.editedAt,
          body: row.body,
          parent:
            row.parentId !== null && row.parentId !== undefined
              ? { id: row.parentId, authorName: row.parentName ?? "", body: row.parentBody ?? "" }
              : null,
          article: {
            id: row.articleId,
            edition: row.edition,
            title: row.title,
            slug: row.slug,
            publishedAt: row.publishedAt,
            closed: row.closedArticleId !== null && row.closedArticleId !== undefined,
          },
          record: records.get(row.emailHash) ?? {},
        },
      ]),
    );
    return ids.map((id) => byId.get(id)).filter((item): item is QueueItem => item !== undefined);
  }

  /** Everything a commenter (by e-mail hash) posted, newest first, in every edition. */
  async history(actor: Actor, emailHash: string, limit = 200): Promise<QueueItem[]> {
    assertCan(actor, "comment.moderate");
    const ids = await this.db
      .selectFrom("comments")
      .select("id")
      .where("emailHash", "=", emailHash)
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return this.items(ids.map((row) => row.id));
  }

  private base(edition: string): CommentQuery {
    return this.db.selectFrom("comments").where("comments.edition", "=", edition);
  }

  private async records(hashes: string[]): Promise<Map<string, Partial<Record<CommentStatus, number>>>> {
    const records = new Map<string, Partial<Record<CommentStatus, number>>>();
    if (hashes.length === 0) return records;
    const rows = await this.db
      .selectFrom("comments")
      .select(["emailHash", "status", (eb) => eb.fn.countAll<number>().as("count")])
      .where("emailHash", "in", hashes)
      .groupBy(["emailHash", "status"])
      .execute();
    for (const row of rows) {
      const record = records.get(row.emailHash) ?? {};
      record[row.status] = Number(row.count);
      records.set(row.emailHash, record);
    }
    return records;
  }
}
