import type { BlockNode, BodyDocument, FigureNode, ListItemNode, OrderedListNode } from "./body-document.ts";
import { isAllowedEmbedUrl } from "./body-urls.ts";
import { parseInlines } from "./parse-inline.ts";
import {
  BODY_LIMITS,
  childPath,
  expectArray,
  expectObject,
  expectPositiveId,
  expectText,
  fail,
  itemPath,
  type JsonObject,
  nodeType,
  type ParseState,
} from "./parse-support.ts";

const BLOCK_TYPES = [
  "paragraph",
  "heading",
  "blockquote",
  "bulletList",
  "orderedList",
  "figure",
  "readCallout",
  "embed",
] as const;

type BlockType = (typeof BLOCK_TYPES)[number];

/** The keys each block may carry besides "type". */
const BLOCK_KEYS: Record<BlockType, readonly string[]> = {
  paragraph: ["content"],
  heading: ["attrs", "content"],
  blockquote: ["content"],
  bulletList: ["content"],
  orderedList: ["attrs", "content"],
  figure: ["attrs"],
  readCallout: ["attrs"],
  embed: ["attrs"],
};

/**
 * Checks an article body from an editor or the API (an object, or its JSON text) and returns a clean
 * copy: every node known, every URL safe, within BODY_LIMITS. Throws ValidationError naming the path.
 */
export function parseBodyDocument(value: unknown): BodyDocument {
  const input = typeof value === "string" ? parseJson(value) : value;
  const root = expectObject(input, "", ["type", "content"]);
  if (root.type !== "doc") fail("type", 'must be "doc"');
  const state: ParseState = { blocks: 0, inlines: 0, textLength: 0 };
  return { type: "doc", content: parseBlocks(root.content ?? [], "content", state, 0) };
}

function parseJson(text: string): unknown {
  if (text.length > BODY_LIMITS.jsonLength) fail("", `is longer than ${BODY_LIMITS.jsonLength} characters`);
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail("", `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** `level` is how many quotes and lists enclose these blocks. */
function parseBlocks(value: unknown, path: string, state: ParseState, level: number): BlockNode[] {
  return expectArray(value, path).map((item, index) => parseBlock(item, itemPath(path, index), state, level));
}

function countBlock(path: string, state: ParseState): void {
  state.blocks += 1;
  if (state.blocks > BODY_LIMITS.blocks) {
    fail(path, `is past the limit of ${BODY_LIMITS.blocks} blocks; split the article`);
  }
}

function enterContainer(path: string, level: number): number {
  if (level + 1 > BODY_LIMITS.depth) {
    fail(path, `nests quotes and lists more than ${BODY_LIMITS.depth} levels deep`);
  }
  return level + 1;
}

function parseBlock(value: unknown, path: string, state: ParseState, level: number): BlockNode {
  countBlock(path, state);
  const type = nodeType(expectObject(value, path), path, BLOCK_TYPES);
  const node = expectObject(value, path, ["type", ...BLOCK_KEYS[type]]);
  const attrsPath = childPath(path, "attrs");
  const contentPath = childPath(path, "content");
  switch (type) {
    case "paragraph": {
      const content = node.content === undefined ? [] : parseInlines(node.content, contentPath, state);
      return content.length > 0 ? { type, content } : { type };
    }
    case "heading": {
      const attrs = expectObject(node.attrs, attrsPath, ["level"]);
      const rank = attrs.level;
      if (rank !== 2 && rank !== 3 && rank !== 4) fail(childPath(attrsPath, "level"), "must be 2, 3 or 4");
      const content = node.content === undefined ? [] : parseInlines(node.content, contentPath, state);
      return content.length > 0
        ? { type, attrs: { level: rank }, content }
        : { type, attrs: { level: rank } };
    }
    case "blockquote":
      return {
        type,
        content: nonEmpty(
          parseBlocks(node.content, contentPath, state, enterContainer(path, level)),
          contentPath,
        ),
      };
    case "bulletList":
      return { type, content: parseListItems(node.content, contentPath, state, enterContainer(path, level)) };
    case "orderedList":
      return parseOrderedList(node, path, state, enterContainer(path, level));
    case "figure":
      return parseFigure(node.attrs, attrsPath, state);
    case "readCallout": {
      const attrs = expectObject(node.attrs, attrsPath, ["storyId"]);
      return { type, attrs: { storyId: expectPositiveId(attrs.storyId, childPath(attrsPath, "storyId")) } };
    }
    case "embed": {
      const attrs = expectObject(node.attrs, attrsPath, ["url"]);
      const urlPath = childPath(attrsPath, "url");
      if (typeof attrs.url !== "string") fail(urlPath, "must be a string");
      if (!isAllowedEmbedUrl(attrs.url)) fail(urlPath, "must be an http or https URL");
      return { type, attrs: { url: attrs.url } };
    }
  }
}

function nonEmpty<T>(items: T[], path: string): T[] {
  if (items.length === 0) fail(path, "must not be empty");
  return items;
}

function parseListItems(value: unknown, path: string, state: ParseState, level: number): ListItemNode[] {
  const items = expectArray(value, path).map((item, index): ListItemNode => {
    const itemAt = itemPath(path, index);
    countBlock(itemAt, state);
    nodeType(expectObject(item, itemAt), itemAt, ["listItem"]);
    const node = expectObject(item, itemAt, ["type", "content"]);
    const contentPath = childPath(itemAt, "content");
    return {
      type: "listItem",
      content: nonEmpty(parseBlocks(node.content, contentPath, state, level), contentPath),
    };
  });
  return nonEmpty(items, path);
}

function parseOrderedList(node: JsonObject, path: string, state: ParseState, level: number): OrderedListNode {
  const content = parseListItems(node.content, childPath(path, "content"), state, level);
  if (node.attrs === undefined) return { type: "orderedList", content };
  const attrsPath = childPath(path, "attrs");
  const { start } = expectObject(node.attrs, attrsPath, ["start"]);
  if (start === undefined || start === 1) return { type: "orderedList", content };
  if (typeof start !== "number" || !Number.isSafeInteger(start) || start < 0) {
    fail(childPath(attrsPath, "start"), "must be a whole number, 0 or more");
  }
  return { type: "orderedList", attrs: { start }, content };
}

function parseFigure(value: unknown, path: string, state: ParseState): FigureNode {
  const attrs = expectObject(value, path, ["mediaId", "caption", "credit"]);
  const figure: FigureNode = {
    type: "figure",
    attrs: { mediaId: expectPositiveId(attrs.mediaId, childPath(path, "mediaId")) },
  };
  for (const key of ["caption", "credit"] as const) {
    const text = attrs[key];
    if (text === undefined || text === null) continue;
    // An empty caption means "none given here": the media's own caption is shown.
    const checked = expectText(text, childPath(path, key), state);
    if (checked !== "") figure.attrs[key] = checked;
  }
  return figure;
}
