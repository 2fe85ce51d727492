import type { FastifyReply } from "fastify";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import type { Page } from "../../pages/page.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";
import { nowIso } from "../../shared/validate.ts";
import type { PageReader } from "../../site/pages/page-reader.ts";
import { pageCounterpart, pageHead } from "../../site/pages/page-route.tsx";
import { PageView } from "../../site/pages/page-view.tsx";
import type { SitePages } from "../../site/site-pages.tsx";
import { PreviewBanner } from "../preview/preview-banner.tsx";
import { pageEditUrl } from "./views/page-urls.ts";

export interface PagePreviewOptions {
  reader: PageReader;
  /** The reader site's layout: header, menus, footer. */
  site: SitePages;
  urls: SiteUrls;
  editions: Editions;
}

/**
 * A page exactly as readers will get it — the reader site's data, view and layout, whatever the
 * page's status — never cached, with a banner outside the page saying it is a preview.
 */
export async function renderPagePreview(
  options: PagePreviewOptions,
  reply: FastifyReply,
  page: Page,
): Promise<FastifyReply> {
  const data = await options.reader.pageForPreview(page, nowIso());
  if (!data) throw new NotFoundError("page", page.id);
  const messages = messagesFor(data.edition.code);
  return options.site.render(
    reply,
    200,
    data.edition,
    pageHead(data, { pages: options.site, urls: options.urls, editions: options.editions }),
    <>
      <PreviewBanner of="page" published={page.status === "published"} backHref={pageEditUrl(page.id)} />
      <PageView data={data} messages={messages} />
    </>,
    { cacheControl: "no-store", counterpart: pageCounterpart(data) },
  );
}
