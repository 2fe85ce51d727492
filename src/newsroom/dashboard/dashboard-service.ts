import type { SelectQueryBuilder } from "kysely";
import { type Actor, can } from "../../accounts/authorization/policy.ts";
import { ownedBy, readableArticles } from "../../accounts/authorization/readable-articles.ts";
import { countPendingEdits } from "../../articles/pending-edits.ts";
import { ModerationQueue } from "../../comments/moderation/moderation-queue.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleStatus, Database } from "../../db/schema.ts";
import { nowIso } from "../../shared/validate.ts";
import { translationDesk } from "../translations/translation-desk.ts";

/** An article as a dashboard panel lists it. */
export interface DashboardItem {
  id: number;
  edition: string;
  title: string;
  status: ArticleStatus;
  updatedAt: string;
  publishedAt: string | null;
}

/** A panel: how many there are in all, and the first few. */
export interface DashboardPanel<T = DashboardItem> {
  count: number;
  items: T[];
}

export interface ReviewItem extends DashboardItem {
  /** The newest review note on the article, if any. */
  note: { text: string; by: string; at: string } | null;
}

export interface EditionCount {
  edition: string;
  count: number;
}

export interface Dashboard {
  myDrafts: DashboardPanel;
  waitingForReview: DashboardPanel<ReviewItem>;
  scheduled: DashboardPanel;
  recentlyPublished: DashboardItem[];
  /** Per edition the user translates or edits; null for a role that sees no translation work. */
  outdatedTranslations: EditionCount[] | null;
  /** Per edition; null unless the user moderates comments. */
  pendingComments: EditionCount[] | null;
  /** Edits to live articles waiting for approval; null unless the user may apply them. */
  pendingEdits: number | null;
}

/** How many items a panel shows; its count says how many there are in all. */
const PANEL_SIZE = 8;

type ArticleQuery = SelectQueryBuilder<Database, "articles", object>;

/**
 * The newsroom's home for `actor`: their drafts, what waits for review and when, what is scheduled,
 * the translations behind their originals and the comments waiting, per edition; only articles the
 * role may read are counted or listed.
 */
export async function loadDashboard(db: Db, actor: Actor, editions: readonly string[]): Promise<Dashboard> {
  const now = nowIso();
  const readable = db.selectFrom("articles").where(readableArticles(actor, now));
  const mine = readable.where((eb) => ownedBy(eb, actor.id)).where("articles.status", "=", "draft");
  const review = readable.where("articles.status", "=", "review");
  const scheduled = readable
    .where("articles.status", "=", "scheduled")
    .where("articles.publishedAt", ">", now);
  const [myDrafts, waiting, upcoming, recentlyPublished, outdated, comments, pendingEdits] =
    await Promise.all([
      panel(mine, "updatedAt"),
      panel(review, "updatedAt"),
      panel(scheduled, "publishedAt"),
      items(
        readable
          .where("articles.status", "in", ["published", "scheduled"])
          .where("articles.publishedAt", "<=", now)
          .orderBy("articles.publishedAt", "desc"),
      ),
      outdatedTranslations(db, actor, editions),
      pendingComments(db, actor, editions),
      can(actor, "article.editLive", {}) ? countPendingEdits(db) : null,
    ]);
  return {
    myDrafts,
    waitingForReview: { count: waiting.count, items: await withNotes(db, waiting.items) },
    scheduled: upcoming,
    recentlyPublished,
    outdatedTranslations: outdated,
    pendingComments: comments,
    pendingEdits,
  };
}

async function panel(query: ArticleQuery, order: "updatedAt" | "publishedAt"): Promise<DashboardPanel> {
  const [count, listed] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
    // Waiting the longest first for what is waiting; the soonest first for what is scheduled.
    items(query.orderBy(`articles.${order}`, "asc")),
  ]);
  return { count: Number(count.count), items: listed };
}

function items(query: ArticleQuery): Promise<DashboardItem[]> {
  return query
    .select([
      "articles.id",
      "articles.edition",
      "articles.title",
      "articles.status",
      "articles.updatedAt",
      "articles.publishedAt",
    ])
    .orderBy("articles.id", "desc")
    .limit(PANEL_SIZE)
    .execute();
}

async function withNotes(db: Db, listed: DashboardItem[]): Promise<ReviewItem[]> {
  if (listed.length === 0) return [];
  const notes = await db
    .selectFrom("reviewNotes")
    .innerJoin("users", "users.id", "reviewNotes.authorUserId")
    .select(["reviewNotes.articleId", "reviewNotes.text", "reviewNotes.createdAt", "users.name"])
    .where(
      "reviewNotes.articleId",
      "in",
      listed.map((item) => item.id),
    )
    .orderBy("reviewNotes.id", "desc")
    .execute();
  return listed.map((item) => {
    const note = notes.find((candidate) => candidate.articleId === item.id);
    return { ...item, note: note ? { text: note.text, by: note.name, at: note.createdAt } : null };
  });
}

/** Outdated translations per edition, as the translation desk counts them (its newest stories). */
async function outdatedTranslations(
  db: Db,
  actor: Actor,
  editions: readonly string[],
): Promise<EditionCount[] | null> {
  if (actor.role === "contributor") return null;
  const desk = await translationDesk(db, actor, editions, { state: "outdated" });
  return desk.editions.map((edition) => ({
    edition,
    count: desk.stories.filter((story) =>
      story.editions.some((entry) => entry.edition === edition && entry.state === "outdated"),
    ).length,
  }));
}

async function pendingComments(
  db: Db,
  actor: Actor,
  editions: readonly string[],
): Promise<EditionCount[] | null> {
  if (!can(actor, "comment.moderate", {})) return null;
  const queue = new ModerationQueue(db);
  return Promise.all(
    editions.map(async (edition) => ({ edition, count: (await queue.counts(actor, edition)).pending })),
  );
}
