// Audience numbers written straight into the tables, for the reports' tests: the beacon that
// counts them is another part's, and a test of the reports must not depend on it.

import type { Db } from "../../db/database.ts";
import type { CommentStatus } from "../../db/schema.ts";

/** Adds `views` to an article's hour (`2026-12-07T14:00:00Z`) and referrer kind; the edition is the article's. */
export async function addViews(
  db: Db,
  rows: readonly { articleId: number; hour: string; views: number; referrerKind?: string }[],
): Promise<void> {
  for (const row of rows) {
    const article = await db
      .selectFrom("articles")
      .select("edition")
      .where("id", "=", row.articleId)
      .executeTakeFirstOrThrow();
    const referrerKind = row.referrerKind ?? "direct";
    await db
      .insertInto("audienceViews")
      .values({
        hour: row.hour,
        articleId: row.articleId,
        edition: article.edition,
        referrerKind,
        views: row.views,
      })
      .onConflict((oc) =>
        oc
          .columns(["hour", "articleId", "referrerKind"])
          .doUpdateSet((eb) => ({ views: eb("audienceViews.views", "+", eb.ref("excluded.views")) })),
      )
      .execute();
  }
}

let commentsAdded = 0;

/** A reader's comment on an article at `createdAt` (an ISO instant with milliseconds, as the site writes them). */
export async function addComment(
  db: Db,
  comment: { articleId: number; createdAt: string; status?: CommentStatus },
): Promise<void> {
  const article = await db
    .selectFrom("articles")
    .select("edition")
    .where("id", "=", comment.articleId)
    .executeTakeFirstOrThrow();
  commentsAdded++;
  await db
    .insertInto("comments")
    .values({
      articleId: comment.articleId,
      status: comment.status ?? "approved",
      authorName: "Test reader",
      authorEmail: `reader-${commentsAdded}@example.org`,
      body: `Comment ${commentsAdded}`,
      createdAt: comment.createdAt,
      edition: article.edition,
      emailHash: `test-email-${commentsAdded}`,
      fingerprint: `test-fingerprint-${commentsAdded}`,
    })
    .execute();
}

/** A story of the demo site with an article in both editions, for translation reach. */
export async function storyInTwoEditions(
  db: Db,
  first: string,
  second: string,
): Promise<{ storyId: number; articles: Record<string, number> }> {
  const rows = await db
    .selectFrom("articles")
    .select(["id", "storyId", "edition"])
    .where("edition", "in", [first, second])
    .orderBy("id")
    .execute();
  for (const row of rows) {
    const other = rows.find((r) => r.storyId === row.storyId && r.edition !== row.edition);
    if (row.edition === first && other) {
      return { storyId: row.storyId, articles: { [first]: row.id, [second]: other.id } };
    }
  }
  throw new Error(`the demo site has no story in both ${first} and ${second}`);
}
