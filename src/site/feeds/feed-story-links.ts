import type { StoryLink } from "../../articles/body/body-view.tsx";
import { visibleToReaders } from "../../articles/visibility.ts";
import type { Db } from "../../db/database.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { languageNameInSentence } from "../../shared/i18n/format.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";

/**
 * READ callouts as the article page shows them (the story in this edition when readers can see it
 * there, else in its original language, marked), but with absolute links: a feed is read elsewhere.
 */
export async function absoluteStoryLinks(
  deps: { db: Db; editions: Editions; urls: SiteUrls },
  storyIds: number[],
  edition: Edition,
  now: string,
): Promise<Map<number, StoryLink>> {
  const { db, editions, urls } = deps;
  const links = new Map<number, StoryLink>();
  const unique = [...new Set(storyIds)];
  if (unique.length === 0) return links;
  const rows = await db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .select([
      "articles.storyId",
      "articles.edition",
      "articles.title",
      "articles.slug",
      "articles.publishedAt",
      "stories.originalEdition",
    ])
    .where("articles.storyId", "in", unique)
    .where("articles.edition", "in", editions.codes())
    .where(visibleToReaders(now))
    .execute();
  const messages = messagesFor(edition.code);
  for (const storyId of unique) {
    const candidates = rows.filter((r) => r.storyId === storyId);
    const chosen =
      candidates.find((r) => r.edition === edition.code) ??
      candidates.find((r) => r.edition === r.originalEdition) ??
      candidates[0];
    if (!chosen?.publishedAt) continue;
    const target = editions.get(chosen.edition);
    const foreign = target.code !== edition.code;
    links.set(storyId, {
      title: chosen.title,
      href: urls.absolute(target, urls.articlePath(target, chosen.publishedAt, chosen.slug)),
      language: foreign ? target.locale : null,
      languageNote: foreign ? messages.inLanguage(languageNameInSentence(edition.locale, target.code)) : null,
    });
  }
  return links;
}
