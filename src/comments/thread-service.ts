import type { Db } from "../db/database.ts";
import type { CommentedArticle } from "./comment-articles.ts";
import { buildThreads, type ThreadComment, type ThreadRow } from "./thread-tree.ts";

export type ThreadOrder = "oldest" | "newest";

export interface ThreadPage {
  /** Published comments of the article, replies included. */
  total: number;
  comments: ThreadComment[];
  page: number;
  pageCount: number;
  order: ThreadOrder;
}

const ROW_COLUMNS = [
  "id",
  "parentId",
  "rootId",
  "status",
  "authorName",
  "verifiedReaderId",
  "createdAt",
  "editedAt",
  "body",
] as const;

/** What readers see of threads: counts and pages of top-level comments with their replies. */
export class ThreadService {
  constructor(
    private readonly db: Db,
    /** Top-level comments per page; their replies come along whatever their number. */
    private readonly pageSize = 50,
  ) {}

  /** Published comments of an article: the N of "Show comments (N)". */
  async countVisible(articleId: number): Promise<number> {
    const row = await this.db
      .selectFrom("comments")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("articleId", "=", articleId)
      .where("status", "=", "approved")
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** One page of an article's thread; a page past the end is the last one. */
  async threadPage(
    article: CommentedArticle,
    order: ThreadOrder,
    requestedPage: number,
  ): Promise<ThreadPage> {
    // Top-level comments that show: published ones, and removed ones that published replies hang on.
    const shownRoots = this.db
      .selectFrom("comments as c")
      .where("c.articleId", "=", article.id)
      .where("c.rootId", "is", null)
      .where((eb) =>
        eb.or([
          eb("c.status", "=", "approved"),
          eb.exists(
            eb
              .selectFrom("comments as r")
              .select("r.id")
              .whereRef("r.rootId", "=", "c.id")
              .where("r.status", "=", "approved"),
          ),
        ]),
      );
    const [total, rootCount] = await Promise.all([
      this.countVisible(article.id),
      shownRoots.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
    ]);
    const pageCount = Math.max(1, Math.ceil(Number(rootCount.count) / this.pageSize));
    const page = Math.min(Math.max(1, requestedPage), pageCount);
    const direction = order === "newest" ? "desc" : "asc";
    const roots = (await shownRoots
      .select(ROW_COLUMNS.map((column) => `c.${column}` as const))
      .orderBy("c.createdAt", direction)
      .orderBy("c.id", direction)
      .limit(this.pageSize)
      .offset((page - 1) * this.pageSize)
      .execute()) as ThreadRow[];
    const descendants: ThreadRow[] =
      roots.length === 0
        ? []
        : await this.db
            .selectFrom("comments")
            .select(ROW_COLUMNS)
            .where(
              "rootId",
              "in",
              roots.map((root) => root.id),
            )
            .orderBy("createdAt", "asc")
            .orderBy("id", "asc")
            .execute();
    return { total, comments: buildThreads(roots, descendants), page, pageCount, order };
  }
}
