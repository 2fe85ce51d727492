import type { EditionRoute } from "../edition-router.ts";
import type { SiteContext } from "../site-context.ts";
import { TagPage } from "../views/tag-page.tsx";

/** `/tag/{slug}`: the stories of a tag and of the tags below it, newest first. */
export function tagRoute({ reader, pages, urls }: SiteContext): EditionRoute {
  return {
    pattern: /^\/tag\/([a-z0-9]+(?:-[a-z0-9]+)*)$/,
    async handle({ reply, edition, messages, now, params: [slug = ""] }) {
      const tag = await reader.findTag(edition, slug);
      if (!tag) return pages.notFound(reply, edition);
      const stories = await reader.latestForTag(edition, tag.id, now);
      return pages.render(
        reply,
        200,
        edition,
        {
          title: messages.tagArchiveTitle(tag.name),
          canonicalUrl: urls.absolute(edition, urls.tagPath(tag.slug)),
        },
        <TagPage name={tag.name} stories={stories} edition={edition} messages={messages} />,
      );
    },
  };
}
