import { diffWordsWithSpace } from "diff";
import { bodyPlainText } from "../../shared/body/body-text.ts";
import { parseBodyDocument } from "../../shared/body/parse-body.ts";

/** One run of a word-level diff: kept, added or removed text. */
export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

/** The text of an article (or a revision of it) that people read, for comparing. */
export interface ComparableText {
  title: string;
  summary: string | null;
  /** The body document as stored (JSON text). */
  body: string;
}

export interface FieldDiff {
  field: "title" | "summary" | "body";
  label: string;
  parts: DiffPart[];
  changed: boolean;
}

/** A diff stops looking for the shortest edit after this long and shows old and new whole. */
const DIFF_TIMEOUT_MS = 1500;

/** Word-level differences from `before` to `after` (whitespace and line breaks kept, for reading). */
export function wordDiff(before: string, after: string): DiffPart[] {
  if (before === after) return before === "" ? [] : [{ kind: "same", text: before }];
  const changes = diffWordsWithSpace(before, after, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) {
    return [
      { kind: "removed", text: before },
      { kind: "added", text: after },
    ].filter((part) => part.text !== "") as DiffPart[];
  }
  return changes.map((change) => ({
    kind: change.added ? "added" : change.removed ? "removed" : "same",
    text: change.value,
  }));
}

/** The body's words as plain text, paragraphs apart; a body that no longer parses counts as empty. */
export function bodyText(body: string): string {
  try {
    return bodyPlainText(parseBodyDocument(body));
  } catch {
    return "";
  }
}

/** Title, summary and body text compared, word by word. */
export function compareTexts(before: ComparableText, after: ComparableText): FieldDiff[] {
  const fields: [FieldDiff["field"], string, string, string][] = [
    ["title", "Title", before.title, after.title],
    ["summary", "Summary", before.summary ?? "", after.summary ?? ""],
    ["body", "Text", bodyText(before.body), bodyText(after.body)],
  ];
  return fields.map(([field, label, a, b]) => ({ field, label, parts: wordDiff(a, b), changed: a !== b }));
}
