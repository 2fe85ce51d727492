import { statusChangeReason } from "../content/story-change.ts";
import type { ContentChangeLog } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { ArticleStatus } from "../db/schema.ts";
import { assertEditions } from "../editions/edition-service.ts";
import { parseBodyDocument } from "../shared/body/parse-body.ts";
import { ConflictError, ValidationError } from "../shared/errors.ts";
import { assertValidSlug, isValidSlug, slugify } from "../shared/slug.ts";
import { nowIso, optionalText, requiredText } from "../shared/validate.ts";

/**
 * Many new stories and articles written at once (an import's batch): what StoryService.createStory,
 * ArticleService.createArticle and publishArticle, setTags and setHero do one statement at a time,
 * here in a few statements of many rows each. Same rows, same rules (a draft's first revision, a
 * translation based on its original's revision, the story's lead byline copied to its articles,
 * free slugs), same changes told to the unit of work. Call inside `changeContent`.
 */

export interface NewStory {
  key: string;
  /** The edition of its first article, which is its original. */
  originalEdition: string;
  heroMediaId: number | null;
}

export interface NewArticle {
  storyId: number;
  edition: string;
  title: string;
  summary: string | null;
  /** The body document (or its JSON text); validated, never HTML. */
  body: unknown;
  /** Used when free in the edition; else one is made from the title. */
  slug?: string | undefined;
  /** The story's lead byline when it has none yet. */
  authorId: number | null;
  /** Published at this instant (scheduled when it is to come), now when null; undefined: a draft. */
  publishAt?: string | null | undefined;
  /** Added to the story's tags, after those it has. */
  tagIds: readonly number[];
  /** The story's hero when it has none yet. */
  heroMediaId: number | null;
}

export interface WrittenArticle {
  id: number;
  storyId: number;
  edition: string;
  slug: string;
  status: ArticleStatus;
}

const MAX_TITLE = 300;
const MAX_SUMMARY = 1000;
/** Rows per INSERT: the statements' parameters stay well under either database's limit. */
const ROWS_PER_INSERT = 200;

/** New stories, in one statement per slice; returns their ids by key. */
export async function createStoriesInBulk(
  trx: Db,
  stories: readonly NewStory[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (stories.length === 0) return ids;
  await assertEditions(trx, "originalEdition", [...new Set(stories.map((s) => s.originalEdition))]);
  const now = nowIso();
  for (const slice of slices(stories)) {
    const rows = await trx
      .insertInto("stories")
      .values(
        slice.map((story) => ({
          key: assertValidSlug(story.key, "key"),
          originalEdition: story.originalEdition,
          heroMediaId: story.heroMediaId,
          sourceId: null,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning(["id", "key"])
      .execute();
    for (const row of rows) ids.set(row.key, row.id);
  }
  return ids;
}

/** What the stories of a batch already are, read once: their edition, hero, articles, bylines, tags. */
interface StoryState {
  originalEdition: string;
  heroMediaId: number | null;
  editions: Set<string>;
  /** It had articles before this call. */
  hadArticles: boolean;
  bylines: number[];
  tagIds: number[];
  /** The lead byline, tags and hero this call gives it. */
  lead: number | null;
  addedTagIds: number[];
  hero: number | null;
}

/**
 * New articles (in stories that exist: see createStoriesInBulk), written in order as createArticle
 * would one after another, then published as asked. Returns them in the order given.
 */
export async function createArticlesInBulk(
  trx: Db,
  log: ContentChangeLog,
  articles: readonly NewArticle[],
): Promise<WrittenArticle[]> {
  if (articles.length === 0) return [];
  await assertEditions(trx, "edition", [...new Set(articles.map((a) => a.edition))]);
  const stories = await storyStates(trx, [...new Set(articles.map((a) => a.storyId))]);
  await assertTagsExist(trx, [...new Set(articles.flatMap((a) => a.tagIds))]);
  const slugs = new FreeSlugs(trx);
  for (const article of articles) {
    const wanted = article.slug && isValidSlug(article.slug) ? [article.slug] : [];
    slugs.expect(article.edition, [...wanted, slugify(article.title) || "article"]);
  }
  const now = nowIso();
  const rows = [];
  for (const article of articles) {
    const story = stories.get(article.storyId);
    if (!story) throw new ValidationError("storyId", `there is no story #${article.storyId}`);
    if (story.editions.has(article.edition)) {
      throw new ConflictError(`This story already has a "${article.edition}" article; edit that one.`);
    }
    if (article.edition !== story.originalEdition && !story.editions.has(story.originalEdition)) {
      throw new ValidationError(
        "edition",
        `write the original "${story.originalEdition}" article before translating it into "${article.edition}"`,
      );
    }
    story.editions.add(article.edition);
    if (story.lead === null && story.bylines.length === 0 && article.authorId) story.lead = article.authorId;
    for (const tagId of article.tagIds) {
      if (!story.tagIds.includes(tagId) && !story.addedTagIds.includes(tagId)) story.addedTagIds.push(tagId);
    }
    if (story.heroMediaId === null && story.hero === null && article.heroMediaId)
      story.hero = article.heroMediaId;
    const title = requiredText("title", article.title, MAX_TITLE);
    const wanted = article.slug && isValidSlug(article.slug) ? article.slug : undefined;
    const slug = await slugs.take(article.edition, wanted, slugify(title) || "article");
    const publishedAt =
      article.publishAt === undefined ? null : article.publishAt === null ? now : article.publishAt;
    rows.push({
      storyId: article.storyId,
      edition: article.edition,
      title,
      slug,
      summary: optionalText("summary", article.summary, MAX_SUMMARY),
      body: JSON.stringify(parseBodyDocument(article.body)),
      status: (publishedAt === null
        ? "draft"
        : publishedAt > now
          ? "scheduled"
          : "published") as ArticleStatus,
      authorId: null as number | null,
      publishedAt,
      createdAt: now,
      updatedAt: now,
      revisionId: null,
      basedOnRevisionId: null,
    });
  }
  for (const row of rows) {
    const story = stories.get(row.storyId);
    row.authorId = story?.bylines[0] ?? story?.lead ?? null;
  }
  const written = new Map<string, WrittenArticle>();
  for (const slice of slices(rows)) {
    const inserted = await trx
      .insertInto("articles")
      .values(slice)
      .returning(["id", "storyId", "edition", "slug", "status"])
      .execute();
    for (const row of inserted) written.set(`${row.storyId}:${row.edition}`, row);
  }
  const result = rows.map((row) => {
    const article = written.get(`${row.storyId}:${row.edition}`);
    if (!article) throw new Error(`article of story ${row.storyId} in ${row.edition} not written`);
    return article;
  });
  await firstRevisions(trx, rows, result, stories);
  await bylinesTagsAndHeroes(trx, log, stories);
  logPublications(log, rows, result, now);
  return result;
}

/** Each new article's first revision, and the original's revision each translation is based on. */
async function firstRevisions(
  trx: Db,
  rows: readonly { title: string; slug: string; summary: string | null; body: string; createdAt: string }[],
  articles: readonly WrittenArticle[],
  stories: ReadonlyMap<number, StoryState>,
): Promise<void> {
  const revisions = articles.map((article, index) => {
    const row = rows[index];
    if (!row) throw new Error("rows and articles differ");
    const { title, slug, summary, body, createdAt } = row;
    return { articleId: article.id, number: 1, title, slug, summary, body, savedByUserId: null, createdAt };
  });
  for (const slice of slices(revisions)) await trx.insertInto("articleRevisions").values(slice).execute();
  const ids = articles.map((a) => a.id);
  for (const slice of slices(ids)) {
    await trx
      .updateTable("articles")
      .set((eb) => ({
        revisionId: eb
          .selectFrom("articleRevisions")
          .select("articleRevisions.id")
          .whereRef("articleRevisions.articleId", "=", "articles.id"),
      }))
      .where("id", "in", slice)
      .execute();
  }
  const translations = articles
    .filter((a) => a.edition !== stories.get(a.storyId)?.originalEdition)
    .map((a) => a.id);
  for (const slice of slices(translations)) {
    await trx
      .updateTable("articles")
      .set((eb) => ({
        basedOnRevisionId: eb
          .selectFrom("articles as original")
          .innerJoin("stories", "stories.id", "original.storyId")
          .select("original.revisionId")
          .whereRef("original.storyId", "=", "articles.storyId")
          .whereRef("original.edition", "=", "stories.originalEdition"),
      }))
      .where("id", "in", slice)
      .execute();
  }
}

/** The stories' new lead bylines (copied to their articles), added tags and heroes, logged as the services do. */
async function bylinesTagsAndHeroes(
  trx: Db,
  log: ContentChangeLog,
  stories: ReadonlyMap<number, StoryState>,
): Promise<void> {
  const bylines = [...stories].flatMap(([storyId, s]) =>
    s.lead === null ? [] : [{ storyId, authorId: s.lead, position: 0 }],
  );
  for (const slice of slices(bylines)) await trx.insertInto("storyAuthors").values(slice).execute();
  for (const { storyId, authorId } of bylines) {
    // Its articles from before had no byline either: they take the lead too.
    if (stories.get(storyId)?.hadArticles) {
      await trx.updateTable("articles").set({ authorId }).where("storyId", "=", storyId).execute();
    }
  }
  const links = [...stories].flatMap(([storyId, s]) =>
    s.addedTagIds.map((tagId, index) => ({ storyId, tagId, position: s.tagIds.length + index })),
  );
  for (const slice of slices(links)) await trx.insertInto("storyTags").values(slice).execute();
  for (const [storyId, s] of stories) {
    if (s.addedTagIds.length > 0) log.stories("story.tags", [storyId], { formerTagIds: s.tagIds });
    if (s.hero === null) continue;
    await trx
      .updateTable("stories")
      .set({ heroMediaId: s.hero, updatedAt: nowIso() })
      .where("id", "=", storyId)
      .execute();
    log.stories("story.hero", [storyId], { reindex: false });
  }
}

/** Publications and schedules, told to the unit as publishArticle tells them. */
function logPublications(
  log: ContentChangeLog,
  rows: readonly { status: ArticleStatus; publishedAt: string | null }[],
  articles: readonly WrittenArticle[],
  now: string,
): void {
  const byReason = new Map<string, { storyIds: number[]; articleIds: number[] }>();
  for (const [index, article] of articles.entries()) {
    const row = rows[index];
    if (!row || row.publishedAt === null) continue;
    const reason = statusChangeReason({ status: "draft", publishedAt: null }, row, now);
    const group = byReason.get(reason) ?? { storyIds: [], articleIds: [] };
    byReason.set(reason, group);
    group.storyIds.push(article.storyId);
    group.articleIds.push(article.id);
  }
  for (const [reason, { storyIds, articleIds }] of byReason) {
    log.stories(reason as Parameters<ContentChangeLog["stories"]>[0], [...new Set(storyIds)], {
      articleIds,
    });
  }
}

async function storyStates(trx: Db, storyIds: readonly number[]): Promise<Map<number, StoryState>> {
  const states = new Map<number, StoryState>();
  for (const slice of slices(storyIds)) {
    const rows = await trx
      .selectFrom("stories")
      .select(["id", "originalEdition", "heroMediaId"])
      .where("id", "in", slice)
      .execute();
    for (const row of rows) {
      states.set(row.id, {
        originalEdition: row.originalEdition,
        heroMediaId: row.heroMediaId,
        editions: new Set(),
        hadArticles: false,
        bylines: [],
        tagIds: [],
        lead: null,
        addedTagIds: [],
        hero: null,
      });
    }
    const articles = await trx
      .selectFrom("articles")
      .select(["storyId", "edition"])
      .where("storyId", "in", slice)
      .execute();
    for (const { storyId, edition } of articles) {
      const state = states.get(storyId);
      state?.editions.add(edition);
      if (state) state.hadArticles = true;
    }
    const bylines = await trx
      .selectFrom("storyAuthors")
      .select(["storyId", "authorId"])
      .where("storyId", "in", slice)
      .orderBy("storyId")
      .orderBy("position")
      .execute();
    for (const { storyId, authorId } of bylines) states.get(storyId)?.bylines.push(authorId);
    const tags = await trx
      .selectFrom("storyTags")
      .select(["storyId", "tagId"])
      .where("storyId", "in", slice)
      .orderBy("storyId")
      .orderBy("position")
      .execute();
    for (const { storyId, tagId } of tags) states.get(storyId)?.tagIds.push(tagId);
  }
  return states;
}

async function assertTagsExist(trx: Db, tagIds: readonly number[]): Promise<void> {
  for (const slice of slices(tagIds)) {
    const found = new Set(
      (await trx.selectFrom("tags").select("id").where("id", "in", slice).execute()).map((t) => t.id),
    );
    const missing = slice.find((id) => !found.has(id));
    if (missing !== undefined) throw new ValidationError("tagIds", `there is no tag #${missing}`);
  }
}

/**
 * Slugs free in their edition, as createArticle finds them (the wanted one, else the title's, then
 * with -2, -3…), asked of the database a few at a time and remembered, with those this call takes.
 */
class FreeSlugs {
  readonly #taken = new Map<string, Set<string>>();
  readonly #asked = new Map<string, Set<string>>();
  readonly #pending: { edition: string; slug: string }[] = [];

  constructor(private readonly trx: Db) {}

  /** Tells in advance the slugs that will be asked for, so they are read in one query per edition. */
  expect(edition: string, slugs: readonly string[]): void {
    for (const slug of slugs) this.#pending.push({ edition, slug });
  }

  async take(edition: string, wanted: string | undefined, base: string): Promise<string> {
    if (wanted && !(await this.#isTaken(edition, wanted))) return this.#keep(edition, wanted);
    for (let n = 1; ; n += 1) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await this.#isTaken(edition, candidate))) return this.#keep(edition, candidate);
    }
  }

  #keep(edition: string, slug: string): string {
    this.#set(this.#taken, edition).add(slug);
    return slug;
  }

  async #isTaken(edition: string, slug: string): Promise<boolean> {
    if (!this.#set(this.#asked, edition).has(slug)) await this.#ask(edition, slug);
    return this.#set(this.#taken, edition).has(slug);
  }

  async #ask(edition: string, slug: string): Promise<void> {
    const wanted = [slug, ...this.#pending.filter((p) => p.edition === edition).map((p) => p.slug)];
    const asked = this.#set(this.#asked, edition);
    const slugs = [...new Set(wanted)].filter((s) => !asked.has(s));
    for (const slice of slices(slugs)) {
      const rows = await this.trx
        .selectFrom("articles")
        .select("slug")
        .where("edition", "=", edition)
        .where("slug", "in", slice)
        .execute();
      for (const s of slice) asked.add(s);
      for (const row of rows) this.#set(this.#taken, edition).add(row.slug);
    }
  }

  #set(map: Map<string, Set<string>>, edition: string): Set<string> {
    const set = map.get(edition) ?? new Set<string>();
    map.set(edition, set);
    return set;
  }
}

function slices<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) result.push(items.slice(i, i + ROWS_PER_INSERT));
  return result;
}
