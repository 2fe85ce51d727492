import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { IdParams, NoQuery } from "../../http/route-schemas.ts";
import type { FooterDirectory } from "../../pages/footer-pages.ts";
import type { RelatedService } from "../../related/related-service.ts";
import type { SiteIdentity } from "../../settings/site-settings.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";
import { nowIso } from "../../shared/validate.ts";
import type { ArchiveService } from "../../site/archive-service.ts";
import type { MenuSource } from "../../site/navigation/section-menus.ts";
import type { ReaderService } from "../../site/reader-service.ts";
import {
  ArticleBody,
  articleHead,
  moreOnThis,
  translationIn,
} from "../../site/routes/article-page-parts.tsx";
import { SitePages } from "../../site/site-pages.tsx";
import { idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { loadArticleForReading } from "../workflow/article-access.ts";
import { PreviewBanner } from "./preview-banner.tsx";

export interface PreviewRouteOptions {
  reader: ReaderService;
  related: RelatedService;
  /** Thumbnails of "more on this", as the reader page has them. */
  archives: ArchiveService;
  urls: SiteUrls;
  /** The site's name and logo in effect, as the reader layout shows them. */
  identity: SiteIdentity;
  /** The editions, for the header's switcher to the article's translations. */
  editions: Editions;
  /** The header's section menus (none: the preview's header has no menu). */
  menus?: MenuSource | undefined;
  /** The pages the footer lists (none: no such list). */
  footer?: FooterDirectory | undefined;
}

/**
 * `/newsroom/articles/:id/preview`: the article exactly as readers will get it — the reader site's
 * data (ignoring status and schedule), views and layout — behind sign-in, never cached, with a
 * banner outside the article saying it is a preview. Only for those who may read the article.
 */
export function registerPreviewRoutes(options: PreviewRouteOptions) {
  const { reader, urls } = options;
  const pages = new SitePages(urls, options.identity, options.editions.all, options.menus, options.footer);
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    scope.get(
      "/articles/:id/preview",
      { schema: { params: IdParams("id"), querystring: NoQuery } },
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) throw new NotFoundError("article", request.params.id.slice(0, 20));
        await loadArticleForReading(context.db, currentUser(request), id);
        const now = nowIso();
        const page = await reader.articlePageForPreview(id, now);
        if (!page) throw new NotFoundError("article", id);
        const { edition } = page;
        // Readers see it when the reader site would find it by its address now.
        const published = page.translations.some((translation) => translation.current);
        const messages = messagesFor(edition.code);
        const more = await moreOnThis(options, page, now);
        return pages.render(
          reply,
          200,
          edition,
          articleHead(page, urls, pages.siteNameFor(edition), messages),
          <>
            <PreviewBanner
              of="article"
              published={published}
              backHref={`/newsroom/articles/${page.article.id}/workflow`}
            />
            <ArticleBody page={page} urls={urls} messages={messages} moreOnThis={more} />
          </>,
          { cacheControl: "no-store", counterpart: translationIn(page) },
        );
      },
    );
  };
}
