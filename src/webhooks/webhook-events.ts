import { randomUUID } from "node:crypto";
import { isVisibleAt } from "../content/story-change.ts";
import type { Db } from "../db/database.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import type { ChangeReason, ContentChange } from "../shared/content-events.ts";

/** The events a webhook may ask for. */
export const WEBHOOK_EVENTS = [
  "article.published",
  "article.updated",
  "article.unpublished",
  "comment.posted",
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly unknown[]).includes(value);
}

/**
 * Which webhook event a change's reason is, for articles. "Updated" is a published article saved
 * again: its text (with or without a new slug) or a correction readers see.
 */
const ARTICLE_EVENTS: Partial<Record<ChangeReason, WebhookEvent>> = {
  "article.published": "article.published",
  "schedule.due": "article.published",
  "article.updated": "article.updated",
  "article.renamed": "article.updated",
  "article.corrected": "article.updated",
  "article.unpublished": "article.unpublished",
};

/** One event about to be sent: the JSON body every hook that wants it receives. */
export interface WebhookMessage {
  id: string;
  event: WebhookEvent;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface WebhookMessageContext {
  editions: Editions;
  urls: SiteUrls;
}

/**
 * The events `changes` are, with their data read from `db` (the unit's transaction: what is about
 * to be committed). An article event is sent only when the article is in the state it names: a
 * "published" that made it visible, an "updated" of a visible article, an "unpublished" of one
 * readers no longer see.
 */
export async function messagesFor(
  db: Db,
  changes: readonly ContentChange[],
  context: WebhookMessageContext,
  now = new Date().toISOString(),
): Promise<WebhookMessage[]> {
  const messages: WebhookMessage[] = [];
  // The articles of every change read at once: a unit that wrote an import batch logged hundreds.
  const articles = await articlesOf(
    db,
    changes.flatMap((change) =>
      change.reasons.some((reason) => ARTICLE_EVENTS[reason]) ? change.articleIds : [],
    ),
  );
  for (const change of changes) {
    for (const reason of change.reasons) {
      const event = ARTICLE_EVENTS[reason];
      if (event) messages.push(...articleMessages(articles, event, change.articleIds, context, now));
    }
    if (change.postedCommentIds && change.postedCommentIds.length > 0) {
      messages.push(...(await commentMessages(db, change.postedCommentIds, context, now)));
    }
  }
  return messages;
}

/** Bounds the parameters of one statement. */
const ARTICLES_PER_QUERY = 500;

/** The articles with these ids, by id, ordered by id. */
async function articlesOf(db: Db, articleIds: readonly number[]) {
  const ids = [...new Set(articleIds)].sort((a, b) => a - b);
  const rows = [];
  for (let i = 0; i < ids.length; i += ARTICLES_PER_QUERY) {
    rows.push(
      ...(await db
        .selectFrom("articles")
        .select([
          "id",
          "storyId",
          "edition",
          "slug",
          "title",
          "summary",
          "status",
          "publishedAt",
          "updatedAt",
        ])
        .where("id", "in", ids.slice(i, i + ARTICLES_PER_QUERY))
        .orderBy("id")
        .execute()),
    );
  }
  return rows;
}

function articleMessages(
  articles: Awaited<ReturnType<typeof articlesOf>>,
  event: WebhookEvent,
  articleIds: readonly number[],
  context: WebhookMessageContext,
  now: string,
): WebhookMessage[] {
  const ofChange = new Set(articleIds);
  const wanted = articles.filter(
    (article) =>
      ofChange.has(article.id) &&
      (event === "article.unpublished" ? !isVisibleAt(article, now) : isVisibleAt(article, now)),
  );
  return wanted.map((article) => ({
    id: randomUUID(),
    event,
    occurredAt: now,
    data: {
      articleId: article.id,
      storyId: article.storyId,
      edition: article.edition,
      slug: article.slug,
      title: article.title,
      summary: article.summary,
      status: article.status,
      publishedAt: article.publishedAt,
      updatedAt: article.updatedAt,
      // An unpublished article has no address readers can open.
      url:
        event === "article.unpublished" || article.publishedAt === null
          ? null
          : articleUrl(context, article.edition, article.publishedAt, article.slug),
    },
  }));
}

async function commentMessages(
  db: Db,
  commentIds: readonly number[],
  context: WebhookMessageContext,
  now: string,
): Promise<WebhookMessage[]> {
  const comments = await db
    .selectFrom("comments")
    .innerJoin("articles", "articles.id", "comments.articleId")
    .select([
      "comments.id",
      "comments.articleId",
      "comments.parentId",
      "comments.authorName",
      "comments.body",
      "comments.createdAt",
      "articles.storyId",
      "articles.edition",
      "articles.slug",
      "articles.title",
      "articles.publishedAt",
    ])
    .where("comments.id", "in", [...commentIds])
    .where("comments.status", "=", "approved")
    .orderBy("comments.id")
    .execute();
  return comments.map((comment) => ({
    id: randomUUID(),
    event: "comment.posted" as const,
    occurredAt: now,
    data: {
      commentId: comment.id,
      parentId: comment.parentId,
      authorName: comment.authorName,
      text: comment.body,
      postedAt: comment.createdAt,
      articleId: comment.articleId,
      storyId: comment.storyId,
      edition: comment.edition,
      title: comment.title,
      url:
        comment.publishedAt === null
          ? null
          : articleUrl(context, comment.edition, comment.publishedAt, comment.slug),
    },
  }));
}

function articleUrl(context: WebhookMessageContext, code: string, publishedAt: string, slug: string): string {
  const edition = context.editions.get(code);
  return context.urls.absolute(edition, context.urls.articlePath(edition, publishedAt, slug));
}
