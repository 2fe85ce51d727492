import { ValidationError } from "./errors.ts";
import { isRowId, MAX_ID } from "./ids.ts";

/** A required single-line text, trimmed, with a length limit. */
export function requiredText(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(field, "is required");
  return limitedText(field, value.trim(), maxLength);
}

/** An optional text: empty becomes null. */
export function optionalText(field: string, value: unknown, maxLength: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ValidationError(field, "must be text");
  const trimmed = value.trim();
  return trimmed === "" ? null : limitedText(field, trimmed, maxLength);
}

function limitedText(field: string, value: string, maxLength: number): string {
  if (value.length > maxLength) {
    throw new ValidationError(field, `is ${value.length} characters long; the limit is ${maxLength}`);
  }
  if (value.includes("\u0000")) throw new ValidationError(field, "must not contain NUL characters");
  return value;
}

/** An optional absolute http(s) URL. */
export function optionalUrl(field: string, value: unknown): string | null {
  const text = optionalText(field, value, 2000);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(
      field,
      `"${text.slice(0, 100)}" is not an absolute URL such as https://example.org/page`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError(field, "must be an http or https address");
  }
  return url.href;
}

const ID_RANGE = `a whole number from 1 to ${MAX_ID}`;

/** The id of a row, given as a number (JSON): 1 to MAX_ID, or a 400 naming the field. */
export function positiveId(field: string, value: unknown): number {
  if (!isRowId(value)) throw new ValidationError(field, `must be an id: ${ID_RANGE}`);
  return value;
}

/** An id or null (nothing chosen). */
export function idOrNull(field: string, value: unknown): number | null {
  if (value === null) return null;
  if (!isRowId(value)) throw new ValidationError(field, `must be an id (${ID_RANGE}) or null`);
  return value;
}

/** A list of ids without repeats, in order, at most `max` of them. */
export function idList(field: string, value: unknown, max: number): number[] {
  if (!Array.isArray(value)) throw new ValidationError(field, "must be a list of ids, such as [3, 12]");
  if (value.length > max) throw new ValidationError(field, `lists ${value.length} ids; the limit is ${max}`);
  return [...new Set(value.map((item, index) => positiveId(`${field}[${index}]`, item)))];
}

/** A boolean, when one is expected: `"yes"` or `1` is refused rather than guessed at. */
export function booleanField(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new ValidationError(field, "must be true or false");
  return value;
}

/** An ISO-8601 instant, normalised to UTC with milliseconds. */
export function isoInstant(field: string, value: unknown): string {
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new ValidationError(field, "must be a date and time such as 2026-03-04T09:30:00Z");
  }
  return date.toISOString();
}

export function nowIso(): string {
  return new Date().toISOString();
}
