import type { Edition } from "../../editions/edition.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import type { StorySummary } from "../reader-service.ts";
import { StoryList } from "./story-list.tsx";

export function TagPage(props: {
  name: string;
  stories: StorySummary[];
  edition: Edition;
  messages: Catalogue;
}) {
  return (
    <section class="archive">
      <h1>{props.messages.tagArchiveTitle(props.name)}</h1>
      {props.stories.length === 0 ? (
        <p>{props.messages.noStoriesForTag}</p>
      ) : (
        <StoryList stories={props.stories} edition={props.edition} />
      )}
    </section>
  );
}
