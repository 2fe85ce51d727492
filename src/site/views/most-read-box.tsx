import type { ListedStory } from "../../articles/listed-article.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";

/**
 * The edition's "most read" box: the stories read most in the last 24 hours, in order, as a
 * numbered list of headlines. Nothing at all before there are numbers (no empty box).
 */
export function MostReadBox({
  stories,
  messages,
  headingLevel = 2,
}: {
  stories: readonly Pick<ListedStory, "articleId" | "title" | "href">[];
  messages: Catalogue;
  headingLevel?: 2 | 3;
}) {
  if (stories.length === 0) return null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section class="most-read" aria-labelledby="most-read-heading">
      <Heading id="most-read-heading" class="block-heading">
        {messages.mostRead}
      </Heading>
      <ol class="most-read-list">
        {stories.map((story) => (
          <li key={story.articleId} class="most-read-item">
            <a href={story.href} class="most-read-link">
              {story.title}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
