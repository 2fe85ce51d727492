/**
 * The article body as structured data (ProseMirror-style JSON, as TipTap produces it). It is stored
 * as JSON and rendered to HTML by the server, so no stored body can carry markup or script.
 */
export interface BodyDocument {
  type: "doc";
  content: BlockNode[];
}

export type BlockNode =
  | ParagraphNode
  | HeadingNode
  | BlockquoteNode
  | BulletListNode
  | OrderedListNode
  | FigureNode
  | ReadCalloutNode
  | EmbedNode;

export interface ParagraphNode {
  type: "paragraph";
  content?: InlineNode[];
}

export interface HeadingNode {
  type: "heading";
  attrs: { level: 2 | 3 | 4 };
  content?: InlineNode[];
}

export interface BlockquoteNode {
  type: "blockquote";
  content: BlockNode[];
}

export interface ListItemNode {
  type: "listItem";
  content: BlockNode[];
}

export interface BulletListNode {
  type: "bulletList";
  content: ListItemNode[];
}

export interface OrderedListNode {
  type: "orderedList";
  attrs?: { start?: number };
  content: ListItemNode[];
}

/** An inline image from the media library; caption and credit here override the media's own. */
export interface FigureNode {
  type: "figure";
  attrs: { mediaId: number; caption?: string | null; credit?: string | null };
}

/** "READ: <headline>": a link to another story, shown in the reader's edition when it exists. */
export interface ReadCalloutNode {
  type: "readCallout";
  attrs: { storyId: number };
}

/** An external post or video given by URL; rendered as a plain link card, never as foreign markup. */
export interface EmbedNode {
  type: "embed";
  attrs: { url: string };
}

export type InlineNode = TextNode | HardBreakNode;

export interface TextNode {
  type: "text";
  text: string;
  marks?: Mark[];
}

export interface HardBreakNode {
  type: "hardBreak";
}

export type Mark = { type: "bold" } | { type: "italic" } | { type: "link"; attrs: { href: string } };
