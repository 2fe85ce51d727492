import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { Edition } from "../editions/edition.ts";
import { messagesFor } from "../shared/i18n/messages.ts";
import type { SiteUrls } from "./site-urls.ts";
import { ErrorPage } from "./views/error-page.tsx";
import { Layout, type PageHead } from "./views/layout.tsx";

export const stylesheet = readFileSync(new URL("./assets/site.css", import.meta.url));
export const stylesheetPath = `/assets/site.${createHash("sha256").update(stylesheet).digest("hex").slice(0, 10)}.css`;

/** Renders reader pages inside the site's layout, and the error pages every route may answer. */
export class SitePages {
  constructor(
    private readonly urls: SiteUrls,
    private readonly siteName: string,
  ) {}

  render(
    reply: FastifyReply,
    status: number,
    edition: Edition,
    head: PageHead,
    content: VNode,
  ): FastifyReply {
    const page = (
      <Layout
        edition={edition}
        messages={messagesFor(edition.code)}
        siteName={this.siteName}
        frontHref={this.urls.href(edition, this.urls.frontPath(), edition)}
        stylesheetHref={stylesheetPath}
        head={head}
      >
        {content}
      </Layout>
    );
    return reply
      .code(status)
      .type("text/html; charset=utf-8")
      .header("cache-control", cacheControlFor(status))
      .send(`<!doctype html>${renderToString(page)}`);
  }

  notFound(reply: FastifyReply, edition: Edition): FastifyReply {
    const messages = messagesFor(edition.code);
    return this.errorPage(reply, 404, edition, messages.notFoundTitle, messages.notFoundText);
  }

  serverError(reply: FastifyReply, edition: Edition): FastifyReply {
    const messages = messagesFor(edition.code);
    return this.errorPage(reply, 500, edition, messages.serverErrorTitle, messages.serverErrorText);
  }

  private errorPage(reply: FastifyReply, status: number, edition: Edition, title: string, text: string) {
    const messages = messagesFor(edition.code);
    return this.render(
      reply,
      status,
      edition,
      { title, robots: "noindex" },
      <ErrorPage
        title={title}
        text={text}
        frontHref={this.urls.href(edition, this.urls.frontPath(), edition)}
        frontLabel={messages.backToFrontPage}
      />,
    );
  }
}

/** Pages may be cached briefly (purging comes with the caching work); failures never are. */
function cacheControlFor(status: number): string {
  if (status === 200) return "public, max-age=60";
  if (status === 404 || status === 410) return "public, max-age=30";
  return "no-store";
}
