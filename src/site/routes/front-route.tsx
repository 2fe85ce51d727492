import type { EditionRoute } from "../edition-router.ts";
import type { SiteContext } from "../site-context.ts";
import { FrontPage } from "../views/front-page.tsx";

/** An edition's front page. */
export function frontRoute({ reader, pages, urls, editions }: SiteContext): EditionRoute {
  return {
    pattern: /^\/$/,
    async handle({ reply, edition, messages, now }) {
      const stories = await reader.latest(edition, now);
      return pages.render(
        reply,
        200,
        edition,
        {
          title: messages.frontPageTitle,
          canonicalUrl: urls.absolute(edition, "/"),
          alternates: editions.all.map((e) => ({ hreflang: e.code, href: urls.absolute(e, "/") })),
        },
        <FrontPage stories={stories} edition={edition} messages={messages} />,
      );
    },
  };
}
