import {
  articleKey,
  articlePageKeys,
  listedKeys,
  missingKey,
  mostReadKey,
  setSurrogateKeys,
} from "../../cache/surrogate-keys.ts";
import { lastModifiedHeader } from "../../http/conditional-get.ts";
import { collectBodyReferences } from "../../shared/body/body-text.ts";
import { newsletterMessagesFor } from "../../shared/i18n/newsletter.ts";
import { type EditionRoute, editionRoute } from "../edition-router.ts";
import { livePageData } from "../live/live-page-data.ts";
import { NewsletterForm } from "../newsletter/newsletter-form.tsx";
import { ArticleParams, IgnoredQuery } from "../route-schemas.ts";
import { modifiedAt } from "../seo/article-metadata.ts";
import type { SiteContext } from "../site-context.ts";
import { ArticleBody, articleHead, moreOnThis, translationIn } from "./article-page-parts.tsx";

/** `/{yyyy}/{mm}/{dd}/{slug}`: an article; a wrong date redirects to the right one. */
export function articleRoute({
  reader,
  related,
  archives,
  pages,
  urls,
  mostRead,
  live,
}: SiteContext): EditionRoute {
  return editionRoute({
    url: "/:year/:month/:day/:slug",
    params: ArticleParams,
    querystring: IgnoredQuery,
    async handle({ reply, edition, messages, now, params: { year, month, day, slug } }) {
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
      const [more, livePage, mostReadStories] = await Promise.all([
        moreOnThis({ related, archives }, page, now),
        livePageData(live, page.article),
        mostRead.stories(edition, now),
      ]);
      const newsletterAction = pages.newsletterAction(edition);
      // A live update goes out with `live.updated`, which purges `article:<id>` (already declared).
      setSurrogateKeys(reply, [
        ...articlePageKeys(page, collectBodyReferences(page.article.body).storyIds, more),
        mostReadKey(edition.code),
        ...listedKeys(mostReadStories),
      ]);
      const modified = modifiedAt(page);
      const lastChange = livePage && livePage.lastChangedAt > modified ? livePage.lastChangedAt : modified;
      reply.header("last-modified", lastModifiedHeader(lastChange));
      return pages.render(
        reply,
        200,
        edition,
        articleHead(page, urls, pages.siteNameFor(edition), messages, livePage),
        <>
          <ArticleBody
            page={page}
            urls={urls}
            messages={messages}
            moreOnThis={more}
            mostRead={mostReadStories}
            countsViews={page.article.publication === "published"}
            live={livePage}
          />
          {newsletterAction ? (
            <NewsletterForm
              action={newsletterAction}
              messages={newsletterMessagesFor(edition.code)}
              place="article"
            />
          ) : null}
        </>,
        { counterpart: translationIn(page) },
      );
    },
  });
}
