import type { Edition } from "../../editions/edition.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import type { StorySummary } from "../reader-service.ts";
import { StoryList } from "./story-list.tsx";

export function FrontPage({
  stories,
  edition,
  messages,
}: {
  stories: StorySummary[];
  edition: Edition;
  messages: Catalogue;
}) {
  return (
    <section class="front">
      <h1>{messages.latestStories}</h1>
      {stories.length === 0 ? (
        <p>{messages.noStoriesYet}</p>
      ) : (
        <StoryList stories={stories} edition={edition} />
      )}
    </section>
  );
}
