import type { ListedStory } from "../../articles/listed-article.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import type { FrontPageData } from "../archive-service.ts";
import { MostReadBox } from "./most-read-box.tsx";
import { LeadStory, StoryList } from "./story-list.tsx";

/** Beside the lead on wide screens, the latest stories' first thumbnails are on screen at once. */
const LATEST_EAGER = 2;

/**
 * An edition's front page: the lead, the stories editors pinned under it, the latest stories, then a
 * block per section and featured region; the "most read" box, once there are numbers, after the latest.
 */
export function FrontPage({
  data,
  edition,
  messages,
  mostRead = [],
}: {
  /** The stories covered live now carry `live: true`. */
  data: FrontPageData;
  edition: Edition;
  messages: Catalogue;
  mostRead?: readonly ListedStory[];
}) {
  return (
    <div class={data.top.length > 0 ? "front with-top" : "front"}>
      <h1 class="visually-hidden">{messages.frontPageTitle}</h1>
      {data.lead ? (
        <LeadStory story={data.lead} edition={edition} liveLabel={messages.live} />
      ) : (
        <p>{messages.noStoriesYet}</p>
      )}
      {data.top.length > 0 ? (
        <div class="top-stories">
          <StoryList stories={data.top} edition={edition} headingLevel={2} liveLabel={messages.live} />
        </div>
      ) : null}
      {data.latest.length > 0 ? (
        <section class="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading" class="block-heading">
            {messages.latestStories}
          </h2>
          <StoryList
            stories={data.latest}
            edition={edition}
            headingLevel={3}
            eager={LATEST_EAGER}
            liveLabel={messages.live}
          />
        </section>
      ) : null}
      <MostReadBox stories={mostRead} messages={messages} />
      {data.blocks.map((block, index) => (
        <section key={block.href} class={`block block-${block.kind}`} aria-labelledby={`block-${index}`}>
          <h2 id={`block-${index}`} class="block-heading">
            <a href={block.href}>{block.name}</a>
          </h2>
          <StoryList
            stories={block.stories}
            edition={edition}
            headingLevel={3}
            compact
            liveLabel={messages.live}
          />
        </section>
      ))}
    </div>
  );
}
