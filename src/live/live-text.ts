import type { BlockNode, BodyDocument, InlineNode, TextNode } from "../shared/body/body-document.ts";
import { isAllowedLinkHref } from "../shared/body/body-urls.ts";
import { parseBodyDocument } from "../shared/body/parse-body.ts";
import { ValidationError } from "../shared/errors.ts";

/** Longest update an editor may post: a live update is a few paragraphs, not an article. */
export const MAX_UPDATE_LENGTH = 5_000;

/** A web address in the text, up to the next space; trailing punctuation stays text. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'"]/g;

/**
 * An update's text as typed in the newsroom's plain form: paragraphs apart by a blank line, a line
 * break within one kept, web addresses made links. The result is a body document (the article
 * body's format, rendered by the same view), checked like any other body.
 */
export function liveBodyFromText(text: string): BodyDocument {
  const normalized = text.replace(/\r\n?/g, "\n").trim();
  if (normalized === "") throw new ValidationError("text", "An update needs some text.");
  if (normalized.length > MAX_UPDATE_LENGTH) {
    throw new ValidationError("text", `An update may be at most ${MAX_UPDATE_LENGTH} characters long.`);
  }
  const content: BlockNode[] = normalized
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== "")
    .map((block) => ({ type: "paragraph", content: inlines(block) }));
  return parseBodyDocument({ type: "doc", content });
}

/** The text an update was typed as, for its edit form: paragraphs back apart, links as addresses. */
export function liveTextOf(body: BodyDocument): string {
  return body.content
    .map((block) =>
      block.type === "paragraph"
        ? (block.content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("")
        : "",
    )
    .filter((paragraph) => paragraph !== "")
    .join("\n\n");
}

function inlines(block: string): InlineNode[] {
  const content: InlineNode[] = [];
  block.split("\n").forEach((line, index) => {
    if (index > 0) content.push({ type: "hardBreak" });
    content.push(...linked(line));
  });
  return content;
}

function linked(line: string): TextNode[] {
  const nodes: TextNode[] = [];
  let at = 0;
  for (const match of line.matchAll(URL_IN_TEXT)) {
    const href = match[0];
    if (!isAllowedLinkHref(href)) continue;
    if (match.index > at) nodes.push({ type: "text", text: line.slice(at, match.index) });
    nodes.push({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] });
    at = match.index + href.length;
  }
  if (at < line.length) nodes.push({ type: "text", text: line.slice(at) });
  return nodes;
}
