// A forgiving HTML reader for WordPress post content: enough of HTML's rules (void elements, a <p>
// closed by the next block, raw-text elements skipped whole, stray closing tags ignored) to turn what
// editors wrote into a tree. The tree is only ever read to build a body document, never written out,
// so nothing it holds can reach a page as markup.

export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}

export type HtmlNode = HtmlElement | string;

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);

/** Elements whose content is not text for readers: skipped with everything in them. */
const RAW = new Set([
  "script",
  "style",
  "textarea",
  "title",
  "noscript",
  "template",
  "svg",
  "math",
  "object",
]);

/** Elements that end an open paragraph. */
const CLOSES_P = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "blockquote",
  "figure",
  "table",
  "pre",
  "section",
  "article",
  "aside",
  "header",
  "footer",
  "hr",
  "dl",
]);

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<|[^<]+/g;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * The elements and text of an HTML fragment; comments, doctypes and unknown constructs dropped, and
 * raw-text elements (script, style…) skipped whole: `skipped` is told their names.
 */
export function parseHtml(html: string, skipped?: (tag: string) => void): HtmlElement {
  const root: HtmlElement = { tag: "#root", attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const current = () => stack[stack.length - 1] ?? root;
  let skipping: string | null = null;
  for (const match of html.matchAll(TOKEN)) {
    const [token, closing, rawTag, rawAttrs] = match;
    const tag = rawTag?.toLowerCase();
    if (skipping) {
      if (closing && tag === skipping) skipping = null;
      continue;
    }
    if (tag === undefined) {
      if (!token.startsWith("<!") && !token.startsWith("<?")) appendText(current(), decodeEntities(token));
      continue;
    }
    if (closing) {
      const index = stack.findLastIndex((element) => element.tag === tag);
      if (index > 0) stack.length = index;
      continue;
    }
    if (RAW.has(tag)) {
      skipped?.(tag);
      if (!token.endsWith("/>")) skipping = tag;
      continue;
    }
    if (CLOSES_P.has(tag)) closeOpen(stack, "p");
    if (tag === "li") closeOpen(stack, "li", ["ul", "ol"]);
    const element: HtmlElement = { tag, attrs: parseAttributes(rawAttrs ?? ""), children: [] };
    current().children.push(element);
    if (!VOID.has(tag) && !token.endsWith("/>")) stack.push(element);
  }
  return root;
}

/** Closes the innermost open `tag`, unless one of `boundaries` is nearer (a list inside a list item). */
function closeOpen(stack: HtmlElement[], tag: string, boundaries: string[] = []): void {
  for (let index = stack.length - 1; index > 0; index -= 1) {
    const open = stack[index]?.tag ?? "";
    if (open === tag) {
      stack.length = index;
      return;
    }
    if (boundaries.includes(open) || (tag === "p" && open !== "p" && !INLINE.has(open))) return;
  }
}

/** Elements a paragraph may be inside of while still open. */
const INLINE = new Set([
  "a",
  "b",
  "strong",
  "i",
  "em",
  "span",
  "u",
  "s",
  "small",
  "sub",
  "sup",
  "code",
  "mark",
  "font",
]);

function appendText(parent: HtmlElement, text: string): void {
  const last = parent.children.at(-1);
  if (typeof last === "string") parent.children[parent.children.length - 1] = last + text;
  else parent.children.push(text);
}

function parseAttributes(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [, name, double, single, bare] of raw.matchAll(ATTRIBUTE)) {
    if (!name) continue;
    const key = name.toLowerCase();
    if (!(key in attrs)) attrs[key] = decodeEntities(double ?? single ?? bare ?? "");
  }
  return attrs;
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  middot: "·",
  bull: "•",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  euro: "€",
  pound: "£",
  times: "×",
  shy: "\u00ad",
  zwj: "\u200d",
  zwnj: "\u200c",
};

/** Character references as a browser reads them; an unknown name stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : "\ufffd";
    }
    const named = NAMED[ref.toLowerCase()];
    if (named !== undefined) return named;
    const accented = ACCENTS.exec(ref);
    if (accented?.groups) {
      const composed = `${accented.groups.letter}${COMBINING[accented.groups.accent ?? ""] ?? ""}`.normalize(
        "NFC",
      );
      if (composed.length === 1) return composed;
    }
    return whole;
  });
}

/** &eacute; &atilde; &ccedil; &ntilde; and the like: a letter and an accent. */
const ACCENTS = /^(?<letter>[a-zA-Z])(?<accent>acute|grave|circ|tilde|uml|cedil|ring)$/;
const COMBINING: Record<string, string> = {
  acute: "\u0301",
  grave: "\u0300",
  circ: "\u0302",
  tilde: "\u0303",
  uml: "\u0308",
  cedil: "\u0327",
  ring: "\u030a",
};

/** The text of a node and everything in it. */
export function textOf(node: HtmlNode): string {
  return typeof node === "string" ? node : node.children.map(textOf).join("");
}

/** The first element named `tag` in the subtree, depth first. */
export function findElement(node: HtmlElement, tag: string): HtmlElement | undefined {
  for (const child of node.children) {
    if (typeof child === "string") continue;
    if (child.tag === tag) return child;
    const found = findElement(child, tag);
    if (found) return found;
  }
  return undefined;
}
