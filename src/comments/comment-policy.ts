import type { Db } from "../db/database.ts";
import type { CommentConfig, CommentPolicyName } from "./comment-config.ts";

/** An edition's rule for new comments. */
export interface EditionPolicy {
  policy: CommentPolicyName;
  /** Threads close this many days after the article's publication; null: never by age. */
  closeAfterDays: number | null;
}

/** Why a thread takes no new comments, or null when it does. */
export type ClosedBecause = "edition" | "article" | "age" | null;

/** The rule for one article's thread: its edition's, plus whether it is closed and why. */
export interface ThreadPolicy extends EditionPolicy {
  closed: ClosedBecause;
}

const DAY_MS = 86_400_000;

/** Comment policies per edition (stored, or the configured default) and threads closed per article. */
export class CommentPolicies {
  constructor(
    private readonly db: Db,
    private readonly config: Pick<CommentConfig, "defaultPolicies" | "closeAfterDays">,
  ) {}

  async forEdition(edition: string): Promise<EditionPolicy> {
    const row = await this.db
      .selectFrom("commentPolicies")
      .select(["policy", "closeAfterDays"])
      .where("edition", "=", edition)
      .executeTakeFirst();
    if (row) return { policy: row.policy as CommentPolicyName, closeAfterDays: row.closeAfterDays };
    return {
      policy: this.config.defaultPolicies[edition] ?? "premoderate-first",
      closeAfterDays: this.config.closeAfterDays,
    };
  }

  /** The rule for an article's thread at `now`. */
  async forArticle(
    article: { id: number; edition: string; publishedAt: string | null },
    now: string,
  ): Promise<ThreadPolicy> {
    const [edition, closedRow] = await Promise.all([
      this.forEdition(article.edition),
      this.db
        .selectFrom("commentClosedArticles")
        .select("articleId")
        .where("articleId", "=", article.id)
        .executeTakeFirst(),
    ]);
    return { ...edition, closed: closedBecause(edition, closedRow !== undefined, article.publishedAt, now) };
  }

  /** Stores an edition's policy (the caller checks who may, and records it in the audit log). */
  async setForEdition(
    db: Db,
    edition: string,
    policy: EditionPolicy,
    userId: number | null,
    now: string,
  ): Promise<void> {
    await db
      .insertInto("commentPolicies")
      .values({
        edition,
        policy: policy.policy,
        closeAfterDays: policy.closeAfterDays,
        updatedAt: now,
        updatedByUserId: userId,
      })
      .onConflict((oc) =>
        oc.column("edition").doUpdateSet({
          policy: policy.policy,
          closeAfterDays: policy.closeAfterDays,
          updatedAt: now,
          updatedByUserId: userId,
        }),
      )
      .execute();
  }

  /** Closes or reopens one article's thread. */
  async setArticleClosed(
    db: Db,
    articleId: number,
    closed: boolean,
    userId: number | null,
    now: string,
  ): Promise<void> {
    if (!closed) {
      await db.deleteFrom("commentClosedArticles").where("articleId", "=", articleId).execute();
      return;
    }
    await db
      .insertInto("commentClosedArticles")
      .values({ articleId, closedAt: now, closedByUserId: userId })
      .onConflict((oc) => oc.column("articleId").doNothing())
      .execute();
  }
}

/** Whether a thread is closed, and by which rule: the edition's, the article's own, or its age. */
export function closedBecause(
  policy: EditionPolicy,
  articleClosed: boolean,
  publishedAt: string | null,
  now: string,
): ClosedBecause {
  if (policy.policy === "closed") return "edition";
  if (articleClosed) return "article";
  if (policy.closeAfterDays !== null && publishedAt !== null) {
    if (Date.parse(now) - Date.parse(publishedAt) > policy.closeAfterDays * DAY_MS) return "age";
  }
  return null;
}
