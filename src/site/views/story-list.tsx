import type { ListedStory } from "../../articles/listed-article.ts";
import type { Edition } from "../../editions/edition.ts";
import { Picture } from "../../media/views/picture.tsx";
import { formatDateTime } from "../../shared/i18n/format.ts";
import { Thumbnail } from "./thumbnail.tsx";

/** How many thumbnails at the top of an archive or of search results load at once: those on screen. */
export const LIST_EAGER = 3;

type StoryItem = Pick<ListedStory, "articleId" | "title" | "summary" | "publishedAt" | "href" | "picture"> & {
  /** The story is covered live now: its headline carries the "Live" label. */
  live?: boolean;
};

/** The "Live" label before a live story's headline. */
function LiveLabel({ story, label }: { story: StoryItem; label: string | undefined }) {
  return story.live && label ? (
    <>
      <span class="live-label">{label}</span>{" "}
    </>
  ) : null;
}

/**
 * Stories as a list of headlines, newest first, each with its photo's thumbnail when it has one;
 * `headingLevel` fits the list into the page outline, the first `eager` thumbnails load at once.
 */
export function StoryList({
  stories,
  edition,
  headingLevel = 2,
  compact = false,
  eager = 0,
  liveLabel,
}: {
  stories: StoryItem[];
  edition: Edition;
  headingLevel?: 2 | 3;
  compact?: boolean;
  eager?: number;
  /** The "Live" label's text, for the stories marked live. */
  liveLabel?: string | undefined;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol class={compact ? "story-list compact" : "story-list"}>
      {stories.map((story, index) => (
        <li key={story.articleId}>
          {story.picture ? <Thumbnail picture={story.picture} eager={index < eager} /> : null}
          <Heading>
            <LiveLabel story={story} label={liveLabel} />
            <a href={story.href}>{story.title}</a>
          </Heading>
          {story.summary && !compact ? <p>{story.summary}</p> : null}
          <time datetime={story.publishedAt}>{formatDateTime(edition, story.publishedAt)}</time>
        </li>
      ))}
    </ol>
  );
}

/** The lead story: photo, headline, summary. */
export function LeadStory({
  story,
  edition,
  liveLabel,
}: {
  story: StoryItem;
  edition: Edition;
  liveLabel?: string | undefined;
}) {
  return (
    <article class="lead">
      {story.picture ? (
        <Picture picture={story.picture} sizes="(min-width: 48rem) 46rem, 100vw" priority />
      ) : null}
      <h2>
        <LiveLabel story={story} label={liveLabel} />
        <a href={story.href}>{story.title}</a>
      </h2>
      {story.summary ? <p>{story.summary}</p> : null}
      <time datetime={story.publishedAt}>{formatDateTime(edition, story.publishedAt)}</time>
    </article>
  );
}
