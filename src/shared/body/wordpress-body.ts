import type {
  BlockNode,
  BodyDocument,
  InlineNode,
  ListItemNode,
  Mark,
  ParagraphNode,
} from "./body-document.ts";
import { isAllowedEmbedUrl, isAllowedLinkHref } from "./body-urls.ts";
import { findElement, type HtmlElement, type HtmlNode, parseHtml, textOf } from "./html-tree.ts";
import { parseBodyDocument } from "./parse-body.ts";

// HTML from outside (an agency feed's item; a WordPress post's content, classic with its shortcodes
// and blank-line paragraphs, or the block editor's markup) as Tribune's body document. What the
// document has a place for is kept: paragraphs, headings, quotes, lists, links, bold and italic,
// images with their captions, embeds, and "READ:" paragraphs linking to an imported post.
// Everything else is dropped, and named in `dropped`.

export interface ImportedPicture {
  mediaId: number;
  credit: string | null;
}

/** What the conversion needs to know of the rest of the import. */
export interface BodyLinks {
  /** The picture an image stands for: its attachment id (class wp-image-N) or its file's URL. */
  picture(attachmentId: number | null, src: string): ImportedPicture | undefined;
  /** The story an old post URL was imported as. */
  story(href: string): number | undefined;
}

export interface ConvertedBody {
  doc: BodyDocument;
  /** What had no place in the document (element names, "image <src>"), each once. */
  dropped: string[];
}

/** The links of a post's content: the importer looks up which of them are imported posts first. */
export function linksIn(content: string): string[] {
  return [...content.matchAll(/<a\s[^>]*?href\s*=\s*["']([^"']+)["']/gi)].flatMap((m) =>
    m[1] ? [m[1]] : [],
  );
}

export function wordpressBody(content: string, links: BodyLinks): ConvertedBody {
  const classic = !content.includes("<!-- wp:");
  const converter = new Converter(links, classic);
  const blocks = converter.blocks(parseHtml(prepare(content), (tag) => converter.dropped.add(tag)).children);
  const doc = parseBodyDocument({ type: "doc", content: blocks });
  return { doc, dropped: [...converter.dropped] };
}

/** Shortcodes and embed blocks rewritten as elements the tree reader understands. */
function prepare(content: string): string {
  return (
    content
      // The block editor's embeds: the URL is in the block's attributes.
      .replace(
        /<!--\s*wp:(?:core-)?embed(?:\/[a-z0-9-]+)?\s+(\{[\s\S]*?\})\s*-->[\s\S]*?<!--\s*\/wp:(?:core-)?embed(?:\/[a-z0-9-]+)?\s*-->/g,
        (whole, json: string) => {
          const url = embedUrlOf(json);
          return url ? `<x-embed url="${escapeAttribute(url)}"></x-embed>` : whole;
        },
      )
      .replace(
        /\[embed[^\]]*\]([\s\S]*?)\[\/embed\]/g,
        (_, url: string) => `<x-embed url="${escapeAttribute(url.trim())}"></x-embed>`,
      )
      // [caption]<img …> The caption[/caption]: a figure.
      .replace(/\[caption[^\]]*\]([\s\S]*?)\[\/caption\]/g, (_, inner: string) => {
        const image = /<img\s[^>]*>/i.exec(inner);
        if (!image) return inner;
        const caption = inner
          .replace(/<a\s[^>]*>\s*(<img\s[^>]*>)\s*<\/a>/i, "$1")
          .replace(image[0], "")
          .trim();
        return `<figure>${image[0]}<figcaption>${caption}</figcaption></figure>`;
      })
      // Any other shortcode: its tags go, what it wraps stays.
      .replace(/\[\/?[a-z][a-z0-9_-]*(?:\s[^\]]*)?\]/gi, "")
  );
}

function embedUrlOf(json: string): string | undefined {
  try {
    const attrs = JSON.parse(json) as { url?: unknown };
    return typeof attrs.url === "string" ? attrs.url : undefined;
  } catch {
    return undefined;
  }
}

function escapeAttribute(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
}

const HEADINGS: Record<string, 2 | 3 | 4> = { h1: 2, h2: 2, h3: 3, h4: 4, h5: 4, h6: 4 };
/** Containers whose content is kept as blocks while they themselves go. */
const TRANSPARENT_BLOCKS = new Set([
  "div",
  "section",
  "article",
  "main",
  "header",
  "footer",
  "aside",
  "center",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "td",
  "th",
  "dl",
  "dd",
  "dt",
  "pre",
  "details",
  "summary",
  "caption",
  "nav",
  "form",
  "fieldset",
]);
const BLOCK_TAGS = new Set([
  "p",
  "ul",
  "ol",
  "li",
  "blockquote",
  "figure",
  "x-embed",
  "iframe",
  "video",
  "audio",
  "hr",
  ...Object.keys(HEADINGS),
  ...TRANSPARENT_BLOCKS,
]);
const BOLD = new Set(["b", "strong"]);
const ITALIC = new Set(["i", "em", "cite"]);
/** Inline elements kept for their text only. */
const TEXT_ONLY = new Set([
  "span",
  "u",
  "s",
  "del",
  "ins",
  "small",
  "big",
  "sub",
  "sup",
  "code",
  "kbd",
  "samp",
  "var",
  "mark",
  "abbr",
  "acronym",
  "q",
  "time",
  "font",
  "label",
  "bdi",
  "bdo",
  "tt",
  "strike",
  "data",
  "dfn",
  "figcaption",
]);
/** Dropped without a word: they mean nothing once out of a page. */
const SILENT = new Set(["br", "hr", "wbr", "colgroup", "col", "source", "track", "meta", "link"]);

const READ_LABEL = /^\s*[\p{Lu}]{2,12}\s*:\s*$/u;

class Converter {
  readonly dropped = new Set<string>();

  constructor(
    private readonly links: BodyLinks,
    /** Classic content: blank lines part paragraphs, a single line break is a break (wpautop). */
    private readonly classic: boolean,
  ) {}

  blocks(nodes: HtmlNode[]): BlockNode[] {
    const out: BlockNode[] = [];
    let run: HtmlNode[] = [];
    const flush = () => {
      if (run.length > 0) out.push(...this.looseParagraphs(run));
      run = [];
    };
    for (const node of nodes) {
      if (typeof node !== "string" && (BLOCK_TAGS.has(node.tag) || node.tag === "img")) {
        flush();
        out.push(...this.block(node));
      } else {
        run.push(node);
      }
    }
    flush();
    return out;
  }

  /** Inline content outside any paragraph: classic content's paragraphs are apart by blank lines. */
  private looseParagraphs(run: HtmlNode[]): BlockNode[] {
    if (!this.classic) return this.paragraph(run);
    const groups: HtmlNode[][] = [[]];
    for (const node of run) {
      if (typeof node !== "string") {
        groups.at(-1)?.push(node);
        continue;
      }
      node.split(/\n[ \t]*\n/).forEach((part, index) => {
        if (index > 0) groups.push([]);
        groups.at(-1)?.push(part);
      });
    }
    return groups.flatMap((group) => this.paragraph(group));
  }

  private block(element: HtmlElement): BlockNode[] {
    const { tag } = element;
    const level = HEADINGS[tag];
    if (level) {
      const content = this.inlines(element.children);
      return content.length > 0 ? [{ type: "heading", attrs: { level }, content }] : [];
    }
    switch (tag) {
      case "p":
        return this.paragraph(element.children);
      case "blockquote": {
        const content = this.blocks(element.children);
        return content.length > 0 ? [{ type: "blockquote", content }] : [];
      }
      case "ul":
      case "ol":
        return this.list(element);
      case "li":
        return this.blocks(element.children);
      case "figure":
        return this.figure(element);
      case "img":
        return this.image(element, null);
      case "x-embed":
        return this.embed(element.attrs.url ?? "");
      case "hr":
        return [];
      default:
        if (TRANSPARENT_BLOCKS.has(tag)) return this.blocks(element.children);
        this.dropped.add(tag);
        return [];
    }
  }

  private list(element: HtmlElement): BlockNode[] {
    const items: ListItemNode[] = [];
    for (const child of element.children) {
      if (typeof child === "string") continue;
      const content = this.blocks(child.tag === "li" ? child.children : [child]);
      if (content.length > 0) items.push({ type: "listItem", content });
    }
    if (items.length === 0) return [];
    const start = Number(element.attrs.start);
    if (element.tag === "ol") {
      return [
        Number.isSafeInteger(start) && start > 1
          ? { type: "orderedList", attrs: { start }, content: items }
          : { type: "orderedList", content: items },
      ];
    }
    return [{ type: "bulletList", content: items }];
  }

  private figure(element: HtmlElement): BlockNode[] {
    const caption = findElement(element, "figcaption");
    const captionText = caption ? collapse(textOf(caption)).trim() : "";
    const image = findElement(element, "img");
    if (image) return this.image(image, captionText || null);
    const embed = findElement(element, "x-embed");
    if (embed) return this.block(embed);
    return this.blocks(element.children.filter((child) => child !== caption));
  }

  private image(element: HtmlElement, caption: string | null): BlockNode[] {
    const id = /(?:^|\s)wp-image-(\d+)(?:\s|$)/.exec(element.attrs.class ?? "")?.[1];
    const src = element.attrs.src ?? "";
    const picture = this.links.picture(id ? Number(id) : null, src);
    if (!picture) {
      this.dropped.add(`image ${src || "without a source"}`);
      return [];
    }
    const attrs: { mediaId: number; caption?: string; credit?: string } = { mediaId: picture.mediaId };
    if (caption) attrs.caption = caption;
    if (picture.credit) attrs.credit = picture.credit;
    return [{ type: "figure", attrs }];
  }

  private embed(url: string): BlockNode[] {
    const trimmed = url.trim();
    if (isAllowedEmbedUrl(trimmed)) return [{ type: "embed", attrs: { url: trimmed } }];
    this.dropped.add("embed");
    return [];
  }

  /** A paragraph, or a READ callout when it is a label and one link to an imported post. */
  private paragraph(nodes: HtmlNode[]): BlockNode[] {
    const hoisted: BlockNode[] = [];
    const inline = nodes.filter((node) => {
      if (typeof node === "string" || node.tag !== "img") return true;
      hoisted.push(...this.image(node, null));
      return false;
    });
    const callout = this.readCallout(inline);
    if (callout) return [callout, ...hoisted];
    const content = this.inlines(inline);
    const paragraph: ParagraphNode[] = content.length > 0 ? [{ type: "paragraph", content }] : [];
    return [...paragraph, ...hoisted];
  }

  private readCallout(nodes: HtmlNode[]): BlockNode | undefined {
    const links = nodes.flatMap(function find(node): HtmlElement[] {
      if (typeof node === "string") return [];
      return node.tag === "a" ? [node] : node.children.flatMap(find);
    });
    const link = links[0];
    if (links.length !== 1 || !link?.attrs.href) return undefined;
    const text = nodes.map(textOf).join("");
    const label = text.slice(0, text.indexOf(textOf(link)));
    if (!READ_LABEL.test(label) || text.trim().length > label.length + textOf(link).length + 2)
      return undefined;
    const storyId = this.links.story(link.attrs.href);
    return storyId === undefined ? undefined : { type: "readCallout", attrs: { storyId } };
  }

  private inlines(nodes: HtmlNode[]): InlineNode[] {
    const out: InlineNode[] = [];
    this.collectInlines(nodes, [], out);
    return tidy(out);
  }

  private collectInlines(nodes: HtmlNode[], marks: Mark[], out: InlineNode[]): void {
    for (const node of nodes) {
      if (typeof node === "string") {
        const lines = this.classic ? node.split(/\n/) : [node];
        lines.forEach((line, index) => {
          if (index > 0) out.push({ type: "hardBreak" });
          const text = collapse(line);
          if (text !== "")
            out.push(marks.length > 0 ? { type: "text", text, marks } : { type: "text", text });
        });
        continue;
      }
      const { tag } = node;
      if (tag === "br") out.push({ type: "hardBreak" });
      else if (BOLD.has(tag)) this.collectInlines(node.children, withMark(marks, { type: "bold" }), out);
      else if (ITALIC.has(tag)) this.collectInlines(node.children, withMark(marks, { type: "italic" }), out);
      else if (tag === "a") {
        const href = (node.attrs.href ?? "").trim();
        const link: Mark | null = isAllowedLinkHref(href) ? { type: "link", attrs: { href } } : null;
        if (!link && href) this.dropped.add(`link ${href.slice(0, 60)}`);
        this.collectInlines(node.children, link ? withMark(marks, link) : marks, out);
      } else if (TEXT_ONLY.has(tag)) this.collectInlines(node.children, marks, out);
      else if (BLOCK_TAGS.has(tag)) {
        // A block inside a paragraph (a list in a heading): its text stays in the line.
        this.collectInlines(node.children, marks, out);
      } else {
        if (!SILENT.has(tag)) this.dropped.add(tag);
        this.collectInlines(node.children, marks, out);
      }
    }
  }
}

function withMark(marks: Mark[], mark: Mark): Mark[] {
  return marks.some((m) => m.type === mark.type) ? marks : [...marks, mark];
}

function collapse(text: string): string {
  return text.replace(/[ \t\r\n\f]+/g, " ");
}

/** No space at either end of a line, no break at either end, no empty text. */
function tidy(nodes: InlineNode[]): InlineNode[] {
  const out: InlineNode[] = [];
  for (const node of nodes) {
    if (node.type === "hardBreak") {
      trimEnd(out);
      if (out.length > 0) out.push(node);
      continue;
    }
    const previous = out.at(-1);
    const text = previous === undefined || previous.type === "hardBreak" ? node.text.trimStart() : node.text;
    const merged =
      previous?.type === "text" && previous.text.endsWith(" ") && text.startsWith(" ") ? text.slice(1) : text;
    if (merged !== "") out.push({ ...node, text: merged });
  }
  trimEnd(out);
  while (out.at(-1)?.type === "hardBreak") {
    out.pop();
    trimEnd(out);
  }
  return out;
}

function trimEnd(out: InlineNode[]): void {
  const last = out.at(-1);
  if (last?.type !== "text") return;
  const text = last.text.trimEnd();
  if (text === "") {
    out.pop();
    trimEnd(out);
  } else out[out.length - 1] = { ...last, text };
}
