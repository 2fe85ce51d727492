import { rebuildArticleTerms } from "../../content/article-terms.ts";
import { rebuildAllListings, refreshTagAncestors } from "../../content/listings.ts";
import { rebuildSearchIndex } from "../../content/search-index.ts";
import type { DatabaseHandle, Db } from "../../db/database.ts";
import type { DialectAdapter } from "../../db/dialect-adapter.ts";
import { insertInChunks } from "./bulk-insert.ts";
import { isLang, type Lang } from "./noun-phrase.ts";
import { ensureReferenceData } from "./reference-data.ts";
import { type PlanContext, planStory } from "./story-plan.ts";
import { type BatchRows, buildRows, type IdCounters } from "./story-rows.ts";
import { STORY_GAP_MS } from "./story-time.ts";
import { titleFits } from "./text-generator.ts";

export interface SyntheticOptions {
  /** How many stories this seed should have in the end (a second run only adds what is missing). */
  count: number;
  seed: number;
  /** Edition codes to write in, e.g. ["en", "pt", "es"]; each must be a configured edition. */
  editions: string[];
  /** The newest publication time; older stories go back from it, about five an hour. */
  until: Date;
  onProgress?: (done: number, total: number) => void;
  /** Rebuild the search index at the end (default true); benchmarks that time the rebuild say false. */
  searchIndex?: boolean;
}

export interface SyntheticResult {
  stories: number;
  articles: number;
  revisions: number;
  /** Tags created by this run (the taxonomy is shared by every seed and the demo). */
  tags: number;
  elapsedMs: number;
}

/** Stories written per transaction; progress is reported after each batch. */
const BATCH_STORIES = 500;

/**
 * Fills the database with `count` realistic synthetic stories (keys `syn-<seed>-<index>`) in several
 * editions, deterministically for a given count, seed and `until`. Resumable: it continues after the
 * highest index of that seed already stored.
 */
export async function seedSynthetic(
  handle: DatabaseHandle,
  options: SyntheticOptions,
): Promise<SyntheticResult> {
  const started = performance.now();
  const { db, adapter } = handle;
  const editions = await checkOptions(db, options);
  const until = options.until.getTime();
  const oldest = until - options.count * STORY_GAP_MS;
  const reference = await ensureReferenceData(db, editions, new Date(oldest).toISOString());
  // Tags were inserted directly, so the tag closure that archives read is brought up to date here.
  await refreshTagAncestors(db);

  const prefix = `syn-${options.seed}-`;
  const storyIds = new Map<number, number>();
  const existing = await db
    .selectFrom("stories")
    .select(["id", "key"])
    .where("key", "like", `${prefix}%`)
    .execute();
  let highest = -1;
  for (const row of existing) {
    const index = Number(row.key.slice(prefix.length));
    if (!Number.isInteger(index)) continue;
    storyIds.set(index, row.id);
    highest = Math.max(highest, index);
  }
  const slugs = await takenSlugs(db, editions);

  const context: PlanContext = { seed: options.seed, count: options.count, until, editions, titleFits };
  const result: SyntheticResult = {
    stories: 0,
    articles: 0,
    revisions: 0,
    tags: reference.createdTags,
    elapsedMs: 0,
  };
  for (let start = highest + 1; start < options.count; start += BATCH_STORIES) {
    const end = Math.min(options.count, start + BATCH_STORIES);
    const plans = [];
    for (let index = start; index < end; index++) plans.push(planStory(context, index));
    // Ids are assigned in memory from the largest ones stored. Rendering the next batch while this one
    // is written was measured slower: it starves the socket that streams the large inserts.
    const ids = await lastIds(db);
    const rows = buildRows(plans, { seed: options.seed, ids, reference, storyIds, slugs });
    await writeBatch(db, adapter, rows);
    result.stories += rows.stories.length;
    result.articles += rows.articles.length;
    result.revisions += rows.revisions.length;
    options.onProgress?.(end, options.count);
  }
  // Archive listings are derived from articles and their tags; one rebuild after the bulk load is far
  // cheaper than keeping them in step story by story.
  if (result.stories > 0) await rebuildAllListings(db);
  // The search index likewise: one rebuild, with the terms of every new article.
  if (result.stories > 0 && options.searchIndex !== false) await rebuildSearchIndex(db);
  // And the terms "more on this" compares stories by.
  if (result.stories > 0) await rebuildArticleTerms(db);
  result.elapsedMs = Math.round(performance.now() - started);
  return result;
}

/** One transaction per batch: multi-row inserts, parents before children. */
async function writeBatch(db: Db, adapter: DialectAdapter, rows: BatchRows): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertInChunks(trx, "stories", rows.stories, adapter.maxParameters);
    await insertInChunks(trx, "storyTags", rows.storyTags, adapter.maxParameters);
    await insertInChunks(trx, "storyRelated", rows.storyRelated, adapter.maxParameters);
    await insertInChunks(trx, "storyAuthors", rows.storyAuthors, adapter.maxParameters);
    await insertInChunks(trx, "articles", rows.articles, adapter.maxParameters);
    await insertInChunks(trx, "articleRevisions", rows.revisions, adapter.maxParameters);
    // PostgreSQL identity columns do not see explicit ids; move them past ours.
    for (const table of ["stories", "articles", "article_revisions"]) {
      await adapter.resetIdSequence(trx, table);
    }
  });
}

async function checkOptions(db: Db, options: SyntheticOptions): Promise<Lang[]> {
  if (!Number.isSafeInteger(options.count) || options.count < 0) {
    throw new Error(`The story count must be a whole number of at least 0, not ${options.count}`);
  }
  if (!Number.isSafeInteger(options.seed)) {
    throw new Error(`The seed must be a whole number, not ${options.seed}`);
  }
  if (Number.isNaN(options.until.getTime())) {
    throw new Error("The newest publication time (until) is not a valid date");
  }
  const unknown = options.editions.filter((e) => !isLang(e));
  if (unknown.length > 0 || options.editions.length === 0) {
    throw new Error(
      `Synthetic stories are written in en, pt and es; cannot write in "${unknown.join(", ")}"`,
    );
  }
  const stored = new Set((await db.selectFrom("editions").select("code").execute()).map((e) => e.code));
  const missing = options.editions.filter((e) => !stored.has(e));
  if (missing.length > 0) {
    throw new Error(
      `Edition(s) ${missing.join(", ")} are not configured in this database; sync the editions first`,
    );
  }
  return options.editions.filter(isLang);
}

async function takenSlugs(db: Db, editions: readonly Lang[]): Promise<Record<Lang, Set<string>>> {
  const slugs: Record<Lang, Set<string>> = { en: new Set(), pt: new Set(), es: new Set() };
  const rows = await db
    .selectFrom("articles")
    .select(["edition", "slug"])
    .where("edition", "in", editions)
    .execute();
  for (const row of rows) slugs[row.edition as Lang]?.add(row.slug);
  return slugs;
}

async function lastIds(db: Db): Promise<IdCounters> {
  const [story, article, revision] = await Promise.all([
    db
      .selectFrom("stories")
      .select((eb) => eb.fn.max("id").as("id"))
      .executeTakeFirst(),
    db
      .selectFrom("articles")
      .select((eb) => eb.fn.max("id").as("id"))
      .executeTakeFirst(),
    db
      .selectFrom("articleRevisions")
      .select((eb) => eb.fn.max("id").as("id"))
      .executeTakeFirst(),
  ]);
  return {
    story: Number(story?.id ?? 0),
    article: Number(article?.id ?? 0),
    revision: Number(revision?.id ?? 0),
  };
}
