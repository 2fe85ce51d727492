import type { ListedStory } from "../../articles/listed-article.ts";
import type { Edition } from "../../editions/edition.ts";
import { Picture } from "../../media/views/picture.tsx";
import { formatDateTime } from "../../shared/i18n/format.ts";

type StoryItem = Pick<ListedStory, "articleId" | "title" | "summary" | "publishedAt" | "href" | "picture">;

/** Stories as a list of headlines, newest first; `headingLevel` fits the list into the page outline. */
export function StoryList({
  stories,
  edition,
  headingLevel = 2,
  compact = false,
}: {
  stories: StoryItem[];
  edition: Edition;
  headingLevel?: 2 | 3;
  compact?: boolean;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol class={compact ? "story-list compact" : "story-list"}>
      {stories.map((story) => (
        <li key={story.articleId}>
          <Heading>
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
export function LeadStory({ story, edition }: { story: StoryItem; edition: Edition }) {
  return (
    <article class="lead">
      {story.picture ? (
        <Picture picture={story.picture} sizes="(min-width: 48rem) 46rem, 100vw" eager />
      ) : null}
      <h2>
        <a href={story.href}>{story.title}</a>
      </h2>
      {story.summary ? <p>{story.summary}</p> : null}
      <time datetime={story.publishedAt}>{formatDateTime(edition, story.publishedAt)}</time>
    </article>
  );
}
