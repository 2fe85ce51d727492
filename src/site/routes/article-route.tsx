import { collectBodyReferences } from "../../articles/body/body-text.ts";
import { articleKey, articlePageKeys, missingKey, setSurrogateKeys } from "../../cache/surrogate-keys.ts";
import { editionFeedLinks } from "../../feeds/feed-links.ts";
import type { EditionRoute } from "../edition-router.ts";
import { lastModifiedHeader } from "../http/conditional-get.ts";
import type { ArticlePageData } from "../reader-service.ts";
import { articleMetadata, modifiedAt } from "../seo/article-metadata.ts";
import type { SiteContext } from "../site-context.ts";
import { ArticlePage } from "../views/article-page.tsx";

const MORE_ON_THIS = 4;

/** `/{yyyy}/{mm}/{dd}/{slug}`: an article; a wrong date redirects to the right one. */
export function articleRoute({ reader, related, pages, urls }: SiteContext): EditionRoute {
  return {
    pattern: /^\/(\d{4})\/(\d{2})\/(\d{2})\/([a-z0-9]+(?:-[a-z0-9]+)*)$/,
    async handle({ reply, edition, messages, now, params: [year, month, day, slug = ""] }) {
      const page = await reader.articlePage(edition, slug, now);
      if (!page) {
        // An old slug leads to the article's current address; a withdrawn article is gone, not missing.
        const missing = await reader.resolveMissingArticle(edition, slug, now);
        // Cached as the edition's missing answers: any publication or new slug may change them.
        setSurrogateKeys(reply, [missingKey(edition.code)]);
        if (missing && "redirectTo" in missing) return reply.redirect(missing.redirectTo, 301);
        if (missing) return pages.gone(reply, edition);
        return pages.notFound(reply, edition);
      }
      if (urls.publicationDay(edition, page.article.publishedAt) !== `${year}-${month}-${day}`) {
        setSurrogateKeys(reply, [articleKey(page.article.id)]);
        return reply.redirect(page.canonicalUrl, 301);
      }
      const moreOnThis = await related.related(edition, page.article.id, now, MORE_ON_THIS);
      setSurrogateKeys(
        reply,
        articlePageKeys(page, collectBodyReferences(page.article.body).storyIds, moreOnThis),
      );
      const seo = articleMetadata(page, {
        name: pages.siteName,
        origin: urls.origin(edition),
        frontUrl: urls.absolute(edition, urls.frontPath()),
      });
      reply.header("last-modified", lastModifiedHeader(modifiedAt(page)));
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
        <ArticlePage
          page={page}
          messages={messages}
          moreOnThis={moreOnThis}
          dayHref={urls.href(edition, `/${year}/${month}/${day}/`, edition)}
          comments={{
            threadHref: urls.href(edition, `/${year}/${month}/${day}/${slug}/comments`, edition),
            countHref: urls.href(edition, `/comments/count?article=${page.article.id}`, edition),
          }}
        />,
      );
    },
  };
}

/** hreflang links between translations, the original as x-default. */
function alternatesOf(page: ArticlePageData) {
  if (page.translations.length < 2) return [];
  const original =
    page.translations.find((t) => t.edition.code === page.originalEdition) ?? page.translations[0];
  return [
    ...page.translations.map((t) => ({ hreflang: t.edition.code, href: t.absoluteUrl })),
    ...(original ? [{ hreflang: "x-default", href: original.absoluteUrl }] : []),
  ];
}
