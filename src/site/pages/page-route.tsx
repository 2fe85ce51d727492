import { Type } from "typebox";
import {
  mediaKey,
  missingKey,
  pageGroupKey,
  pageKey,
  setSurrogateKeys,
  storyKey,
} from "../../cache/surrogate-keys.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { lastModifiedHeader } from "../../http/conditional-get.ts";
import { type EditionRoute, editionRoute } from "../edition-router.ts";
import { IgnoredQuery, PageSlug } from "../route-schemas.ts";
import { articleDescription } from "../seo/article-metadata.ts";
import { frontMetadata } from "../seo/front-metadata.ts";
import type { SitePages } from "../site-pages.tsx";
import { hreflangAlternates } from "../views/language-versions.ts";
import type { PageHead } from "../views/layout.tsx";
import type { PageReader, PageViewData } from "./page-reader.ts";
import { PageView } from "./page-view.tsx";

/**
 * `/{slug}`: a published page of the edition (about, contact…). Every other route's first segment
 * is a static one that wins over this parameter, and a page may not take it (src/pages/page.ts): a
 * draft or a missing page answers the edition's 404.
 */
export function pageRoute(deps: {
  reader: PageReader;
  pages: SitePages;
  urls: SiteUrls;
  editions: Editions;
}): EditionRoute {
  const { reader, pages } = deps;
  return editionRoute({
    url: "/:slug",
    params: Type.Object({ slug: PageSlug }),
    querystring: IgnoredQuery,
    async handle({ reply, edition, messages, now, params: { slug } }) {
      const data = await reader.page(edition, slug, now);
      if (!data) {
        // Cached as the edition's missing answers: publishing a page here purges them.
        setSurrogateKeys(reply, [missingKey(edition.code)]);
        return pages.notFound(reply, edition);
      }
      setSurrogateKeys(reply, [
        pageKey(data.page.id),
        pageGroupKey(data.page.groupId),
        ...[...data.stories.keys()].map(storyKey),
        ...[...data.pictures.keys()].map((id) => mediaKey(id, edition.code)),
      ]);
      reply.header("last-modified", lastModifiedHeader(data.page.updatedAt));
      return pages.render(
        reply,
        200,
        edition,
        pageHead(data, deps),
        <PageView data={data} messages={messages} />,
        { counterpart: pageCounterpart(data) },
      );
    },
  });
}

/** The header's switcher leads to the page's translations, or to the fronts where it has none. */
export function pageCounterpart(data: PageViewData) {
  return (other: Edition) => data.versions.find((v) => v.edition.code === other.code) ?? null;
}

/** The head of a page: its description, canonical URL, hreflang, OpenGraph and a WebPage in JSON-LD. */
export function pageHead(
  data: PageViewData,
  deps: { pages: SitePages; urls: SiteUrls; editions: Editions },
): PageHead {
  const { page, edition, canonicalUrl } = data;
  const siteName = deps.pages.siteNameFor(edition);
  const description = page.metaDescription ?? articleDescription(null, page.body);
  const frontUrl = deps.urls.absolute(edition, deps.urls.frontPath());
  return {
    title: page.title,
    description,
    canonicalUrl,
    alternates: hreflangAlternates(data.versions, data.originalEdition),
    meta: frontMetadata({
      edition,
      editions: deps.editions.all,
      title: page.title,
      url: canonicalUrl,
      siteName,
    }),
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "WebPage",
      name: page.title,
      url: canonicalUrl,
      inLanguage: edition.locale,
      ...(description ? { description } : {}),
      dateModified: page.updatedAt,
      isPartOf: { "@type": "WebSite", name: siteName, url: frontUrl },
    },
  };
}
