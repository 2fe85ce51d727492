import { storyVersionFor } from "../articles/story-version.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import type { Db } from "../db/database.ts";
import { foldedWords } from "../shared/text/text-terms.ts";

/** A story offered by the READ callout picker. */
export interface PickerStory {
  storyId: number;
  /** The title in the editor's edition when the story has a published article there, else the original's. */
  title: string;
  /** The edition `title` is in. */
  edition: string;
  publishedAt: string;
  /** For every edition of the site: whether readers can read the story in it. */
  translations: Record<string, boolean>;
}

export interface PickerQuery {
  /** The edition being edited: titles are shown in it when they can be. */
  edition: string;
  /** What the editor typed. */
  text: string;
  now: string;
  limit: number;
}

const MAX_WORDS = 6;
const BATCH = 100;
/** Rows read per edition before giving up on finding more: the picker stays instant on any archive. */
const MAX_SCANNED = 1000;
// Letters an accented letter folds to: the SQL filter lets any character stand in for them (LIKE "_"),
// since SQLite has no accent folding; the exact word-prefix test runs on the folded titles afterwards.
const FOLDABLE = /[aeiouycnszg]/g;

/**
 * Reader-visible stories whose title, in any edition, has a word starting with each typed word
 * (accents and case aside), newest first. Each edition is walked newest first down its
 * (edition, published_at) index with a coarse LIKE filter, in batches, until enough match.
 */
export async function searchStoryTitles(
  db: Db,
  editionCodes: readonly string[],
  query: PickerQuery,
): Promise<PickerStory[]> {
  const words = [...new Set(foldedWords(query.text))].slice(0, MAX_WORDS);
  if (words.length === 0 || query.limit <= 0) return [];
  const patterns = words.map((word) => `%${word.replace(FOLDABLE, "_")}%`);
  const matches = (
    await Promise.all(editionCodes.map((edition) => matchingArticles(db, edition, words, patterns, query)))
  ).flat();
  matches.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id - a.id);
  const storyIds = [...new Set(matches.map((m) => m.storyId))].slice(0, query.limit);
  if (storyIds.length === 0) return [];

  const articles = await db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .select([
      "articles.storyId",
      "articles.edition",
      "articles.title",
      "articles.publishedAt",
      "stories.originalEdition",
    ])
    .where("articles.storyId", "in", storyIds)
    .where(visibleToReaders(query.now))
    .execute();
  return storyIds.flatMap((storyId) => {
    const versions = articles.filter((a) => a.storyId === storyId);
    const shown = storyVersionFor(versions, query.edition);
    if (!shown) return [];
    return [
      {
        storyId,
        title: shown.title,
        edition: shown.edition,
        publishedAt: shown.publishedAt ?? "",
        translations: Object.fromEntries(
          editionCodes.map((code) => [code, versions.some((a) => a.edition === code)]),
        ),
      },
    ];
  });
}

interface Match {
  id: number;
  storyId: number;
  publishedAt: string;
}

async function matchingArticles(
  db: Db,
  edition: string,
  words: readonly string[],
  patterns: readonly string[],
  query: PickerQuery,
): Promise<Match[]> {
  const found: Match[] = [];
  let cursor: { publishedAt: string; id: number } | null = null;
  for (let scanned = 0; scanned < MAX_SCANNED && found.length < query.limit; scanned += BATCH) {
    let select = db
      .selectFrom("articles")
      .select(["articles.id", "articles.storyId", "articles.title", "articles.publishedAt"])
      .where("articles.edition", "=", edition)
      .where(visibleToReaders(query.now));
    for (const pattern of patterns) {
      select = select.where((eb) => eb(eb.fn("lower", ["articles.title"]), "like", pattern));
    }
    if (cursor) {
      const { publishedAt, id } = cursor;
      select = select.where((eb) =>
        eb(eb.refTuple("articles.publishedAt", "articles.id"), "<", eb.tuple(publishedAt, id)),
      );
    }
    const rows = await select
      .orderBy("articles.publishedAt", "desc")
      .orderBy("articles.id", "desc")
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      if (titleMatches(row.title, words)) {
        found.push({ id: row.id, storyId: row.storyId, publishedAt: row.publishedAt ?? "" });
      }
    }
    const last = rows.at(-1);
    if (rows.length < BATCH || !last) break;
    cursor = { publishedAt: last.publishedAt ?? "", id: last.id };
  }
  return found;
}

/** Every typed word begins some word of the title. */
function titleMatches(title: string, words: readonly string[]): boolean {
  const titleWords = foldedWords(title);
  return words.every((word) => titleWords.some((t) => t.startsWith(word)));
}
