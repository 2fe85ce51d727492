import {
  type EditionTranslation,
  type TranslationState,
  translationStates,
} from "../../articles/translation-status.ts";
import type { Db } from "../../db/database.ts";
import type { Actor } from "../authorization/policy.ts";

export interface DeskStory {
  storyId: number;
  originalEdition: string;
  original: { id: number; title: string; status: string } | null;
  /** One per edition shown on the desk, in the site's order. */
  editions: EditionTranslation[];
}

export interface DeskFilter {
  edition?: string | undefined;
  state?: TranslationState | undefined;
  storyId?: number | undefined;
}

export interface TranslationDesk {
  /** The editions shown as columns (the filter's, or all of editionChoices). */
  editions: string[];
  /** The editions this user may see (a translator: their assigned ones). */
  editionChoices: string[];
  stories: DeskStory[];
  /** How many of the newest stories were looked at (the desk shows the recent ones). */
  scanned: number;
}

export const DESK_STATES: readonly TranslationState[] = ["original", "up-to-date", "outdated", "missing"];

/** How many of the newest stories the desk looks at. */
const RECENT_STORIES = 300;

/**
 * Per story, per edition: original, up to date, outdated or missing (as translationStatus computes
 * it), for the newest stories, filtered by edition and state. Translators see only their editions.
 */
export async function translationDesk(
  db: Db,
  actor: Actor,
  siteEditions: readonly string[],
  filter: DeskFilter = {},
): Promise<TranslationDesk> {
  const visible =
    actor.role === "translator"
      ? siteEditions.filter((code) => actor.editions.includes(code))
      : [...siteEditions];
  const editions = filter.edition && visible.includes(filter.edition) ? [filter.edition] : visible;
  let query = db
    .selectFrom("stories")
    .select(["id", "originalEdition"])
    .orderBy("id", "desc")
    .limit(RECENT_STORIES);
  if (filter.storyId !== undefined) query = query.where("id", "=", filter.storyId);
  const stories = await query.execute();
  const articles =
    stories.length === 0
      ? []
      : await db
          .selectFrom("articles")
          .select(["id", "storyId", "edition", "title", "status", "revisionId", "basedOnRevisionId"])
          .where(
            "storyId",
            "in",
            stories.map((story) => story.id),
          )
          .execute();
  const rows: DeskStory[] = [];
  for (const story of stories) {
    const own = articles.filter((article) => article.storyId === story.id);
    const original = own.find((article) => article.edition === story.originalEdition);
    const states = translationStates(story.originalEdition, own, editions);
    if (filter.state && !states.some((entry) => entry.state === filter.state)) continue;
    rows.push({
      storyId: story.id,
      originalEdition: story.originalEdition,
      original: original ? { id: original.id, title: original.title, status: original.status } : null,
      editions: states,
    });
  }
  return { editions, editionChoices: visible, stories: rows, scanned: stories.length };
}
