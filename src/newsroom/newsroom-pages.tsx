import type { FastifyReply, FastifyRequest } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { hashedAsset } from "../http/hashed-asset.ts";
import { ErrorPanel } from "./views/error-panel.tsx";
import { NewsroomLayout, type NewsroomLayoutProps } from "./views/newsroom-layout.tsx";

/** Outside /newsroom on purpose: a hashed, immutable asset, while every /newsroom response is no-store. */
export const newsroomStylesheet = hashedAsset(new URL("./views/newsroom.css", import.meta.url), "newsroom");
export const newsroomStylesheetPath = newsroomStylesheet.path;

/** What a page passes besides its content; the user, CSRF token and site name come from the request. */
export type NewsroomPageOptions = Pick<
  NewsroomLayoutProps,
  "title" | "current" | "scripts" | "stylesheets" | "narrow"
> & {
  status?: number;
};

/** Renders newsroom pages inside the NewsroomLayout. */
export class NewsroomPages {
  /** `identity.siteName` is read at every render: admins may rename the site without a restart. */
  constructor(private readonly identity: { readonly siteName: string }) {}

  get siteName(): string {
    return this.identity.siteName;
  }

  render(
    request: FastifyRequest,
    reply: FastifyReply,
    options: NewsroomPageOptions,
    content: VNode,
  ): FastifyReply {
    const page = (
      <NewsroomLayout
        title={options.title}
        siteName={this.siteName}
        stylesheetHref={newsroomStylesheetPath}
        user={request.newsroomUser}
        // Empty only when an error struck before the token was made; such a page has no forms to use.
        csrfToken={request.newsroomCsrfToken ?? ""}
        current={options.current}
        scripts={options.scripts}
        stylesheets={options.stylesheets}
        narrow={options.narrow}
      >
        {content}
      </NewsroomLayout>
    );
    return reply
      .code(options.status ?? 200)
      .type("text/html; charset=utf-8")
      .send(`<!doctype html>${renderToString(page)}`);
  }

  /** A page that says what went wrong and what to do (403, 404, 410, 429…). */
  error(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    title: string,
    message: string,
  ): FastifyReply {
    return this.render(
      request,
      reply,
      { title, status, narrow: true },
      <ErrorPanel title={title} message={message} />,
    );
  }
}
