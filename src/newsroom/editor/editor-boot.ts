import { type Actor, can } from "../../accounts/authorization/policy.ts";
import { type PendingEdit, pendingEditOf } from "../../articles/pending-edits.ts";
import type { Db } from "../../db/database.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import { collectBodyReferences } from "../../shared/body/body-text.ts";
import { parseBodyDocument } from "../../shared/body/parse-body.ts";
import { slugify } from "../../shared/slug.ts";
import { listAuthors, listSources, storyTitles } from "./editor-lookups.ts";
import { type ArticleEditorService, type EditableArticle, waitsForApproval } from "./editor-service.ts";
import type { EditorArticle, EditorBoot } from "./editor-types.ts";
import { mediaChoices } from "./media-lookup.ts";
import { tagChips } from "./tag-lookup.ts";

export const EDITOR_API_ROOT = "/newsroom/api";

export interface BootContext {
  db: Db;
  service: ArticleEditorService;
  /** The site's default edition: names of tags missing in the article's edition fall back to it. */
  defaultEdition: string;
}

/** What the editor starts with for an article `actor` may edit (openForEditing has checked). */
export async function editorBootForArticle(
  context: BootContext,
  actor: Actor,
  editable: EditableArticle,
): Promise<EditorBoot> {
  const { story } = editable;
  const waits = waitsForApproval(actor, editable.article);
  const pending = waits ? await pendingEditOf(context.db, editable.article.id, actor.id) : undefined;
  // Someone whose edits wait for approval goes on from their pending text, not from what readers see.
  const article = pending ? { ...editable.article, ...pendingText(pending) } : editable.article;
  const body = parseBodyDocument(article.body);
  const tagRows = await context.db
    .selectFrom("storyTags")
    .select("tagId")
    .where("storyId", "=", story.id)
    .orderBy("position")
    .execute();
  const fields: EditorArticle = {
    id: article.id,
    storyId: story.id,
    edition: article.edition,
    status: article.status,
    revisionId: article.revisionId,
    revisionNumber: editable.revisionNumber,
    isTranslation: article.edition !== story.originalEdition,
    updatedAt: article.updatedAt,
    title: article.title,
    slug: article.slug,
    summary: article.summary,
    body,
    authorId: article.authorId,
    authorIds: (
      await context.db
        .selectFrom("storyAuthors")
        .select("authorId")
        .where("storyId", "=", story.id)
        .orderBy("position")
        .execute()
    ).map((row) => row.authorId),
    sourceId: story.sourceId,
    heroMediaId: story.heroMediaId,
    tagIds: tagRows.map((row) => row.tagId),
  };
  const storyRefusal = await context.service.storyRefusal(actor, editable);
  return assemble(context, actor, fields, {
    // A published article's address is public: its slug changes only when someone means it to.
    slugLocked:
      article.status !== "draft" || article.publishedAt !== null || article.slug !== slugify(article.title),
    editStory: storyRefusal === null,
    approval: waits ? { pendingSince: pending?.updatedAt ?? null } : null,
  });
}

function pendingText(pending: PendingEdit) {
  return { title: pending.title, slug: pending.slug, summary: pending.summary, body: pending.body };
}

/** What the editor starts with for a new story written in `edition`. */
export async function editorBootForNew(
  context: BootContext,
  actor: Actor,
  edition: string,
): Promise<EditorBoot> {
  // A reporter with an author profile writes under their own byline unless they choose another.
  const ownAuthor = await context.db
    .selectFrom("users")
    .select("authorId")
    .where("id", "=", actor.id)
    .executeTakeFirst();
  const fields: EditorArticle = {
    id: null,
    storyId: null,
    edition,
    status: "draft",
    revisionId: null,
    revisionNumber: 0,
    isTranslation: false,
    updatedAt: null,
    title: "",
    slug: "",
    summary: null,
    body: { type: "doc", content: [] },
    authorId: ownAuthor?.authorId ?? null,
    authorIds: ownAuthor?.authorId ? [ownAuthor.authorId] : [],
    sourceId: null,
    heroMediaId: null,
    tagIds: [],
  };
  return assemble(context, actor, fields, { slugLocked: false, editStory: true, approval: null });
}

async function assemble(
  context: BootContext,
  actor: Actor,
  article: EditorArticle,
  options: { slugLocked: boolean; editStory: boolean; approval: EditorBoot["approval"] },
): Promise<EditorBoot> {
  const { db } = context;
  const references = collectBodyReferences(article.body as BodyDocument);
  const mediaIds = [...references.mediaIds, ...(article.heroMediaId ? [article.heroMediaId] : [])];
  const [tags, media, stories, authors, sources] = await Promise.all([
    tagChips(db, article.tagIds, article.edition, context.defaultEdition),
    mediaChoices(db, mediaIds, article.edition),
    storyTitles(db, actor, references.storyIds, article.edition),
    listAuthors(db),
    listSources(db),
  ]);
  return {
    article,
    tags,
    hero: media.find((choice) => choice.id === article.heroMediaId) ?? null,
    media: Object.fromEntries(media.map((choice) => [String(choice.id), choice])),
    stories,
    authors,
    sources,
    slugLocked: options.slugLocked,
    autosave: article.status === "draft",
    can: {
      editStory: options.editStory,
      createTags: can(actor, "tag.create"),
      createSources: can(actor, "article.create") || can(actor, "article.editAny"),
      uploadMedia: can(actor, "media.upload"),
    },
    api: EDITOR_API_ROOT,
    approval: options.approval,
  };
}
