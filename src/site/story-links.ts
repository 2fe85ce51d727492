import type { StoryLink } from "../articles/body/body-view.tsx";
import { storyVersionFor } from "../articles/story-version.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import type { Db } from "../db/database.ts";
import type { Edition } from "../editions/edition.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import { languageNameInSentence } from "../shared/i18n/format.ts";
import { messagesFor } from "../shared/i18n/messages.ts";

/**
 * READ callouts: each story in the reader's edition when readers can see it there, else in its
 * original language, marked with that language. Links are relative to the page when it shares an
 * origin with the target, or absolute (`"absolute"`: a feed is read elsewhere).
 */
export async function storyLinks(
  deps: { db: Db; editions: Editions; urls: SiteUrls },
  storyIds: number[],
  edition: Edition,
  now: string,
  links: "relative" | "absolute" = "relative",
): Promise<Map<number, StoryLink>> {
  const { db, editions, urls } = deps;
  const found = new Map<number, StoryLink>();
  const unique = [...new Set(storyIds)];
  if (unique.length === 0) return found;
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
    const chosen = storyVersionFor(candidates, edition.code);
    if (!chosen?.publishedAt) continue;
    const target = editions.get(chosen.edition);
    const foreign = target.code !== edition.code;
    const path = urls.articlePath(target, chosen.publishedAt, chosen.slug);
    found.set(storyId, {
      title: chosen.title,
      href: links === "absolute" ? urls.absolute(target, path) : urls.href(target, path, edition),
      language: foreign ? target.locale : null,
      languageNote: foreign ? messages.inLanguage(languageNameInSentence(edition.locale, target.code)) : null,
    });
  }
  return found;
}
