import { BodyView } from "../../articles/body/body-view.tsx";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import type { PageViewData } from "./page-reader.ts";

/** A page (about, contact, privacy…): its title and body, as an article shows them (the header links its translations). */
export function PageView({ data, messages }: { data: PageViewData; messages: Catalogue }) {
  const { page } = data;
  return (
    <article class="article site-page">
      <h1>{page.title}</h1>
      <div class="body">
        <BodyView
          doc={page.body}
          context={{ readLabel: messages.readCallout, stories: data.stories, pictures: data.pictures }}
        />
      </div>
    </article>
  );
}
