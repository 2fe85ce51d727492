import { BodyView } from "../../articles/body/body-view.tsx";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import { LanguageSwitcher } from "../views/language-switcher.tsx";
import type { PageViewData } from "./page-reader.ts";

/** A page (about, contact, privacy…): its language links, title and body, as an article shows them. */
export function PageView({ data, messages }: { data: PageViewData; messages: Catalogue }) {
  const { page, edition } = data;
  return (
    <article class="article site-page">
      <LanguageSwitcher
        versions={data.versions}
        locale={edition.locale}
        label={messages.pageLanguageSwitcher}
      />
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
