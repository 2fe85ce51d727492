import type { Actor } from "../../accounts/authorization/policy.ts";
import { assertCan } from "../../accounts/authorization/policy.ts";
import { storyBylineIds } from "../../articles/story-bylines.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow } from "../../db/schema.ts";
import { plainTextToBody } from "../../newsroom/editor/plain-body.ts";
import { loadArticleForReading } from "../../newsroom/workflow/article-access.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import { parseBodyDocument } from "../../shared/body/parse-body.ts";
import { TribuneError, ValidationError } from "../../shared/errors.ts";

/** An article as the admin API answers it: what an edit needs, with `version` for If-Match. */
export interface AdminArticleView {
  id: number;
  storyId: number;
  edition: string;
  originalEdition: string;
  status: ArticleRow["status"];
  title: string;
  slug: string;
  dek: string | null;
  body: BodyDocument;
  tags: string[];
  authorIds: number[];
  heroMediaId: number | null;
  caption: string | null;
  publishedAt: string | null;
  updatedAt: string;
  version: number;
}

/** An edit without If-Match: the API does not overwrite what it has not seen. */
export class PreconditionRequiredError extends TribuneError {
  constructor() {
    super(
      "PRECONDITION_REQUIRED",
      428,
      'Send the version you edit in an If-Match header (If-Match: "<version>", from GET /api/v1/admin/articles/{id}), so that nobody\'s changes are overwritten unseen.',
    );
  }
}

/** The version in If-Match is not the current one: the editor's edit conflict, as HTTP says it. */
export class PreconditionFailedError extends TribuneError {
  constructor(message: string, details: Record<string, unknown>) {
    super("EDIT_CONFLICT", 412, message, details);
  }
}

/** The revision id an If-Match header names: `"123"` (one strong entity tag). */
export function versionOfIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === "") throw new PreconditionRequiredError();
  const match = /^\s*"([1-9][0-9]{0,9})"\s*$/.exec(header);
  if (!match) {
    throw new ValidationError(
      "If-Match",
      'must be one version in quotes, as the ETag of GET /api/v1/admin/articles/{id} says, e.g. "42"',
    );
  }
  return Number(match[1]);
}

/** The entity tag of an article's version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** A body as sent: a body document (checked as the editor checks it) or plain paragraphs. */
export function bodyOfInput(value: unknown): BodyDocument | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? plainTextToBody(value) : parseBodyDocument(value);
}

/** Tag keys as the story's tag ids, in order; an unknown key is a 400 naming it. */
export async function tagIdsOfKeys(
  db: Db,
  keys: readonly string[] | undefined,
): Promise<number[] | undefined> {
  if (keys === undefined) return undefined;
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  const rows = await db.selectFrom("tags").select(["id", "key"]).where("key", "in", unique).execute();
  return unique.map((key) => {
    const row = rows.find((candidate) => candidate.key === key);
    if (!row) throw new ValidationError("tags", `there is no tag with the key "${key}"`);
    return row.id;
  });
}

/** The article for `actor`, who must be allowed to read it (403 naming the rule otherwise). */
export async function adminArticle(db: Db, actor: Actor, articleId: number): Promise<AdminArticleView> {
  const { article, originalEdition, target } = await loadArticleForReading(db, actor, articleId);
  assertCan(actor, "article.read", target);
  const [story, tags, authorIds] = await Promise.all([
    db
      .selectFrom("stories")
      .select("heroMediaId")
      .where("id", "=", article.storyId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("storyTags")
      .innerJoin("tags", "tags.id", "storyTags.tagId")
      .select("tags.key")
      .where("storyTags.storyId", "=", article.storyId)
      .orderBy("storyTags.position")
      .execute(),
    storyBylineIds(db, article.storyId),
  ]);
  const caption =
    story.heroMediaId === null
      ? undefined
      : await db
          .selectFrom("mediaTexts")
          .select("caption")
          .where("mediaId", "=", story.heroMediaId)
          .where("edition", "=", article.edition)
          .executeTakeFirst();
  return {
    id: article.id,
    storyId: article.storyId,
    edition: article.edition,
    originalEdition,
    status: article.status,
    title: article.title,
    slug: article.slug,
    dek: article.summary,
    body: JSON.parse(article.body) as BodyDocument,
    tags: tags.map((tag) => tag.key),
    authorIds,
    heroMediaId: story.heroMediaId,
    caption: caption?.caption ?? null,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    version: article.revisionId ?? 0,
  };
}
