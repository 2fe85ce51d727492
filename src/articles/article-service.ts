import { isVisibleAt, statusChangeReason } from "../content/story-change.ts";
import { type ContentChangeLog, changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { ArticleRow, ArticleStatus } from "../db/schema.ts";
import { assertEditions } from "../editions/edition-service.ts";
import { parseBodyDocument } from "../shared/body/parse-body.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import {
  ConflictError,
  EditConflictError,
  NotFoundError,
  SlugTakenError,
  ValidationError,
} from "../shared/errors.ts";
import { assertValidSlug, slugify } from "../shared/slug.ts";
import { isoInstant, nowIso, optionalText, positiveId, requiredText } from "../shared/validate.ts";
import { logBylineChange, replaceStoryBylines, sameBylines, storyBylineIds } from "./story-bylines.ts";

export interface ArticleInput {
  storyId: number;
  edition: string;
  title: string;
  /** Made from the title when absent (and made unique); a given slug must be free. */
  slug?: string;
  summary?: string | null;
  /** The body document (or its JSON text); validated, never HTML. */
  body: unknown;
  /** The story's byline when it has none yet; a story with bylines keeps them. */
  authorId?: number | null;
  savedByUserId?: number | null;
}

export interface ArticleChanges {
  title?: string;
  slug?: string;
  summary?: string | null;
  body?: unknown;
  /** The story's lead byline (its other bylines stay, after it); null removes every byline. */
  authorId?: number | null;
  /**
   * Optimistic concurrency: save only while the article's current revision is still this one (the
   * one the editor loaded); otherwise nothing is saved and an EditConflictError is thrown.
   */
  expectedRevisionId?: number;
}

const MAX_TITLE = 300;
const MAX_SUMMARY = 1000;

/** Articles of a story in each edition; every save is a revision. */
export class ArticleService {
  constructor(
    private readonly db: Db,
    /** Told of every change readers can see, after it is committed (app.contentEvents). */
    private readonly events?: ContentEvents,
  ) {}

  /**
   * Writes a new article as a draft with its first revision, in one transaction (its own, or the
   * one this service was made with). An article in an edition other than the story's original is
   * a translation: it records the original's revision it starts from.
   */
  async createArticle(input: ArticleInput): Promise<ArticleRow> {
    const title = requiredText("title", input.title, MAX_TITLE);
    const summary = optionalText("summary", input.summary, MAX_SUMMARY);
    const body = JSON.stringify(parseBodyDocument(input.body));
    positiveId("storyId", input.storyId);
    // A draft: readers see nothing of it, so the unit announces nothing.
    return changeContent(this.db, this.events, async (trx) => {
      const story = await trx
        .selectFrom("stories")
        .selectAll()
        .where("id", "=", input.storyId)
        .executeTakeFirst();
      if (!story) throw new NotFoundError("story", input.storyId);
      await assertEditions(trx, "edition", [input.edition]);
      const existing = await trx
        .selectFrom("articles")
        .select("id")
        .where("storyId", "=", story.id)
        .where("edition", "=", input.edition)
        .executeTakeFirst();
      if (existing) {
        throw new ConflictError(
          `This story already has a "${input.edition}" article (#${existing.id}); edit that one.`,
        );
      }
      let basedOnRevisionId: number | null = null;
      if (input.edition !== story.originalEdition) {
        const original = await trx
          .selectFrom("articles")
          .select("revisionId")
          .where("storyId", "=", story.id)
          .where("edition", "=", story.originalEdition)
          .executeTakeFirst();
        if (!original) {
          throw new ValidationError(
            "edition",
            `write the original "${story.originalEdition}" article before translating it into "${input.edition}"`,
          );
        }
        basedOnRevisionId = original.revisionId;
      }
      const slug = input.slug
        ? await assertSlugFree(trx, input.edition, assertValidSlug(input.slug), null)
        : await freeSlug(trx, input.edition, slugify(title) || "article");
      const now = nowIso();
      const bylines = await storyBylineIds(trx, story.id);
      const article = await trx
        .insertInto("articles")
        .values({
          storyId: story.id,
          edition: input.edition,
          title,
          slug,
          summary,
          body,
          status: "draft",
          authorId: bylines[0] ?? input.authorId ?? null,
          publishedAt: null,
          createdAt: now,
          updatedAt: now,
          revisionId: null,
          basedOnRevisionId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (bylines.length === 0 && input.authorId) await replaceStoryBylines(trx, story.id, [input.authorId]);
      return new ArticleService(trx).recordRevision(article, input.savedByUserId ?? null);
    });
  }

  /** Saves changes as a new revision. */
  async updateArticle(
    articleId: number,
    changes: ArticleChanges,
    savedByUserId: number | null = null,
  ): Promise<ArticleRow> {
    return changeContent(this.db, this.events, async (trx, log) => {
      const article = await new ArticleService(trx).getById(articleId);
      const expectedRevisionId = changes.expectedRevisionId;
      const conflict = () =>
        new EditConflictError({
          articleId,
          expectedRevisionId: expectedRevisionId ?? 0,
          currentRevisionId: article.revisionId,
        });
      if (expectedRevisionId !== undefined && article.revisionId !== expectedRevisionId) throw conflict();
      if (changes.authorId !== undefined) await setLeadByline(trx, log, article.storyId, changes.authorId);
      const next = {
        title: changes.title === undefined ? article.title : requiredText("title", changes.title, MAX_TITLE),
        summary:
          changes.summary === undefined
            ? article.summary
            : optionalText("summary", changes.summary, MAX_SUMMARY),
        body: changes.body === undefined ? article.body : JSON.stringify(parseBodyDocument(changes.body)),
        slug:
          changes.slug === undefined || changes.slug === article.slug
            ? article.slug
            : await assertSlugFree(trx, article.edition, assertValidSlug(changes.slug), article.id),
        updatedAt: nowIso(),
      };
      // The revision is checked again by the update itself: of two saves racing on PostgreSQL, the
      // second waits for the first's row lock, then finds the revision changed and updates nothing.
      const updated = await trx
        .updateTable("articles")
        .set(next)
        .where("id", "=", article.id)
        .$if(expectedRevisionId !== undefined, (qb) => qb.where("revisionId", "=", expectedRevisionId ?? 0))
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw conflict();
      if (next.slug !== article.slug) await rememberOldSlug(trx, article, next.slug);
      // A published article's new text is searchable at once; only what readers see matters to
      // caches: a draft's edits change no page.
      const reason = !isVisibleAt(updated, nowIso())
        ? null
        : next.slug === article.slug
          ? "article.updated"
          : "article.renamed";
      log.stories(reason, [article.storyId], { articleIds: [article.id] });
      return new ArticleService(trx).recordRevision(updated, savedByUserId);
    });
  }

  /** Publishes now, or schedules when `at` is in the future; keeps the first publication time. */
  async publishArticle(articleId: number, options: { at?: string | Date } = {}): Promise<ArticleRow> {
    const article = await this.getById(articleId);
    const at = options.at === undefined ? null : isoInstant("at", options.at);
    const now = nowIso();
    // Only a time readers have already seen is kept; a time still to come was a schedule, which
    // publishing now replaces.
    const firstPublished =
      article.publishedAt !== null && article.publishedAt <= now ? article.publishedAt : null;
    const publishedAt = at ?? firstPublished ?? now;
    const status = publishedAt > now ? "scheduled" : "published";
    return this.changeStatus(article, { status, publishedAt });
  }

  async unpublishArticle(articleId: number): Promise<ArticleRow> {
    return this.changeStatus(await this.getById(articleId), { status: "unpublished" });
  }

  /** Sets status (and publication time) and keeps the archive listings in step, atomically. */
  private async changeStatus(
    article: ArticleRow,
    change: { status: ArticleStatus; publishedAt?: string },
  ): Promise<ArticleRow> {
    return changeContent(this.db, this.events, async (trx, log) => {
      const updated = await trx
        .updateTable("articles")
        .set(change)
        .where("id", "=", article.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      log.stories(statusChangeReason(article, updated, nowIso()), [article.storyId], {
        articleIds: [article.id],
      });
      return updated;
    });
  }

  /** A translator confirms the translation reflects the original's current text. */
  async markTranslationUpdated(articleId: number): Promise<ArticleRow> {
    const article = await this.getById(articleId);
    const original = await this.originalOf(article);
    if (!original) throw new ValidationError("articleId", "this article is an original, not a translation");
    return this.db
      .updateTable("articles")
      .set({ basedOnRevisionId: original.revisionId })
      .where("id", "=", articleId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async getById(articleId: number): Promise<ArticleRow> {
    const article = await this.db
      .selectFrom("articles")
      .selectAll()
      .where("id", "=", articleId)
      .executeTakeFirst();
    if (!article) throw new NotFoundError("article", articleId);
    return article;
  }

  async findByStoryAndEdition(storyId: number, edition: string): Promise<ArticleRow | undefined> {
    return this.db
      .selectFrom("articles")
      .selectAll()
      .where("storyId", "=", storyId)
      .where("edition", "=", edition)
      .executeTakeFirst();
  }

  /** The original a translation was made from (undefined for an original). */
  async originalOf(article: ArticleRow): Promise<ArticleRow | undefined> {
    const story = await this.db
      .selectFrom("stories")
      .select("originalEdition")
      .where("id", "=", article.storyId)
      .executeTakeFirstOrThrow();
    if (story.originalEdition === article.edition) return undefined;
    return this.findByStoryAndEdition(article.storyId, story.originalEdition);
  }

  async revisions(articleId: number) {
    return this.db
      .selectFrom("articleRevisions")
      .selectAll()
      .where("articleId", "=", articleId)
      .orderBy("number", "desc")
      .execute();
  }

  private async recordRevision(article: ArticleRow, savedByUserId: number | null): Promise<ArticleRow> {
    const last = await this.db
      .selectFrom("articleRevisions")
      .select((eb) => eb.fn.max("number").as("number"))
      .where("articleId", "=", article.id)
      .executeTakeFirst();
    const revision = await this.db
      .insertInto("articleRevisions")
      .values({
        articleId: article.id,
        number: Number(last?.number ?? 0) + 1,
        title: article.title,
        slug: article.slug,
        summary: article.summary,
        body: article.body,
        savedByUserId,
        createdAt: article.updatedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return this.db
      .updateTable("articles")
      .set({ revisionId: revision.id })
      .where("id", "=", article.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}

/** The old slug keeps leading readers here; a slug taken back stops being history. */
async function rememberOldSlug(db: Db, article: ArticleRow, newSlug: string): Promise<void> {
  await db
    .deleteFrom("articleSlugHistory")
    .where("edition", "=", article.edition)
    .where("slug", "=", newSlug)
    .execute();
  await db
    .insertInto("articleSlugHistory")
    .values({ edition: article.edition, slug: article.slug, articleId: article.id, createdAt: nowIso() })
    .onConflict((oc) =>
      oc.columns(["edition", "slug"]).doUpdateSet({ articleId: article.id, createdAt: nowIso() }),
    )
    .execute();
}

async function slugOwner(db: Db, edition: string, slug: string) {
  return db
    .selectFrom("articles")
    .select("id")
    .where("edition", "=", edition)
    .where("slug", "=", slug)
    .executeTakeFirst();
}

async function assertSlugFree(
  db: Db,
  edition: string,
  slug: string,
  articleId: number | null,
): Promise<string> {
  const owner = await slugOwner(db, edition, slug);
  if (owner && owner.id !== articleId) throw new SlugTakenError(edition, slug);
  return slug;
}

/** The slug itself, or with -2, -3… appended until no article of the edition uses it. */
async function freeSlug(db: Db, edition: string, base: string): Promise<string> {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugOwner(db, edition, candidate))) return candidate;
  }
}

/** Puts `authorId` first among the story's bylines (or removes them all, for null). */
async function setLeadByline(
  trx: Db,
  log: ContentChangeLog,
  storyId: number,
  authorId: number | null,
): Promise<void> {
  const former = await storyBylineIds(trx, storyId);
  const wanted = authorId === null ? [] : [authorId, ...former.filter((id) => id !== authorId)];
  if (sameBylines(former, wanted)) return;
  await replaceStoryBylines(trx, storyId, wanted);
  await logBylineChange(trx, log, storyId, former);
}
