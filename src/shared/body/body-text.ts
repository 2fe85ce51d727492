import type { BlockNode, BodyDocument, InlineNode, ParagraphNode } from "./body-document.ts";
import { parseBodyDocument } from "./parse-body.ts";

/** The words of a body as plain text, for search, feeds and summaries: blocks apart by blank lines. */
export function bodyPlainText(doc: BodyDocument): string {
  const blocks: string[] = [];
  collectText(doc.content, blocks);
  return blocks.join("\n\n");
}

function collectText(nodes: readonly BlockNode[], out: string[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case "paragraph":
      case "heading":
        pushText(inlineText(node.content), out);
        break;
      case "blockquote":
        collectText(node.content, out);
        break;
      case "bulletList":
      case "orderedList":
        for (const item of node.content) collectText(item.content, out);
        break;
      case "figure":
        pushText(node.attrs.caption ?? "", out);
        break;
      case "readCallout":
      case "embed":
        break;
    }
  }
}

function pushText(text: string, out: string[]): void {
  if (text.trim() !== "") out.push(text);
}

function inlineText(content: readonly InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

// A word is a run of letters, marks and digits; an apostrophe or hyphen inside it ("Iraq's", "Al-Sadr")
// does not split it.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

/** How many words a text holds. */
export function countWords(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(WORD)) count += 1;
  return count;
}

/** Minutes a reader needs for the body, rounded, never less than 1. */
export function readingMinutes(doc: BodyDocument, wordsPerMinute = 230): number {
  if (!Number.isFinite(wordsPerMinute) || wordsPerMinute <= 0) {
    throw new RangeError(`wordsPerMinute must be a positive number, not ${wordsPerMinute}`);
  }
  return Math.max(1, Math.round(countWords(bodyPlainText(doc)) / wordsPerMinute));
}

/**
 * The stories the body's READ callouts, the media its figures and the URLs its embeds point to, each
 * once, in order.
 */
export function collectBodyReferences(doc: BodyDocument): {
  storyIds: number[];
  mediaIds: number[];
  embedUrls: string[];
} {
  const storyIds = new Set<number>();
  const mediaIds = new Set<number>();
  const embedUrls = new Set<string>();
  const visit = (nodes: readonly BlockNode[]): void => {
    for (const node of nodes) {
      if (node.type === "readCallout") storyIds.add(node.attrs.storyId);
      else if (node.type === "figure") mediaIds.add(node.attrs.mediaId);
      else if (node.type === "embed") embedUrls.add(node.attrs.url);
      else if (node.type === "blockquote") visit(node.content);
      else if (node.type === "bulletList" || node.type === "orderedList") {
        for (const item of node.content) visit(item.content);
      }
    }
  };
  visit(doc.content);
  return { storyIds: [...storyIds], mediaIds: [...mediaIds], embedUrls: [...embedUrls] };
}

/**
 * A body from plain paragraphs (a line break inside a string becomes a hard break) and READ callouts,
 * as the demo seed writes it; checked like any other body.
 */
export function bodyFromParagraphs(items: readonly (string | { storyId: number })[]): BodyDocument {
  const content: BlockNode[] = items.map((item) =>
    typeof item === "string" ? paragraph(item) : { type: "readCallout", attrs: { storyId: item.storyId } },
  );
  return parseBodyDocument({ type: "doc", content });
}

function paragraph(text: string): ParagraphNode {
  const content: InlineNode[] = [];
  text.split("\n").forEach((line, index) => {
    if (index > 0) content.push({ type: "hardBreak" });
    if (line !== "") content.push({ type: "text", text: line });
  });
  return content.length > 0 ? { type: "paragraph", content } : { type: "paragraph" };
}

/** The words of a stored body (JSON); bodies were validated when saved, so they are read as they are. */
export function storedBodyText(json: string): string {
  try {
    return bodyPlainText(JSON.parse(json) as BodyDocument);
  } catch {
    return "";
  }
}
