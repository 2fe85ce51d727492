import type { InlineNode, Mark, TextNode } from "./body-document.ts";
import { isAllowedLinkHref } from "./body-urls.ts";
import {
  BODY_LIMITS,
  childPath,
  expectArray,
  expectObject,
  expectText,
  fail,
  itemPath,
  nodeType,
  type ParseState,
} from "./parse-support.ts";

const INLINE_TYPES = ["text", "hardBreak"] as const;
const MARK_TYPES = ["link", "bold", "italic"] as const;

/**
 * The inline content of a paragraph or heading, normalized: marks in one order (link, bold, italic) and
 * neighbouring text runs with the same marks joined, so equal bodies are stored equally.
 */
export function parseInlines(value: unknown, path: string, state: ParseState): InlineNode[] {
  const items = expectArray(value, path);
  const nodes: InlineNode[] = [];
  items.forEach((item, index) => {
    const node = parseInline(item, itemPath(path, index), state);
    const previous = nodes.at(-1);
    if (node.type === "text" && previous?.type === "text" && sameMarks(previous, node)) {
      previous.text += node.text;
    } else {
      nodes.push(node);
    }
  });
  return nodes;
}

function parseInline(value: unknown, path: string, state: ParseState): InlineNode {
  state.inlines += 1;
  if (state.inlines > BODY_LIMITS.inlines) {
    fail(path, `is past the limit of ${BODY_LIMITS.inlines} text runs and line breaks; split the article`);
  }
  const type = nodeType(expectObject(value, path), path, INLINE_TYPES);
  const object = expectObject(value, path, type === "text" ? ["type", "text", "marks"] : ["type"]);
  if (type === "hardBreak") return { type: "hardBreak" };
  const text = expectText(object.text, childPath(path, "text"), state);
  if (text === "") fail(childPath(path, "text"), "must not be empty; leave the node out instead");
  const marks = object.marks === undefined ? [] : parseMarks(object.marks, childPath(path, "marks"));
  return marks.length > 0 ? { type: "text", text, marks } : { type: "text", text };
}

function parseMarks(value: unknown, path: string): Mark[] {
  const marks = expectArray(value, path).map((item, index) => parseMark(item, itemPath(path, index)));
  const seen = new Set<string>();
  marks.forEach((mark, index) => {
    if (seen.has(mark.type)) fail(itemPath(path, index), `repeats the ${mark.type} mark`);
    seen.add(mark.type);
  });
  return marks.sort((a, b) => MARK_TYPES.indexOf(a.type) - MARK_TYPES.indexOf(b.type));
}

function parseMark(value: unknown, path: string): Mark {
  const type = nodeType(expectObject(value, path), path, MARK_TYPES);
  if (type !== "link") {
    expectObject(value, path, ["type"]);
    return { type };
  }
  const attrsPath = childPath(path, "attrs");
  const attrs = expectObject((value as { attrs?: unknown }).attrs, attrsPath, ["href"]);
  const hrefPath = childPath(attrsPath, "href");
  if (typeof attrs.href !== "string") fail(hrefPath, "must be a string");
  if (!isAllowedLinkHref(attrs.href)) {
    fail(hrefPath, 'must be an http, https or mailto URL, or a path on this site starting with "/"');
  }
  return { type: "link", attrs: { href: attrs.href } };
}

function sameMarks(a: TextNode, b: TextNode): boolean {
  return markKey(a) === markKey(b);
}

function markKey(node: TextNode): string {
  return JSON.stringify(node.marks ?? []);
}
