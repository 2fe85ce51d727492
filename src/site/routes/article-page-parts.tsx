import type { ListedStory } from "../../articles/listed-article.ts";
import type { Edition } from "../../editions/edition.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import type { RelatedService } from "../../related/related-service.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import type { ArchiveService } from "../archive-service.ts";
import { editionFeedLinks } from "../feeds/feed-links.ts";
import type { LivePageData } from "../live/live-updates.tsx";
import type { ArticlePageData } from "../reader-service.ts";
import { articleMetadata } from "../seo/article-metadata.ts";
import type { Counterpart } from "../site-pages.tsx";
import { ArticlePage } from "../views/article-page.tsx";
import { hreflangAlternates } from "../views/language-versions.ts";
import type { PageHead } from "../views/layout.tsx";

/** How many stories "More on this" shows, on the reader page and in its newsroom preview. */
export const MORE_ON_THIS = 4;

/** "More on this" under an article, with each story's thumbnail: the reader page's and its preview's. */
export async function moreOnThis(
  deps: { related: RelatedService; archives: ArchiveService },
  page: ArticlePageData,
  now: string,
): Promise<ListedStory[]> {
  const stories = await deps.related.related(
    page.edition,
    { ...page.article, tags: page.tags },
    now,
    MORE_ON_THIS,
  );
  return deps.archives.withPictures(page.edition, stories);
}

/** The head of an article page: title, description, canonical, hreflang, feeds, OpenGraph, JSON-LD. */
export function articleHead(
  page: ArticlePageData,
  urls: SiteUrls,
  siteName: string,
  messages: Catalogue,
  live?: LivePageData,
): PageHead {
  const { edition } = page;
  const seo = articleMetadata(
    page,
    { name: siteName, origin: urls.origin(edition), frontUrl: urls.absolute(edition, urls.frontPath()) },
    live,
  );
  return {
    title: page.article.title,
    description: seo.description,
    canonicalUrl: page.canonicalUrl,
    alternates: hreflangAlternates(page.translations, page.originalEdition),
    feeds: editionFeedLinks({ urls }, edition, messages),
    meta: seo.meta,
    jsonLd: seo.jsonLd,
  };
}

/** The article itself, with the links that hang off its address (day archive, comment thread). */
export function ArticleBody(props: {
  page: ArticlePageData;
  urls: SiteUrls;
  messages: Catalogue;
  moreOnThis: ListedStory[];
  mostRead?: readonly ListedStory[];
  /** A reader's page (not the newsroom's preview): the view is counted. */
  countsViews?: boolean;
  /** The story's live coverage, when it has (had) some. */
  live?: LivePageData | undefined;
}) {
  const { page, urls } = props;
  const { edition } = page;
  const day = urls.publicationDay(edition, page.article.publishedAt).replaceAll("-", "/");
  const slug = new URL(page.canonicalUrl).pathname.split("/").at(-1) ?? "";
  return (
    <ArticlePage
      page={page}
      messages={props.messages}
      moreOnThis={props.moreOnThis}
      mostRead={props.mostRead ?? []}
      countsViews={props.countsViews ?? false}
      live={props.live}
      dayHref={urls.href(edition, `/${day}/`, edition)}
      comments={{
        threadHref: urls.href(edition, `/${day}/${slug}/comments`, edition),
        countHref: urls.href(edition, `/comments/count?article=${page.article.id}`, edition),
      }}
    />
  );
}

/** The switcher's targets: the story's translation in each edition, or none (that edition's front). */
export function translationIn(page: ArticlePageData): (other: Edition) => Counterpart {
  return (other) => page.translations.find((t) => t.edition.code === other.code) ?? null;
}
