import { renderToString } from "preact-render-to-string";
import { type BodyRenderContext, BodyView } from "../../articles/body/body-view.tsx";
import type { PictureData } from "../../media/picture.ts";
import { Picture } from "../../media/views/picture.tsx";
import type { BlockNode, BodyDocument, InlineNode } from "../../shared/body/body-document.ts";

const SIZES = "100vw";

/**
 * The article as HTML for a feed reader, which shows it away from our pages: the hero photo with its
 * caption and credit, then the body, every link and image URL absolute (resolved against `base`, the
 * edition's origin). The context's stories and pictures must already carry absolute URLs.
 */
export function feedBodyHtml(
  doc: BodyDocument,
  context: BodyRenderContext,
  hero: PictureData | null,
  base: string,
): string {
  return renderToString(
    <>
      {hero ? (
        <figure>
          <Picture picture={hero} sizes={SIZES} eager />
          {hero.caption || hero.credit ? (
            <figcaption>
              {[hero.caption, hero.credit ? `[${hero.credit}]` : null].filter(Boolean).join(" ")}
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      <AbsoluteBody doc={doc} context={context} base={base} />
    </>,
  );
}

/**
 * The body alone as HTML to be shown away from our pages (the API's `bodyHtml`): the reader
 * site's renderer, every link and image URL absolute. The context's pictures must be absolute.
 */
export function absoluteBodyHtml(doc: BodyDocument, context: BodyRenderContext, base: string): string {
  return renderToString(<AbsoluteBody doc={doc} context={context} base={base} />);
}

function AbsoluteBody({
  doc,
  context,
  base,
}: {
  doc: BodyDocument;
  context: BodyRenderContext;
  base: string;
}) {
  const absoluteDoc: BodyDocument = { ...doc, content: doc.content.map((node) => absoluteBlock(node, base)) };
  return <BodyView doc={absoluteDoc} context={context} />;
}

/** A picture whose every URL is absolute. */
export function absolutePicture(picture: PictureData, base: string): PictureData {
  return {
    ...picture,
    src: absoluteUrl(picture.src, base),
    srcset: absoluteSrcset(picture.srcset, base),
    sources: picture.sources.map((source) => ({ ...source, srcset: absoluteSrcset(source.srcset, base) })),
  };
}

/** The text of the body's first paragraph that has any, line breaks as spaces; "" when none. */
export function firstParagraphText(doc: BodyDocument): string {
  for (const node of doc.content) {
    if (node.type !== "paragraph") continue;
    const text = (node.content ?? [])
      .map((inline) => (inline.type === "text" ? inline.text : " "))
      .join("")
      .replace(/\s+/g, " ")
      .trim();
    if (text !== "") return text;
  }
  return "";
}

/** Site-relative paths ("/en/…") made absolute; other URLs (and "//…", which bodies never hold) kept. */
export function absoluteUrl(url: string, base: string): string {
  return url.startsWith("/") && !url.startsWith("//") ? new URL(url, base).href : url;
}

function absoluteSrcset(srcset: string, base: string): string {
  return srcset
    .split(", ")
    .map((candidate) => {
      const [url = "", ...descriptor] = candidate.split(" ");
      return [absoluteUrl(url, base), ...descriptor].join(" ");
    })
    .join(", ");
}

function absoluteBlock(node: BlockNode, base: string): BlockNode {
  switch (node.type) {
    case "paragraph":
    case "heading":
      return node.content
        ? { ...node, content: node.content.map((inline) => absoluteInline(inline, base)) }
        : node;
    case "blockquote":
      return { ...node, content: node.content.map((child) => absoluteBlock(child, base)) };
    case "bulletList":
    case "orderedList":
      return {
        ...node,
        content: node.content.map((item) => ({
          ...item,
          content: item.content.map((child) => absoluteBlock(child, base)),
        })),
      };
    default:
      return node;
  }
}

function absoluteInline(node: InlineNode, base: string): InlineNode {
  if (node.type !== "text" || !node.marks) return node;
  return {
    ...node,
    marks: node.marks.map((mark) =>
      mark.type === "link" ? { ...mark, attrs: { href: absoluteUrl(mark.attrs.href, base) } } : mark,
    ),
  };
}
