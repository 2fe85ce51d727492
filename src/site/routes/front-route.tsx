import type { ListedStory } from "../../articles/listed-article.ts";
import {
  frontKey,
  listedKeys,
  mediaKey,
  mostReadKey,
  setSurrogateKeys,
  tagNameKey,
} from "../../cache/surrogate-keys.ts";
import type { LiveService } from "../../live/live-service.ts";
import type { FrontPageData } from "../archive-service.ts";
import { type EditionRoute, editionRoute } from "../edition-router.ts";
import { editionFeedLinks } from "../feeds/feed-links.ts";
import { IgnoredQuery } from "../route-schemas.ts";
import { frontMetadata } from "../seo/front-metadata.ts";
import type { SiteContext } from "../site-context.ts";
import { FrontPage } from "../views/front-page.tsx";

/** An edition's front page. */
export function frontRoute({ archives, pages, urls, editions, mostRead, live }: SiteContext): EditionRoute {
  return editionRoute({
    url: "/",
    querystring: IgnoredQuery,
    async handle({ reply, edition, messages, now }) {
      const data = await markLive(live, await archives.frontPage(edition, now));
      const mostReadStories = await mostRead.stories(edition, now);
      setSurrogateKeys(reply, [
        // The box is refreshed on a schedule: a new order purges this key, not every view.
        mostReadKey(edition.code),
        ...listedKeys(mostReadStories),
        frontKey(edition.code),
        ...listedKeys([
          data.lead,
          ...data.top,
          ...data.latest,
          ...data.blocks.flatMap((block) => block.stories),
        ]),
        // The lead's photo shows its alt text: the other pictures are thumbnails (see listedKeys).
        ...(data.lead?.picture ? [mediaKey(data.lead.picture.mediaId, edition.code)] : []),
        ...data.blocks.map((block) => tagNameKey(block.tagId, edition.code)),
      ]);
      return pages.render(
        reply,
        200,
        edition,
        {
          title: messages.frontPageTitle,
          description: messages.editionFeedDescription(pages.siteNameFor(edition)),
          canonicalUrl: urls.absolute(edition, "/"),
          alternates: editions.all.map((e) => ({ hreflang: e.code, href: urls.absolute(e, "/") })),
          feeds: editionFeedLinks({ urls }, edition, messages),
          meta: frontMetadata({
            edition,
            editions: editions.all,
            title: messages.frontPageTitle,
            url: urls.absolute(edition, "/"),
            siteName: pages.siteNameFor(edition),
          }),
        },
        <FrontPage data={data} edition={edition} messages={messages} mostRead={mostReadStories} />,
        { counterpart: () => urls.frontPath() },
      );
    },
  });
}

/**
 * The front page's stories covered live now, marked for their "Live" label. Starting or ending a
 * story's coverage announces `live.coverage`, which purges the lists showing its articles.
 */
async function markLive(live: LiveService, data: FrontPageData): Promise<FrontPageData> {
  const listed = [data.lead, ...data.top, ...data.latest, ...data.blocks.flatMap((block) => block.stories)];
  const liveIds = await live.liveStoryIds([
    ...new Set(listed.flatMap((story) => (story ? [story.storyId] : []))),
  ]);
  if (liveIds.size === 0) return data;
  const mark = <T extends ListedStory>(story: T): T =>
    liveIds.has(story.storyId) ? { ...story, live: true } : story;
  return {
    lead: data.lead ? mark(data.lead) : null,
    top: data.top.map(mark),
    latest: data.latest.map(mark),
    blocks: data.blocks.map((block) => ({ ...block, stories: block.stories.map(mark) })),
  };
}
