import type { EditionRoute } from "../edition-router.ts";
import type { ArticlePageData } from "../reader-service.ts";
import type { SiteContext } from "../site-context.ts";
import { ArticlePage } from "../views/article-page.tsx";

/** `/{yyyy}/{mm}/{dd}/{slug}`: an article; a wrong date redirects to the right one. */
export function articleRoute({ reader, pages, urls }: SiteContext): EditionRoute {
  return {
    pattern: /^\/(\d{4})\/(\d{2})\/(\d{2})\/([a-z0-9]+(?:-[a-z0-9]+)*)$/,
    async handle({ reply, edition, messages, now, params: [year, month, day, slug = ""] }) {
      const page = await reader.articlePage(edition, slug, now);
      if (!page) return pages.notFound(reply, edition);
      if (urls.publicationDay(edition, page.article.publishedAt) !== `${year}-${month}-${day}`) {
        return reply.redirect(page.canonicalUrl, 301);
      }
      return pages.render(
        reply,
        200,
        edition,
        {
          title: page.article.title,
          description: page.article.summary,
          canonicalUrl: page.canonicalUrl,
          alternates: alternatesOf(page),
        },
        <ArticlePage page={page} messages={messages} />,
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
