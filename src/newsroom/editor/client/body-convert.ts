// Between TipTap's JSON (what the editor holds) and Tribune's BodyDocument (what is stored). The names
// are mapped explicitly, one table each way, so that a renamed TipTap node or a new extension shows up
// here rather than in stored bodies; attributes only the editor needs (a callout's title, a figure's
// preview) are added on the way in and dropped on the way out. Pure: runs in the browser and in tests.

import type {
  BlockNode,
  BodyDocument,
  FigureNode,
  InlineNode,
  ListItemNode,
  Mark,
} from "../../../shared/body/body-document.ts";

/** A node of TipTap's JSON (`editor.getJSON()`). */
export interface TiptapNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: TiptapNode[];
  marks?: TiptapMark[];
  text?: string;
}

export interface TiptapMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** What the editor shows besides the stored attributes. */
export interface ConvertContext {
  /** READ callouts' titles, by story id. */
  stories?: Readonly<Record<string, { title: string; edition: string }>>;
  /** Figures' previews and the library's own caption and credit, by media id. */
  media?: Readonly<
    Record<string, { thumb: string; caption: string | null; credit: string | null; alt: string }>
  >;
}

/** A TipTap document that cannot be stored as a body; the message says what to remove. */
export class BodyConversionError extends Error {}

type BlockType = BlockNode["type"];
type MarkType = Mark["type"];

/** TipTap block node name → body block type. */
const BLOCKS_FROM_TIPTAP: Readonly<Record<string, BlockType>> = {
  paragraph: "paragraph",
  heading: "heading",
  blockquote: "blockquote",
  bulletList: "bulletList",
  orderedList: "orderedList",
  figure: "figure",
  readCallout: "readCallout",
  embed: "embed",
};

/** Body block type → TipTap block node name. */
const BLOCKS_TO_TIPTAP: Readonly<Record<BlockType, string>> = {
  paragraph: "paragraph",
  heading: "heading",
  blockquote: "blockquote",
  bulletList: "bulletList",
  orderedList: "orderedList",
  figure: "figure",
  readCallout: "readCallout",
  embed: "embed",
};

const LIST_ITEM = { tiptap: "listItem", body: "listItem" } as const;
const TEXT = { tiptap: "text", body: "text" } as const;
const HARD_BREAK = { tiptap: "hardBreak", body: "hardBreak" } as const;

/** TipTap mark name → body mark type; marks not listed (none are enabled) are dropped. */
const MARKS_FROM_TIPTAP: Readonly<Record<string, MarkType>> = {
  bold: "bold",
  italic: "italic",
  link: "link",
};
const MARKS_TO_TIPTAP: Readonly<Record<MarkType, string>> = { bold: "bold", italic: "italic", link: "link" };

/** The heading levels a body allows; the editor offers only these. */
export const HEADING_LEVELS = [2, 3, 4] as const;

// ---------------------------------------------------------------------------------------------
// Body → TipTap

/** The body as TipTap content; an empty body becomes one empty paragraph (TipTap needs a block). */
export function bodyToTiptap(doc: BodyDocument, context: ConvertContext = {}): TiptapNode {
  const content = doc.content.map((block) => blockToTiptap(block, context));
  return { type: "doc", content: content.length > 0 ? content : [{ type: BLOCKS_TO_TIPTAP.paragraph }] };
}

function blockToTiptap(block: BlockNode, context: ConvertContext): TiptapNode {
  const type = BLOCKS_TO_TIPTAP[block.type];
  switch (block.type) {
    case "paragraph":
      return withContent({ type }, block.content?.map(inlineToTiptap));
    case "heading":
      return withContent({ type, attrs: { level: block.attrs.level } }, block.content?.map(inlineToTiptap));
    case "blockquote":
      return { type, content: block.content.map((child) => blockToTiptap(child, context)) };
    case "bulletList":
      return { type, content: block.content.map((item) => listItemToTiptap(item, context)) };
    case "orderedList":
      return {
        type,
        attrs: { start: block.attrs?.start ?? 1 },
        content: block.content.map((item) => listItemToTiptap(item, context)),
      };
    case "figure": {
      const media = context.media?.[String(block.attrs.mediaId)];
      return {
        type,
        attrs: {
          mediaId: block.attrs.mediaId,
          caption: block.attrs.caption ?? null,
          credit: block.attrs.credit ?? null,
          thumb: media?.thumb ?? null,
          alt: media?.alt ?? null,
          libraryCaption: media?.caption ?? null,
          libraryCredit: media?.credit ?? null,
        },
      };
    }
    case "readCallout": {
      const story = context.stories?.[String(block.attrs.storyId)];
      return {
        type,
        attrs: { storyId: block.attrs.storyId, title: story?.title ?? null, edition: story?.edition ?? null },
      };
    }
    case "embed":
      return { type, attrs: { url: block.attrs.url } };
  }
}

function listItemToTiptap(item: ListItemNode, context: ConvertContext): TiptapNode {
  const content = item.content.map((child) => blockToTiptap(child, context));
  // TipTap's list item starts with a paragraph; a body's may start with anything.
  if (content[0]?.type !== BLOCKS_TO_TIPTAP.paragraph) content.unshift({ type: BLOCKS_TO_TIPTAP.paragraph });
  return { type: LIST_ITEM.tiptap, content };
}

function inlineToTiptap(node: InlineNode): TiptapNode {
  if (node.type === HARD_BREAK.body) return { type: HARD_BREAK.tiptap };
  const marks = (node.marks ?? []).map(
    (mark): TiptapMark =>
      mark.type === "link"
        ? { type: MARKS_TO_TIPTAP.link, attrs: { href: mark.attrs.href } }
        : { type: MARKS_TO_TIPTAP[mark.type] },
  );
  return marks.length > 0
    ? { type: TEXT.tiptap, text: node.text, marks }
    : { type: TEXT.tiptap, text: node.text };
}

function withContent(node: TiptapNode, content: TiptapNode[] | undefined): TiptapNode {
  return content && content.length > 0 ? { ...node, content } : node;
}

// ---------------------------------------------------------------------------------------------
// TipTap → body

/**
 * TipTap's document as a body: editor-only attributes dropped, unknown marks dropped, and the empty
 * paragraphs TipTap keeps at the end (to type after a figure) left out. The server checks the result
 * with parseBodyDocument on every save; throws BodyConversionError for a node it cannot store.
 */
export function tiptapToBody(doc: TiptapNode): BodyDocument {
  if (doc.type !== "doc") throw new BodyConversionError(`expected a document, not "${doc.type}"`);
  const content = (doc.content ?? []).map(blockFromTiptap);
  while (content.length > 0 && isEmptyParagraph(content[content.length - 1])) content.pop();
  return { type: "doc", content };
}

function isEmptyParagraph(block: BlockNode | undefined): boolean {
  return block?.type === "paragraph" && (block.content ?? []).length === 0;
}

function blockFromTiptap(node: TiptapNode): BlockNode {
  const type = BLOCKS_FROM_TIPTAP[node.type];
  if (!type) throw new BodyConversionError(`the body cannot hold a "${node.type}" block; remove it`);
  const attrs = node.attrs ?? {};
  switch (type) {
    case "paragraph": {
      const content = inlinesFromTiptap(node.content);
      return content.length > 0 ? { type, content } : { type };
    }
    case "heading": {
      const level = clampLevel(attrs.level);
      const content = inlinesFromTiptap(node.content);
      return content.length > 0 ? { type, attrs: { level }, content } : { type, attrs: { level } };
    }
    case "blockquote":
      return { type, content: (node.content ?? []).map(blockFromTiptap) };
    case "bulletList":
      return { type, content: (node.content ?? []).map(listItemFromTiptap) };
    case "orderedList": {
      const start = typeof attrs.start === "number" ? attrs.start : 1;
      const content = (node.content ?? []).map(listItemFromTiptap);
      return start === 1 ? { type, content } : { type, attrs: { start }, content };
    }
    case "figure": {
      const figure: FigureNode = { type, attrs: { mediaId: Number(attrs.mediaId) } };
      for (const key of ["caption", "credit"] as const) {
        const text = attrs[key];
        if (typeof text === "string" && text.trim() !== "") figure.attrs[key] = text.trim();
      }
      return figure;
    }
    case "readCallout":
      return { type, attrs: { storyId: Number(attrs.storyId) } };
    case "embed":
      return { type, attrs: { url: String(attrs.url ?? "") } };
  }
}

function listItemFromTiptap(node: TiptapNode): ListItemNode {
  if (node.type !== LIST_ITEM.tiptap) {
    throw new BodyConversionError(`a list can hold only list items, not "${node.type}"`);
  }
  const content = (node.content ?? []).map(blockFromTiptap);
  // The empty paragraph TipTap needs before a list item's first other block (see listItemToTiptap).
  if (content.length > 1 && isEmptyParagraph(content[0])) content.shift();
  return { type: LIST_ITEM.body, content };
}

function inlinesFromTiptap(nodes: readonly TiptapNode[] | undefined): InlineNode[] {
  const inlines: InlineNode[] = [];
  for (const node of nodes ?? []) {
    if (node.type === HARD_BREAK.tiptap) {
      inlines.push({ type: HARD_BREAK.body });
      continue;
    }
    if (node.type !== TEXT.tiptap) {
      throw new BodyConversionError(`a paragraph cannot hold a "${node.type}"; remove it`);
    }
    if (!node.text) continue;
    const marks = marksFromTiptap(node.marks);
    inlines.push(
      marks.length > 0 ? { type: TEXT.body, text: node.text, marks } : { type: TEXT.body, text: node.text },
    );
  }
  return inlines;
}

function marksFromTiptap(marks: readonly TiptapMark[] | undefined): Mark[] {
  const result: Mark[] = [];
  for (const mark of marks ?? []) {
    const type = MARKS_FROM_TIPTAP[mark.type];
    if (type === "link") {
      const href = mark.attrs?.href;
      if (typeof href === "string" && href !== "") result.push({ type, attrs: { href } });
    } else if (type) {
      result.push({ type });
    }
  }
  return result;
}

function clampLevel(level: unknown): 2 | 3 | 4 {
  const number = typeof level === "number" ? level : 2;
  return number <= 2 ? 2 : number >= 4 ? 4 : 3;
}
