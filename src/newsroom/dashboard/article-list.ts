import { type ExpressionBuilder, sql } from "kysely";
import type { Actor } from "../../accounts/authorization/policy.ts";
import { readableArticles } from "../../accounts/authorization/readable-articles.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleStatus, Database } from "../../db/schema.ts";
import { ValidationError } from "../../shared/errors.ts";
import { nowIso } from "../../shared/validate.ts";

export const ARTICLE_STATUSES: readonly ArticleStatus[] = [
  "draft",
  "review",
  "scheduled",
  "published",
  "unpublished",
];

export interface ArticleListItem {
  id: number;
  storyId: number;
  edition: string;
  title: string;
  status: ArticleStatus;
  updatedAt: string;
  publishedAt: string | null;
}

/** What the article list is narrowed to; every field optional. */
export interface ArticleListFilter {
  edition?: string | undefined;
  status?: ArticleStatus | undefined;
  /** The byline's author. */
  authorId?: number | undefined;
  /** Stories with this tag or one under it. */
  tagId?: number | undefined;
  /** Last saved on or after this day (YYYY-MM-DD, UTC). */
  from?: string | undefined;
  /** Last saved on or before this day (YYYY-MM-DD, UTC). */
  to?: string | undefined;
  /** Words of the title. */
  q?: string | undefined;
  page?: number | undefined;
}

/** A story with the articles (editions) the user may read, the one that matched first. */
export interface StoryGroup {
  storyId: number;
  articles: ArticleListItem[];
}

export interface ArticleListPage {
  stories: StoryGroup[];
  /** Stories that match, on every page. */
  total: number;
  page: number;
  pageCount: number;
}

export const STORIES_PER_PAGE = 25;

/**
 * The newsroom's article list: stories, the most recently saved first, each with its articles in
 * every edition the user may read; narrowed by edition, status, byline, tag, date and title words.
 * A story is listed when one of its readable articles matches everything asked.
 */
export async function listArticles(
  db: Db,
  actor: Actor,
  filter: ArticleListFilter,
): Promise<ArticleListPage> {
  const now = nowIso();
  const from = dayStart("from", filter.from);
  const to = dayStart("to", filter.to, 1);
  const words = (filter.q ?? "")
    .toLowerCase()
    // LIKE's wildcards are dropped rather than escaped: the two databases escape differently.
    .replace(/[%_\\]/g, " ")
    .split(/\s+/)
    .filter((word) => word !== "")
    .slice(0, 8);
  const matching = db
    .selectFrom("articles")
    .where(readableArticles(actor, now))
    .$if(filter.edition !== undefined, (qb) => qb.where("articles.edition", "=", filter.edition ?? ""))
    .$if(filter.status !== undefined, (qb) => qb.where("articles.status", "=", filter.status ?? "draft"))
    .$if(filter.authorId !== undefined, (qb) => qb.where("articles.authorId", "=", filter.authorId ?? 0))
    .$if(from !== null, (qb) => qb.where("articles.updatedAt", ">=", from ?? ""))
    .$if(to !== null, (qb) => qb.where("articles.updatedAt", "<", to ?? ""))
    .$if(filter.tagId !== undefined, (qb) => qb.where((eb) => taggedUnder(eb, filter.tagId ?? 0)))
    .$if(words.length > 0, (qb) =>
      qb.where((eb) =>
        eb.and(words.map((word) => eb(eb.fn("lower", ["articles.title"]), "like", `%${word}%`))),
      ),
    );
  const counted = await matching
    .select((eb) => eb.fn.count<number>("articles.storyId").distinct().as("count"))
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  const pageCount = Math.max(1, Math.ceil(total / STORIES_PER_PAGE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pageCount);
  const storyRows = await matching
    .select(["articles.storyId", sql<string>`max(articles.updated_at)`.as("lastSaved")])
    .groupBy("articles.storyId")
    .orderBy("lastSaved", "desc")
    .orderBy("articles.storyId", "desc")
    .limit(STORIES_PER_PAGE)
    .offset((page - 1) * STORIES_PER_PAGE)
    .execute();
  const storyIds = storyRows.map((row) => row.storyId);
  const articles =
    storyIds.length === 0
      ? []
      : await db
          .selectFrom("articles")
          .select(["id", "storyId", "edition", "title", "status", "updatedAt", "publishedAt"])
          .where(readableArticles(actor, now))
          .where("storyId", "in", storyIds)
          .orderBy("id")
          .execute();
  return {
    stories: storyIds.map((storyId) => ({
      storyId,
      articles: articles.filter((article) => article.storyId === storyId),
    })),
    total,
    page,
    pageCount,
  };
}

function taggedUnder(eb: ExpressionBuilder<Database, "articles">, tagId: number) {
  return eb.exists(
    eb
      .selectFrom("storyTags")
      .innerJoin("tagAncestors", "tagAncestors.tagId", "storyTags.tagId")
      .select("storyTags.tagId")
      .whereRef("storyTags.storyId", "=", "articles.storyId")
      .where("tagAncestors.ancestorId", "=", tagId),
  );
}

/** The first instant of a YYYY-MM-DD day (plus `addDays`), as stored times are written. */
function dayStart(field: string, value: string | undefined, addDays = 0): string | null {
  if (value === undefined || value === "") return null;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(time))
    throw new ValidationError(field, `"${value.slice(0, 20)}" is not a date (YYYY-MM-DD)`);
  return new Date(time + addDays * 86_400_000).toISOString();
}
