import type { Db } from "../db/database.ts";

/** Reader comments; this first cut only counts what readers can see. */
export class CommentService {
  constructor(private readonly db: Db) {}

  /** Approved comments of an article: the number on "Show comments (N)". */
  async countVisible(articleId: number): Promise<number> {
    const row = await this.db
      .selectFrom("comments")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("articleId", "=", articleId)
      .where("status", "=", "approved")
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
