import { type Actor, can } from "../../accounts/authorization/policy.ts";
import {
  type EditionTranslation,
  revisionPairs,
  type TranslationState,
  translationStates,
  unchangedRevisions,
} from "../../articles/translation-status.ts";
import type { Db } from "../../db/database.ts";
import { nowIso } from "../../shared/validate.ts";
import { articleTarget } from "../workflow/article-access.ts";

export interface DeskStory {
  storyId: number;
  originalEdition: string;
  original: { id: number; title: string; status: string } | null;
  /** One per edition shown on the desk, in the site's order; `readable` when the user may open it. */
  editions: (EditionTranslation & { readable: boolean })[];
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
 * A story is listed when the user may read its original (see the policy's article.read): a
 * translator then finds the published stories and those handed to their editions, a contributor
 * their own and the published ones.
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
          .select([
            "id",
            "storyId",
            "edition",
            "title",
            "status",
            "publishedAt",
            "revisionId",
            "basedOnRevisionId",
          ])
          .where(
            "storyId",
            "in",
            stories.map((story) => story.id),
          )
          .execute();
  const owners = await firstSavedBy(
    db,
    articles.map((article) => article.id),
  );
  const unchanged = await unchangedRevisions(
    db,
    stories.flatMap((story) =>
      revisionPairs(
        story.originalEdition,
        articles.filter((article) => article.storyId === story.id),
      ),
    ),
  );
  const now = nowIso();
  const rows: DeskStory[] = [];
  for (const story of stories) {
    const own = articles.filter((article) => article.storyId === story.id);
    const readable = new Set(
      own
        .filter((article) => {
          const otherEditions = own.filter((other) => other.id !== article.id).map((other) => other.edition);
          const facts = {
            ownerUserId: owners.get(article.id) ?? null,
            originalEdition: story.originalEdition,
            otherEditions,
          };
          return can(actor, "article.read", articleTarget(article, facts, now));
        })
        .map((article) => article.id),
    );
    const original = own.find((article) => article.edition === story.originalEdition);
    if (original ? !readable.has(original.id) : readable.size === 0) continue;
    const states = translationStates(story.originalEdition, own, editions, unchanged).map((entry) => ({
      ...entry,
      readable: entry.articleId !== null && readable.has(entry.articleId),
    }));
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

/** Who saved each article's first revision (its owner), by article id. */
async function firstSavedBy(db: Db, articleIds: readonly number[]): Promise<Map<number, number | null>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("articleRevisions")
    .select(["articleId", "savedByUserId"])
    .where("number", "=", 1)
    .where("articleId", "in", articleIds)
    .execute();
  return new Map(rows.map((row) => [row.articleId, row.savedByUserId]));
}
