import type { ComponentChildren } from "preact";
import type { Edition } from "../../editions/edition.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import type { ArchivePage as ArchiveData } from "../archive-service.ts";
import { LIST_EAGER, StoryList } from "./story-list.tsx";

export interface ArchiveLinks {
  /** The first page, shown when this is a later one. */
  newest: string | null;
  /** The next, older page. */
  older: string | null;
}

/** Any newest-first archive (a tag, an author, a day, a month) with keyset pagination links. */
export function ArchivePage(props: {
  title: string;
  /** Plain text, shown under the title as it was typed (escaped like any text). */
  description?: string | null;
  /** What heads the list in place of the title (an author's profile, with its own heading). */
  intro?: ComponentChildren;
  data: ArchiveData;
  links: ArchiveLinks;
  edition: Edition;
  messages: Catalogue;
}) {
  const { data, links, messages } = props;
  return (
    <section class="archive">
      {props.intro ?? <h1>{props.title}</h1>}
      {props.description ? <p class="archive-description">{props.description}</p> : null}
      {data.stories.length === 0 ? (
        <p>{messages.noStoriesInArchive}</p>
      ) : (
        <StoryList stories={data.stories} edition={props.edition} eager={LIST_EAGER} />
      )}
      {links.newest || links.older ? (
        <nav class="pagination" aria-label={messages.pagination}>
          {links.newest ? (
            <a href={links.newest} rel="first">
              {messages.newestStories}
            </a>
          ) : null}
          {links.older ? (
            <a href={links.older} rel="next">
              {messages.olderStories}
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
