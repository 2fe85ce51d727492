import { CommentRefusedError } from "./comment-errors.ts";

export const NAME_MAX = 80;
export const EMAIL_MAX = 254;

/**
 * Removed from everything a reader sends, before anything is checked or stored:
 * - C0 and C1 control characters, except line feed (tab becomes a space, CR LF becomes LF);
 * - bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069): they reorder the
 *   text around them ("Trojan Source"), and each comment is shown isolated with dir="auto" anyway.
 *   The marks LRM, RLM and ALM stay: they only nudge neutral characters, and Arabic and Hebrew
 *   writers use them;
 * - zero-width space, word joiner, invisible operators, BOM, interlinear annotations and the
 *   Mongolian vowel separator: invisible, used to split words past filters. ZWJ and ZWNJ stay
 *   (emoji sequences, Persian and Indic spelling); word lists ignore them when matching;
 * - noncharacters (U+FDD0–FDEF, U+xFFFE, U+xFFFF).
 * Malformed UTF-8 never gets this far: the form is refused as unreadable.
 */
const STRIPPED =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u180E\u200B\u202A-\u202E\u2060-\u2064\u2066-\u2069\u206A-\u206F\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\u{FFFE}\u{FFFF}\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{10FFFE}\u{10FFFF}]/gu;

/** More combining marks than this on one letter are dropped ("Zalgo" text spilling over lines). */
const MAX_MARKS = 4;

/** Text as stored: NFC, only safe characters, line breaks kept, at most one empty line in a row. */
export function cleanText(raw: string): string {
  const text = raw
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, " ")
    .replace(STRIPPED, "")
    .replace(new RegExp(`(\\p{M}{${MAX_MARKS}})\\p{M}+`, "gu"), "$1");
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A name as stored: cleaned, on one line, spaces folded. */
export function cleanName(raw: string): string {
  return cleanText(raw).replace(/\s+/g, " ").trim();
}

/** Length as readers count it: code points, not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

/** What a reader fills in, checked; throws the refusal for the first problem found. */
export interface CommentFields {
  name: string;
  email: string;
  text: string;
}

/**
 * Cleans and checks the three fields of a comment. A verified reader's e-mail comes from their
 * sign-in (`knownEmail`), whatever the form says.
 */
export function checkCommentFields(
  raw: { name: string; email: string; text: string },
  limits: { maxLength: number },
  known: { email?: string | undefined; name?: string | null | undefined } = {},
): CommentFields {
  const name = cleanName(raw.name) || (known.name ?? "");
  if (name === "") throw new CommentRefusedError("NAME_REQUIRED");
  const nameLength = characterCount(name);
  if (nameLength > NAME_MAX)
    throw new CommentRefusedError("NAME_TOO_LONG", { limit: NAME_MAX, actual: nameLength });
  const email = known.email ?? cleanName(raw.email).toLowerCase();
  if (email === "") throw new CommentRefusedError("EMAIL_REQUIRED");
  if (email.length > EMAIL_MAX || !EMAIL.test(email)) throw new CommentRefusedError("EMAIL_INVALID");
  const text = cleanText(raw.text);
  if (text === "") throw new CommentRefusedError("TEXT_REQUIRED");
  const length = characterCount(text);
  if (length > limits.maxLength) {
    throw new CommentRefusedError("TEXT_TOO_LONG", { limit: limits.maxLength, actual: length });
  }
  return { name, email, text };
}
