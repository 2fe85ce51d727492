import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { Edition } from "../editions/edition.ts";
import type { Editions } from "../editions/edition-service.ts";
import { messagesFor } from "../shared/i18n/messages.ts";
import type { ReaderService } from "./reader-service.ts";
import type { SiteUrls } from "./site-urls.ts";
import { ArticlePage } from "./views/article-page.tsx";
import { ErrorPage } from "./views/error-page.tsx";
import { FrontPage } from "./views/front-page.tsx";
import { Layout, type PageHead } from "./views/layout.tsx";
import { TagPage } from "./views/tag-page.tsx";

export interface SiteDependencies {
  reader: ReaderService;
  editions: Editions;
  urls: SiteUrls;
  siteName: string;
}

const stylesheet = readFileSync(new URL("./assets/site.css", import.meta.url));
const stylesheetPath = `/assets/site.${createHash("sha256").update(stylesheet).digest("hex").slice(0, 10)}.css`;
const ARTICLE_PATH = /^\/(\d{4})\/(\d{2})\/(\d{2})\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const TAG_PATH = /^\/tag\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** The reader site: front pages, articles and tag archives of every edition, by prefix or by host. */
export function registerSiteRoutes(app: FastifyInstance, deps: SiteDependencies): void {
  const { reader, editions, urls } = deps;

  app.get(stylesheetPath, async (_request, reply) =>
    reply
      .type("text/css; charset=utf-8")
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(stylesheet),
  );

  app.get("/healthz", async () => ({ status: "ok" }));

  const render = (reply: FastifyReply, status: number, edition: Edition, head: PageHead, content: VNode) => {
    const page = (
      <Layout
        edition={edition}
        messages={messagesFor(edition.code)}
        siteName={deps.siteName}
        frontHref={urls.href(edition, urls.frontPath(), edition)}
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
  };

  const notFound = (reply: FastifyReply, edition: Edition) => {
    const messages = messagesFor(edition.code);
    return render(
      reply,
      404,
      edition,
      { title: messages.notFoundTitle, robots: "noindex" },
      <ErrorPage
        title={messages.notFoundTitle}
        text={messages.notFoundText}
        frontHref={urls.href(edition, urls.frontPath(), edition)}
        frontLabel={messages.backToFrontPage}
      />,
    );
  };

  const dispatch = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split("?")[0] ?? "/";
    const located = locate(editions, request.headers.host ?? "", path);
    if (!located) {
      if (path === "/") return reply.redirect(`${editions.default.prefix}/`, 302);
      return notFound(reply, editions.default);
    }
    const { edition, rest } = located;
    try {
      return await renderEditionPath(reply, edition, rest);
    } catch (error) {
      // A reader gets a page in their language, never a stack trace; the log gets the error.
      request.log.error({ err: error }, "reader page failed");
      const messages = messagesFor(edition.code);
      return render(
        reply,
        500,
        edition,
        { title: messages.serverErrorTitle, robots: "noindex" },
        <ErrorPage
          title={messages.serverErrorTitle}
          text={messages.serverErrorText}
          frontHref={urls.href(edition, urls.frontPath(), edition)}
          frontLabel={messages.backToFrontPage}
        />,
      );
    }
  };

  const renderEditionPath = async (reply: FastifyReply, edition: Edition, rest: string) => {
    const messages = messagesFor(edition.code);
    const now = new Date().toISOString();

    if (rest === "") return reply.redirect(`${edition.prefix}/`, 301);
    if (rest === "/") {
      const stories = await reader.latest(edition, now);
      return render(
        reply,
        200,
        edition,
        {
          title: messages.frontPageTitle,
          canonicalUrl: urls.absolute(edition, "/"),
          alternates: editions.all.map((e) => ({ hreflang: e.code, href: urls.absolute(e, "/") })),
        },
        <FrontPage stories={stories} edition={edition} messages={messages} />,
      );
    }

    const article = ARTICLE_PATH.exec(rest);
    if (article?.[4]) {
      const page = await reader.articlePage(edition, article[4], now);
      if (!page) return notFound(reply, edition);
      const expected = `${article[1]}-${article[2]}-${article[3]}`;
      if (urls.publicationDay(edition, page.article.publishedAt) !== expected) {
        return reply.redirect(page.canonicalUrl, 301);
      }
      const original =
        page.translations.find((t) => t.edition.code === page.originalEdition) ?? page.translations[0];
      return render(
        reply,
        200,
        edition,
        {
          title: page.article.title,
          description: page.article.summary,
          canonicalUrl: page.canonicalUrl,
          alternates:
            page.translations.length > 1
              ? [
                  ...page.translations.map((t) => ({ hreflang: t.edition.code, href: t.absoluteUrl })),
                  ...(original ? [{ hreflang: "x-default", href: original.absoluteUrl }] : []),
                ]
              : [],
        },
        <ArticlePage page={page} messages={messages} />,
      );
    }

    const tagMatch = TAG_PATH.exec(rest);
    if (tagMatch?.[1]) {
      const tag = await reader.findTag(edition, tagMatch[1]);
      if (!tag) return notFound(reply, edition);
      const stories = await reader.latestForTag(edition, tag.id, now);
      return render(
        reply,
        200,
        edition,
        {
          title: messages.tagArchiveTitle(tag.name),
          canonicalUrl: urls.absolute(edition, urls.tagPath(tag.slug)),
        },
        <TagPage name={tag.name} stories={stories} edition={edition} messages={messages} />,
      );
    }
    return notFound(reply, edition);
  };

  app.get("/", dispatch);
  app.get("/*", dispatch);
  app.setNotFoundHandler((request, reply) => {
    const located = locate(editions, request.headers.host ?? "", request.url.split("?")[0] ?? "/");
    return notFound(reply, located?.edition ?? editions.default);
  });
}

/** Pages may be cached briefly (purging comes with the caching work); failures never are. */
function cacheControlFor(status: number): string {
  if (status === 200) return "public, max-age=60";
  if (status === 404) return "public, max-age=30";
  return "no-store";
}

/** Which edition a request is for (by host, then by path prefix) and the path inside it. */
export function locate(
  editions: Editions,
  host: string,
  path: string,
): { edition: Edition; rest: string } | undefined {
  const byHost = editions.byHost(host);
  if (byHost) {
    const rest = byHost.prefix && path.startsWith(byHost.prefix) ? path.slice(byHost.prefix.length) : path;
    return { edition: byHost, rest };
  }
  for (const edition of editions.all) {
    if (edition.host !== null) continue;
    if (path === edition.prefix || path.startsWith(`${edition.prefix}/`)) {
      return { edition, rest: path.slice(edition.prefix.length) };
    }
  }
  return undefined;
}
