import type { FastifyInstance } from "fastify";
import { editionFeedLinks } from "../../feeds/feed-links.ts";
import type { RelatedService } from "../../related/related-service.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";
import { nowIso } from "../../shared/validate.ts";
import type { ArticlePageData, ReaderService } from "../../site/reader-service.ts";
import { articleMetadata } from "../../site/seo/article-metadata.ts";
import { SitePages } from "../../site/site-pages.tsx";
import type { SiteUrls } from "../../site/site-urls.ts";
import { ArticlePage } from "../../site/views/article-page.tsx";
import { idParam } from "../http/form.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { PreviewBanner } from "./preview-banner.tsx";

export interface PreviewRouteOptions {
  reader: ReaderService;
  related: RelatedService;
  urls: SiteUrls;
  siteName: string;
}

/** As the reader site's article route: the same number of stories under "More on this". */
const MORE_ON_THIS = 4;

/**
 * `/newsroom/articles/:id/preview`: the article exactly as readers will get it — the reader site's
 * data (ignoring status and schedule), views and layout — behind sign-in, never cached, with a
 * banner outside the article saying it is a preview.
 */
export function registerPreviewRoutes(options: PreviewRouteOptions) {
  const { reader, related, urls } = options;
  const pages = new SitePages(urls, options.siteName);
  return (scope: FastifyInstance, _context: NewsroomContext): void => {
    scope.get<{ Params: { id: string } }>("/articles/:id/preview", async (request, reply) => {
      const id = idParam(request.params.id);
      const now = nowIso();
      const page = id === undefined ? undefined : await reader.articlePageForPreview(id, now);
      if (!page || id === undefined) throw new NotFoundError("article", request.params.id);
      const { edition } = page;
      // Readers see it when the reader site would find it by its address now.
      const published = page.translations.some((translation) => translation.current);
      const messages = messagesFor(edition.code);
      const slug = new URL(page.canonicalUrl).pathname.split("/").at(-1) ?? "";
      const day = urls.publicationDay(edition, page.article.publishedAt).replaceAll("-", "/");
      const moreOnThis = await related.related(edition, page.article.id, now, MORE_ON_THIS);
      const seo = articleMetadata(page, {
        name: pages.siteName,
        origin: urls.origin(edition),
        frontUrl: urls.absolute(edition, urls.frontPath()),
      });
      return pages.render(
        reply,
        200,
        edition,
        {
          title: page.article.title,
          description: seo.description,
          canonicalUrl: page.canonicalUrl,
          alternates: alternatesOf(page),
          feeds: editionFeedLinks({ urls }, edition, messages),
          meta: seo.meta,
          jsonLd: seo.jsonLd,
        },
        <>
          <PreviewBanner articleId={page.article.id} published={published} />
          <ArticlePage
            page={page}
            messages={messages}
            moreOnThis={moreOnThis}
            dayHref={urls.href(edition, `/${day}/`, edition)}
            comments={{
              threadHref: urls.href(edition, `/${day}/${slug}/comments`, edition),
              countHref: urls.href(edition, `/comments/count?article=${page.article.id}`, edition),
            }}
          />
        </>,
        "no-store",
      );
    });
  };
}

/** hreflang links between translations, the original as x-default (as the article route makes them). */
function alternatesOf(page: ArticlePageData) {
  if (page.translations.length < 2) return [];
  const original =
    page.translations.find((t) => t.edition.code === page.originalEdition) ?? page.translations[0];
  return [
    ...page.translations.map((t) => ({ hreflang: t.edition.code, href: t.absoluteUrl })),
    ...(original ? [{ hreflang: "x-default", href: original.absoluteUrl }] : []),
  ];
}
