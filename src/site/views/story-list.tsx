import type { Edition } from "../../editions/edition.ts";
import { formatDateTime } from "../../shared/i18n/format.ts";
import type { StorySummary } from "../reader-service.ts";

export function StoryList({ stories, edition }: { stories: StorySummary[]; edition: Edition }) {
  return (
    <ol class="story-list">
      {stories.map((story) => (
        <li key={story.articleId}>
          <h2>
            <a href={story.href}>{story.title}</a>
          </h2>
          {story.summary ? <p>{story.summary}</p> : null}
          <time datetime={story.publishedAt}>{formatDateTime(edition, story.publishedAt)}</time>
        </li>
      ))}
    </ol>
  );
}
