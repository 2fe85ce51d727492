import { MAX_BYLINES } from "../../authors/author-service.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import { ValidationError } from "../../shared/errors.ts";
import { booleanField, idList, idOrNull, positiveId } from "../../shared/validate.ts";
import type { CreateRequest, EditorFields, SaveRequest } from "./editor-types.ts";

/** Most tags one story carries; more is a mistake (or an attack), not a story. */
export const MAX_TAGS = 100;

const EDITOR_FIELDS = [
  "title",
  "slug",
  "summary",
  "body",
  "authorId",
  "authorIds",
  "sourceId",
  "heroMediaId",
  "tagIds",
] as const satisfies readonly (keyof EditorFields)[];

/**
 * The JSON of `PUT /api/articles/:id`, checked field by field before anything is read or written:
 * every field of its type and range (ids 1 to 2147483647), no field the editor does not know, and a
 * `baseRevisionId` that is an id or null, never anything that could pass for "no check". Lengths,
 * slugs, bodies and references are the service's to judge.
 */
export function parseSaveRequest(value: unknown): SaveRequest {
  const input = jsonObject(value, [...EDITOR_FIELDS, "baseRevisionId", "autosave"]);
  if (!Object.hasOwn(input, "baseRevisionId")) {
    throw new ValidationError("baseRevisionId", "send the revision the editor loaded (or null for none)");
  }
  return {
    ...editorFields(input),
    baseRevisionId: baseRevisionId(input.baseRevisionId),
    ...(input.autosave !== undefined ? { autosave: booleanField("autosave", input.autosave) } : {}),
  };
}

/** The JSON of `POST /api/articles`, checked as parseSaveRequest checks a save. */
export function parseCreateRequest(value: unknown): CreateRequest {
  const input = jsonObject(value, [...EDITOR_FIELDS, "edition"]);
  if (typeof input.edition !== "string") throw new ValidationError("edition", "must be an edition's code");
  return { ...editorFields(input), edition: input.edition, title: text("title", input.title ?? "") };
}

/** A JSON object with only the fields named, or a 400 naming the first other one. */
export function jsonObject(value: unknown, fields: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError("request", "send a JSON object");
  }
  const unknown = Object.keys(value).find((key) => !fields.includes(key));
  if (unknown !== undefined) {
    throw new ValidationError(
      unknown.slice(0, 40),
      `is not a field of this request; the fields are ${fields.join(", ")}`,
    );
  }
  return value as Record<string, unknown>;
}

function editorFields(input: Record<string, unknown>): Partial<EditorFields> {
  const fields: Partial<EditorFields> = {};
  if (input.title !== undefined) fields.title = text("title", input.title);
  if (input.slug !== undefined) fields.slug = text("slug", input.slug);
  if (input.summary !== undefined)
    fields.summary = input.summary === null ? null : text("summary", input.summary);
  if (input.body !== undefined) fields.body = bodyObject(input.body);
  if (input.authorId !== undefined) fields.authorId = idOrNull("authorId", input.authorId);
  if (input.authorIds !== undefined) fields.authorIds = idList("authorIds", input.authorIds, MAX_BYLINES);
  if (input.sourceId !== undefined) fields.sourceId = idOrNull("sourceId", input.sourceId);
  if (input.heroMediaId !== undefined) fields.heroMediaId = idOrNull("heroMediaId", input.heroMediaId);
  if (input.tagIds !== undefined) fields.tagIds = idList("tagIds", input.tagIds, MAX_TAGS);
  return fields;
}

/** Null (the article has no revision yet) or the id of the revision the editor started from. */
function baseRevisionId(value: unknown): number | null {
  if (value === null) return null;
  try {
    return positiveId("baseRevisionId", value);
  } catch {
    throw new ValidationError(
      "baseRevisionId",
      "must be the id of the revision the editor loaded (a whole number from 1), or null for an article never saved",
    );
  }
}

function text(field: string, value: unknown): string {
  if (typeof value !== "string") throw new ValidationError(field, "must be text");
  return value;
}

/** The body's structure is parseBodyDocument's to check; here only that it is a document object. */
function bodyObject(value: unknown): BodyDocument {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError("body", 'must be a document object, { "type": "doc", "content": [...] }');
  }
  return value as BodyDocument;
}
