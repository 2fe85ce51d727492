import type { BodyDocument } from "../../shared/body/body-document.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";

// Without JavaScript the body is edited in a text area as plain paragraphs: a blank line between
// paragraphs, a single line break inside one. Only a body that is nothing more than that can be edited
// so without losing anything; any other is shown read-only there and kept as it is.

/** Whether the body holds only paragraphs of unformatted text (what a text area can say). */
export function isPlainBody(doc: BodyDocument): boolean {
  return doc.content.every(
    (block) =>
      block.type === "paragraph" &&
      (block.content ?? []).every((inline) => inline.type === "hardBreak" || !inline.marks?.length),
  );
}

/** The body as the text area shows it. */
export function bodyToPlainText(doc: BodyDocument): string {
  return doc.content
    .map((block) =>
      block.type === "paragraph"
        ? (block.content ?? []).map((inline) => (inline.type === "text" ? inline.text : "\n")).join("")
        : "",
    )
    .filter((text) => text.trim() !== "")
    .join("\n\n");
}

/** The text area's text as a body: paragraphs apart by blank lines, line breaks kept inside them. */
export function plainTextToBody(text: string): BodyDocument {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ""))
    .filter((paragraph) => paragraph.trim() !== "");
  return bodyFromParagraphs(paragraphs);
}
