import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import type { PageService } from "../../pages/page-service.ts";
import type { SitemapUrl } from "./sitemap-xml.ts";

type PublishedPages = Awaited<ReturnType<PageService["publishedWithTranslations"]>>;

/**
 * An edition's published pages as sitemap URLs, each with its published translations as hreflang
 * alternates (itself included, the group's original as x-default), as the month sitemaps list articles.
 */
export function pageSitemapUrls(
  pages: PublishedPages,
  deps: { editions: Editions; urls: SiteUrls },
): SitemapUrl[] {
  const { editions, urls } = deps;
  return pages.flatMap(({ page, group, originalEdition }) => {
    const edition = editions.find(page.edition);
    if (!edition) return [];
    const versions = editions.all.flatMap((other) => {
      const version = group.find((p) => p.edition === other.code);
      return version
        ? [{ hreflang: other.code, href: urls.absolute(other, urls.pagePath(version.slug)) }]
        : [];
    });
    const original = versions.find((v) => v.hreflang === originalEdition) ?? versions[0];
    return [
      {
        loc: urls.absolute(edition, urls.pagePath(page.slug)),
        lastmod: page.updatedAt,
        alternates:
          versions.length < 2 || !original
            ? []
            : [...versions, { hreflang: "x-default", href: original.href }],
      },
    ];
  });
}
