import { recordAudit } from "../../accounts/audit/audit-log.ts";
import { type Actor, assertCan, can, refusal } from "../../accounts/authorization/policy.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { createStoryWithArticle } from "../../articles/create-story-with-article.ts";
import { pendingEditOf, savePendingEdit } from "../../articles/pending-edits.ts";
import { sameBylines, storyBylineIds } from "../../articles/story-bylines.ts";
import { StoryService } from "../../articles/story-service.ts";
import { AuthorService } from "../../authors/author-service.ts";
import { revisionSaverId } from "../../content/revision-savers.ts";
import { isVisibleAt } from "../../content/story-change.ts";
import { changeContent } from "../../content/unit-of-work.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow, StoryRow } from "../../db/schema.ts";
import { assertEditions } from "../../editions/edition-service.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import { collectBodyReferences } from "../../shared/body/body-text.ts";
import { parseBodyDocument } from "../../shared/body/parse-body.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { EditConflictError, ForbiddenError, ValidationError } from "../../shared/errors.ts";
import { assertValidSlug, slugify } from "../../shared/slug.ts";
import { idList, idOrNull, nowIso, optionalText, positiveId, requiredText } from "../../shared/validate.ts";
import { MAX_TAGS } from "./editor-input.ts";
import type { CreateRequest, SavedArticle, SaveRequest, SlugCheck } from "./editor-types.ts";

/** The edit page of an article. */
export function editUrl(articleId: number): string {
  return `/newsroom/articles/${articleId}/edit`;
}

/** An article with what the rules about it need: its story and the newsroom user who owns it. */
export interface EditableArticle {
  article: ArticleRow;
  story: StoryRow;
  /** The users.id of whoever saved its first revision (the one who created it); null for imports and seeds. */
  ownerUserId: number | null;
  revisionNumber: number;
}

/**
 * The article editor's operations for a signed-in newsroom user: every one asks the policy first
 * (assertCan), then delegates to ArticleService and StoryService, so roles hold whatever page or API
 * calls it. A contributor edits only their own drafts; a translator only translations in their
 * editions, and never the story's tags, source or hero image; editors and admins everything.
 */
export class ArticleEditorService {
  private readonly articles: ArticleService;

  constructor(
    private readonly db: Db,
    /** The app's ContentEvents, so that saving a published article refreshes readers' pages. */
    private readonly events?: ContentEvents,
  ) {
    this.articles = new ArticleService(db, events);
  }

  /** The article with its story and owner, after checking that `actor` may edit it. */
  async openForEditing(actor: Actor, articleId: number): Promise<EditableArticle> {
    const editable = await this.load(articleId);
    assertCanEditArticle(actor, editable);
    return editable;
  }

  /** Whether `actor` may change the story's tags, source and hero image, and why not. */
  async storyRefusal(actor: Actor, editable: EditableArticle): Promise<string | null> {
    const original =
      editable.article.edition === editable.story.originalEdition
        ? editable
        : await this.originalOf(editable);
    return storyEditRefusal(actor, original);
  }

  /**
   * A new story with its original article in `edition`, as a draft owned by `actor`. Everything is
   * checked before the story is written, so a refused draft leaves nothing behind.
   */
  async create(actor: Actor, input: CreateRequest): Promise<SavedArticle> {
    assertCan(actor, "article.create", { edition: input.edition });
    await assertEditions(this.db, "edition", [input.edition]);
    const title = requiredText("title", input.title, 300);
    optionalText("summary", input.summary, 1000);
    const body = parseBodyDocument(input.body ?? { type: "doc", content: [] });
    const slug = input.slug ? assertValidSlug(input.slug) : undefined;
    if (slug !== undefined) {
      const check = await this.checkSlug(input.edition, slug, null);
      if (!check.available) throw new ValidationError("slug", check.message ?? "is taken");
    }
    const tagIds = input.tagIds ?? [];
    await this.assertReferences({ ...input, body, tagIds }, null);
    const authorIds = await this.bylinesOfNewStory(actor, input);
    // One transaction: a slug taken meanwhile, or a process killed halfway, leaves no empty story.
    // A draft: the unit announces nothing readers would see.
    const { article } = await changeContent(this.db, undefined, async (trx) => {
      const created = await createStoryWithArticle(
        trx,
        {
          originalEdition: input.edition,
          heroMediaId: input.heroMediaId ?? null,
          sourceId: input.sourceId ?? null,
          tagIds,
        },
        {
          title,
          ...(slug !== undefined ? { slug } : {}),
          summary: input.summary ?? null,
          body,
          authorId: authorIds[0] ?? null,
          savedByUserId: actor.id,
        },
      );
      await new AuthorService(trx).setBylines(created.story.id, authorIds);
      return created;
    });
    return this.saved(article);
  }

  /**
   * A new story's bylines: those chosen, else the author chosen as lead, else the author profile
   * linked to whoever writes it (a reporter's own byline), else none.
   */
  private async bylinesOfNewStory(actor: Actor, input: CreateRequest): Promise<number[]> {
    if (input.authorIds !== undefined) return input.authorIds;
    if (input.authorId !== undefined) return input.authorId === null ? [] : [input.authorId];
    const own = await new AuthorService(this.db).authorOfUser(actor.id);
    return own === null ? [] : [own];
  }

  /**
   * Saves the editor's fields as a new revision, provided the article is still at
   * `baseRevisionId` (else EditConflictError, with who saved the newer revision and when). Story
   * fields that changed (tags, source, hero) are saved with the article: one unit of work, one
   * transaction and one announcement to caches.
   */
  async save(actor: Actor, articleId: number, input: SaveRequest, ip?: string | null): Promise<SavedArticle> {
    const editable = await this.openForEditing(actor, articleId);
    const { article, story } = editable;
    // Checked here too, whoever calls: a base that is not an id must never pass for "no check".
    const base = input.baseRevisionId === null ? null : positiveId("baseRevisionId", input.baseRevisionId);
    if (input.autosave === true && article.status !== "draft") {
      throw new ValidationError(
        "autosave",
        `only drafts are saved automatically; this article is ${article.status}, so save it with the Save button`,
      );
    }
    const body = input.body === undefined ? undefined : parseBodyDocument(input.body);
    const slug =
      input.slug === undefined || input.slug === article.slug ? undefined : assertValidSlug(input.slug);
    const storyChanges = await this.storyChanges(story, input);
    // Bylines are the story's, shown in every edition: changing them is a story change.
    const bylinesChange =
      input.authorIds !== undefined && !sameBylines(await storyBylineIds(this.db, story.id), input.authorIds);
    if (storyChanges.changed || bylinesChange) {
      const reason = await this.storyRefusal(actor, editable);
      if (reason !== null) throw new ForbiddenError(reason, { action: "story.edit", role: actor.role });
    }
    await this.assertReferences({ ...input, ...(body ? { body } : {}) }, story.id);
    if (base === null && article.revisionId !== null) throw await this.conflict(article, 0);
    if (waitsForApproval(actor, article)) {
      if (base !== article.revisionId) throw await this.conflict(article, base ?? 0);
      return this.savePending(
        actor,
        article,
        { ...input, ...(body ? { body } : {}), ...(slug ? { slug } : {}) },
        ip,
      );
    }
    let updated: ArticleRow;
    try {
      updated = await changeContent(this.db, this.events, async (trx) => {
        const stories = new StoryService(trx);
        const saved = await new ArticleService(trx).updateArticle(
          article.id,
          {
            ...(input.title !== undefined ? { title: input.title } : {}),
            ...(slug !== undefined ? { slug } : {}),
            ...(input.summary !== undefined ? { summary: input.summary } : {}),
            ...(body !== undefined ? { body } : {}),
            ...(input.authorId !== undefined ? { authorId: input.authorId } : {}),
            ...(base !== null ? { expectedRevisionId: base } : {}),
          },
          actor.id,
        );
        if (input.authorIds !== undefined && bylinesChange) {
          await new AuthorService(trx, this.events).setBylines(story.id, input.authorIds);
        }
        if (storyChanges.tagIds) await stories.setTags(story.id, storyChanges.tagIds);
        if (storyChanges.sourceId !== undefined) await stories.setSource(story.id, storyChanges.sourceId);
        if (storyChanges.heroMediaId !== undefined) await stories.setHero(story.id, storyChanges.heroMediaId);
        // What readers see changed: every edit to a live article is audited, by whom and from where.
        if (isVisibleAt(article, nowIso())) {
          await recordAudit(trx, {
            actorUserId: actor.id,
            action: "article.editLive",
            subjectType: "article",
            subjectId: article.id,
            details: {
              title: saved.title,
              edition: saved.edition,
              revisionId: saved.revisionId,
              story: storyChanges.changed,
            },
            ip: ip ?? null,
          });
        }
        return saved;
      });
    } catch (error) {
      if (error instanceof EditConflictError) throw await this.conflict(article, base ?? 0);
      throw error;
    }
    return this.saved(updated);
  }

  /**
   * Keeps the edit of someone who may not change what readers see as their pending edit of the
   * article, for an editor to apply or discard; the article and what readers see stay as they are.
   */
  private async savePending(
    actor: Actor,
    article: ArticleRow,
    input: Omit<SaveRequest, "body"> & { body?: BodyDocument },
    ip: string | null | undefined,
  ): Promise<SavedArticle> {
    const earlier = await pendingEditOf(this.db, article.id, actor.id);
    const text = {
      title: requiredText("title", input.title ?? earlier?.title ?? article.title, 300),
      slug: input.slug ?? earlier?.slug ?? article.slug,
      summary: optionalText(
        "summary",
        input.summary === undefined ? (earlier?.summary ?? article.summary) : input.summary,
        1000,
      ),
      body: input.body ? JSON.stringify(input.body) : (earlier?.body ?? article.body),
    };
    if (text.slug !== article.slug) {
      const check = await this.checkSlug(article.edition, text.slug, article.id);
      if (!check.available) throw new ValidationError("slug", check.message ?? "is taken");
    }
    const pending = await this.db.transaction().execute(async (trx) => {
      const saved = await savePendingEdit(trx, article, actor.id, text);
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "article.editPending",
        subjectType: "article",
        subjectId: article.id,
        details: { title: text.title, edition: article.edition, pendingEditId: saved.id },
        ip: ip ?? null,
      });
      return saved;
    });
    return { ...(await this.saved(article)), pendingSince: pending.updatedAt };
  }

  /** Whether `slug` can be this article's in `edition`; a taken one comes with a free suggestion. */
  async checkSlug(edition: string, slug: string, articleId: number | null): Promise<SlugCheck> {
    try {
      assertValidSlug(slug);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const made = slugify(slug);
      return { slug, available: false, message: error.message, suggestion: made || null };
    }
    const taken = async (candidate: string) => {
      const owner = await this.db
        .selectFrom("articles")
        .select("id")
        .where("edition", "=", edition)
        .where("slug", "=", candidate)
        .executeTakeFirst();
      return owner !== undefined && owner.id !== articleId;
    };
    if (!(await taken(slug))) return { slug, available: true, message: null, suggestion: null };
    let suggestion: string | null = null;
    for (let n = 2; n < 100 && suggestion === null; n += 1) {
      const candidate = `${slug.replace(/-\d+$/, "")}-${n}`;
      if (!(await taken(candidate))) suggestion = candidate;
    }
    return {
      slug,
      available: false,
      message: `Another ${edition} article already uses "${slug}"; choose another${suggestion ? `, such as "${suggestion}"` : ""}.`,
      suggestion,
    };
  }

  async load(articleId: number): Promise<EditableArticle> {
    const article = await this.articles.getById(articleId);
    const [story, ownerUserId, revision] = await Promise.all([
      new StoryService(this.db).getById(article.storyId),
      revisionSaverId(this.db, article.id, "first"),
      article.revisionId === null
        ? undefined
        : this.db
            .selectFrom("articleRevisions")
            .select("number")
            .where("id", "=", article.revisionId)
            .executeTakeFirst(),
    ]);
    return { article, story, ownerUserId, revisionNumber: revision?.number ?? 0 };
  }

  private async originalOf(editable: EditableArticle): Promise<EditableArticle | null> {
    const original = await this.articles.findByStoryAndEdition(
      editable.story.id,
      editable.story.originalEdition,
    );
    return original ? this.load(original.id) : null;
  }

  /** Which story fields the input changes, by comparing with what is stored. */
  private async storyChanges(story: StoryRow, input: SaveRequest) {
    let tagIds: number[] | undefined;
    if (input.tagIds !== undefined) {
      const current = await this.db
        .selectFrom("storyTags")
        .select("tagId")
        .where("storyId", "=", story.id)
        .orderBy("position")
        .execute();
      const wanted = idList("tagIds", input.tagIds, MAX_TAGS);
      if (wanted.join(",") !== current.map((row) => row.tagId).join(",")) tagIds = wanted;
    }
    const sourceId =
      input.sourceId !== undefined && input.sourceId !== story.sourceId ? input.sourceId : undefined;
    const heroMediaId =
      input.heroMediaId !== undefined && input.heroMediaId !== story.heroMediaId
        ? input.heroMediaId
        : undefined;
    return {
      changed: tagIds !== undefined || sourceId !== undefined || heroMediaId !== undefined,
      tagIds,
      sourceId,
      heroMediaId,
    };
  }

  /**
   * Names a missing author, source, image or story instead of letting a foreign key fail; a READ
   * callout may not point at its own story.
   */
  private async assertReferences(
    input: {
      authorId?: number | null;
      sourceId?: number | null;
      heroMediaId?: number | null;
      tagIds?: number[];
      body?: BodyDocument;
    },
    storyId: number | null,
  ): Promise<void> {
    const exists = async (table: "authors" | "sources" | "media" | "stories", id: number) =>
      (await this.db.selectFrom(table).select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
    const single = [
      ["authorId", "authors", "author", input.authorId],
      ["sourceId", "sources", "source", input.sourceId],
      ["heroMediaId", "media", "image", input.heroMediaId],
    ] as const;
    for (const [field, table, what, value] of single) {
      if (value === undefined) continue;
      const id = idOrNull(field, value);
      if (id !== null && !(await exists(table, id))) {
        throw new ValidationError(field, `there is no ${what} #${id}`);
      }
    }
    // Checked before anything is saved: a save must not stop halfway, between article and story.
    for (const id of input.tagIds === undefined ? [] : idList("tagIds", input.tagIds, MAX_TAGS)) {
      if (!(await this.db.selectFrom("tags").select("id").where("id", "=", id).executeTakeFirst()))
        throw new ValidationError("tagIds", `there is no tag #${id}`);
    }
    if (!input.body) return;
    const { storyIds, mediaIds } = collectBodyReferences(input.body);
    for (const id of mediaIds) {
      if (!(await exists("media", id)))
        throw new ValidationError("body", `a figure shows image #${id}, which is not in the media library`);
    }
    for (const id of storyIds) {
      if (id === storyId) throw new ValidationError("body", "a READ callout cannot point at its own story");
      if (!(await exists("stories", id)))
        throw new ValidationError("body", `a READ callout points at story #${id}, which does not exist`);
    }
  }

  /** The conflict as the editor shows it: who saved the newer revision, and when. */
  private async conflict(article: ArticleRow, expectedRevisionId: number): Promise<EditConflictError> {
    const latest = await this.db
      .selectFrom("articles")
      .innerJoin("articleRevisions", "articleRevisions.id", "articles.revisionId")
      .leftJoin("users", "users.id", "articleRevisions.savedByUserId")
      .select([
        "articles.revisionId",
        "articleRevisions.number",
        "articleRevisions.createdAt",
        "users.name as savedBy",
      ])
      .where("articles.id", "=", article.id)
      .executeTakeFirst();
    return new EditConflictError({
      articleId: article.id,
      expectedRevisionId,
      currentRevisionId: latest?.revisionId ?? null,
      currentRevisionNumber: latest?.number ?? null,
      savedAt: latest?.createdAt ?? null,
      savedBy: latest?.savedBy ?? null,
    });
  }

  private async saved(article: ArticleRow): Promise<SavedArticle> {
    const revision = await this.db
      .selectFrom("articleRevisions")
      .select(["id", "number", "createdAt"])
      .where("id", "=", article.revisionId ?? 0)
      .executeTakeFirstOrThrow();
    return {
      id: article.id,
      storyId: article.storyId,
      edition: article.edition,
      status: article.status,
      slug: article.slug,
      revisionId: revision.id,
      revisionNumber: revision.number,
      savedAt: revision.createdAt,
      editUrl: editUrl(article.id),
      pendingSince: null,
    };
  }
}

/**
 * Whether `actor`'s edits of the article wait for an editor: it is published or scheduled (an editor
 * approved its text for readers) and they may not change what readers see.
 */
export function waitsForApproval(actor: Actor, article: Pick<ArticleRow, "status" | "edition">): boolean {
  const approved = article.status === "published" || article.status === "scheduled";
  return approved && !can(actor, "article.editLive", { edition: article.edition });
}

/**
 * Throws unless `actor` may edit the article: a translation needs `translation.edit` in its edition,
 * an original `article.editAny`, or `article.editOwnDraft` for the owner of a draft.
 */
export function assertCanEditArticle(actor: Actor, editable: EditableArticle): void {
  const reason = editRefusal(actor, editable);
  if (reason !== null) throw new ForbiddenError(reason, { action: "article.edit", role: actor.role });
}

/** Why `actor` may not edit the article, or null when they may (for hiding links and buttons). */
export function editRefusal(actor: Actor, editable: EditableArticle): string | null {
  const { article, story, ownerUserId } = editable;
  if (article.edition !== story.originalEdition) {
    return refusal(actor, "translation.edit", { edition: article.edition });
  }
  if (can(actor, "article.editAny")) return null;
  return refusal(actor, "article.editOwnDraft", {
    ownerUserId,
    status: article.status,
    edition: article.edition,
  });
}

/** Story fields follow the original article: whoever may edit it may change them. */
function storyEditRefusal(actor: Actor, original: EditableArticle | null): string | null {
  if (can(actor, "article.editAny")) return null;
  const who = `${/^[aeiou]/.test(actor.role) ? "An" : "A"} ${actor.role}`;
  if (!original || original.article.edition !== original.story.originalEdition) {
    return `${who} may not change the story's tags, source or hero image.`;
  }
  const reason = refusal(actor, "article.editOwnDraft", {
    ownerUserId: original.ownerUserId,
    status: original.article.status,
    edition: original.article.edition,
  });
  return reason === null
    ? null
    : `${who} may not change the story's tags, source or hero image: they belong to the original article, which only its author (while a draft) and editors may change.`;
}
