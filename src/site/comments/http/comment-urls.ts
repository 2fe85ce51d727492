import type { CommentedArticle } from "../../../comments/comment-articles.ts";
import type { ThreadOrder } from "../../../comments/thread-service.ts";
import type { Edition } from "../../../editions/edition.ts";
import type { SiteUrls } from "../../../editions/site-urls.ts";

/** The addresses of the comment pages, inside an edition. */
export class CommentUrls {
  constructor(private readonly urls: SiteUrls) {}

  /** `/{yyyy}/{mm}/{dd}/{slug}/comments`, the thread's own page. */
  threadPath(edition: Edition, article: Pick<CommentedArticle, "publishedAt" | "slug">): string {
    return `${this.urls.articlePath(edition, article.publishedAt, article.slug)}/comments`;
  }

  thread(
    edition: Edition,
    article: Pick<CommentedArticle, "publishedAt" | "slug">,
    options: { order?: ThreadOrder; page?: number; notice?: string; reply?: number } = {},
  ): string {
    const params = new URLSearchParams();
    if (options.order && options.order !== "oldest") params.set("order", options.order);
    if (options.page && options.page > 1) params.set("page", String(options.page));
    if (options.reply) params.set("reply", String(options.reply));
    if (options.notice) params.set("notice", options.notice);
    const query = params.size > 0 ? `?${params}` : "";
    return this.urls.href(edition, this.threadPath(edition, article), edition) + query;
  }

  article(edition: Edition, article: Pick<CommentedArticle, "publishedAt" | "slug">): string {
    return this.urls.href(
      edition,
      this.urls.articlePath(edition, article.publishedAt, article.slug),
      edition,
    );
  }

  /** Inside an edition, for links between its own pages. */
  href(edition: Edition, path: string): string {
    return this.urls.href(edition, path, edition);
  }

  absolute(edition: Edition, path: string): string {
    return this.urls.absolute(edition, path);
  }

  count(edition: Edition, articleId: number): string {
    return this.href(edition, `/comments/count?article=${articleId}`);
  }

  flag(edition: Edition, commentId: number): string {
    return this.href(edition, `/comments/${commentId}/flag`);
  }
}
