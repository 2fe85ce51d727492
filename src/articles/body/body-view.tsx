import type { ComponentChildren, VNode } from "preact";
import type { EmbedCard } from "../../embeds/embed-card.ts";
import type { PictureData } from "../../media/picture.ts";
import { Picture } from "../../media/views/picture.tsx";
import type {
  BlockNode,
  BodyDocument,
  FigureNode,
  InlineNode,
  TextNode,
} from "../../shared/body/body-document.ts";
import { embedHostname, isAllowedLinkHref, isExternalHref } from "../../shared/body/body-urls.ts";

/** A story a READ callout points to, as the page's edition shows it. */
export interface StoryLink {
  title: string;
  href: string;
  /** set when the title is in another language than the page */
  language: string | null;
  /** e.g. "(in English)", shown after the link when language is set */
  languageNote: string | null;
}

/** What the body needs from outside: the edition's "READ" label and the stories and pictures it points to. */
export interface BodyRenderContext {
  readLabel: string;
  stories: ReadonlyMap<number, StoryLink>;
  pictures: ReadonlyMap<number, PictureData>;
  /**
   * The body's embeds that were fetched, by URL, and the labels of their play control. Without them
   * (feeds), or for a URL not fetched, an embed is a plain link card.
   */
  embeds?: { cards: ReadonlyMap<string, EmbedCard>; playLabel: string; showPostLabel: string };
}

const FIGURE_SIZES = "(min-width: 48rem) 46rem, 100vw";
/** Embed thumbnails are shown at most 40rem wide (site.css `.embed-card`). */
const EMBED_SIZES = "(min-width: 42rem) 40rem, 100vw";

/**
 * An article body as HTML. Every text goes through Preact's escaping; a callout or figure whose story or
 * picture is not in the context (deleted, unpublished) is left out rather than shown broken.
 */
export function BodyView({ doc, context }: { doc: BodyDocument; context: BodyRenderContext }) {
  return <>{renderBlocks(doc.content, context)}</>;
}

function renderBlocks(nodes: readonly BlockNode[], context: BodyRenderContext): ComponentChildren {
  return nodes.map((node) => renderBlock(node, context));
}

function renderBlock(node: BlockNode, context: BodyRenderContext): VNode | null {
  switch (node.type) {
    case "paragraph":
      return <p>{renderInlines(node.content)}</p>;
    case "heading": {
      const Heading = `h${node.attrs.level}` as "h2" | "h3" | "h4";
      return <Heading>{renderInlines(node.content)}</Heading>;
    }
    case "blockquote":
      return <blockquote>{renderBlocks(node.content, context)}</blockquote>;
    case "bulletList":
      return (
        <ul>
          {node.content.map((item) => (
            <li>{renderBlocks(item.content, context)}</li>
          ))}
        </ul>
      );
    case "orderedList":
      return (
        <ol start={node.attrs?.start}>
          {node.content.map((item) => (
            <li>{renderBlocks(item.content, context)}</li>
          ))}
        </ol>
      );
    case "figure":
      return renderFigure(node, context);
    case "readCallout": {
      const story = context.stories.get(node.attrs.storyId);
      if (!story) return null;
      return (
        <p class="read-callout">
          <strong>{context.readLabel}:</strong>{" "}
          <a href={story.href} lang={story.language ?? undefined}>
            {story.title}
          </a>
          {story.languageNote ? (
            <>
              {" "}
              <span class="language-note">{story.languageNote}</span>
            </>
          ) : null}
        </p>
      );
    }
    case "embed": {
      const hostname = embedHostname(node.attrs.url);
      if (hostname === null) return null;
      const card = context.embeds?.cards.get(node.attrs.url);
      if (card && context.embeds) return renderEmbedCard(card, context.embeds);
      return (
        <figure class="embed">
          <a href={node.attrs.url} rel="nofollow noopener">
            {hostname}
          </a>
        </figure>
      );
    }
  }
}

/**
 * A fetched embed: a link to the original holding the local thumbnail, the title, the provider and
 * author and a play control. Nothing on it names the provider's player or loads anything from the
 * provider; the click-to-load script (embed-player.js) asks this site for the player on a click.
 */
function renderEmbedCard(card: EmbedCard, labels: NonNullable<BodyRenderContext["embeds"]>): VNode {
  const byline = [card.providerName, card.authorName].filter(Boolean).join(" · ");
  return (
    <figure class={`embed-card embed-${card.shape}`}>
      <a href={card.url} rel="nofollow noopener" data-embed={card.shape}>
        {card.thumbnail ? (
          <Picture picture={{ ...card.thumbnail, alt: "", altLanguage: null }} sizes={EMBED_SIZES} />
        ) : null}
        <span class="embed-play">{card.shape === "post" ? labels.showPostLabel : labels.playLabel}</span>
        <span class="embed-title">{card.title ?? card.url}</span>
        <span class="embed-by">{byline}</span>
      </a>
    </figure>
  );
}

function renderFigure(node: FigureNode, context: BodyRenderContext): VNode | null {
  const picture = context.pictures.get(node.attrs.mediaId);
  if (!picture) return null;
  // The figure's own caption is in the article's language; the library's may be another edition's.
  const caption = node.attrs.caption || picture.caption;
  const captionLanguage = node.attrs.caption ? null : picture.captionLanguage;
  const credit = node.attrs.credit || picture.credit;
  const alt = picture.alt || caption || "";
  const altLanguage = picture.alt ? picture.altLanguage : captionLanguage;
  return (
    <figure class="figure">
      <Picture picture={{ ...picture, alt, altLanguage }} sizes={FIGURE_SIZES} />
      {caption || credit ? (
        <figcaption>
          {captionLanguage ? <span lang={captionLanguage}>{caption}</span> : caption}
          {caption && credit ? " " : null}
          {credit ? <span class="credit">[{credit}]</span> : null}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A run of inline nodes; neighbours with the same link share one <a>. */
function renderInlines(nodes: readonly InlineNode[] | undefined): ComponentChildren {
  const out: ComponentChildren[] = [];
  const list = nodes ?? [];
  let start = 0;
  while (start < list.length) {
    const href = linkOf(list[start]);
    let end = start + 1;
    while (end < list.length && linkOf(list[end]) === href) end += 1;
    const children = list.slice(start, end).map(renderInline);
    // Stored bodies passed parseBodyDocument; the check is repeated so a row written around it cannot
    // put a javascript: URL on the page.
    if (href !== undefined && isAllowedLinkHref(href)) {
      out.push(
        <a href={href} rel={isExternalHref(href) ? "noopener" : undefined}>
          {children}
        </a>,
      );
    } else {
      out.push(...children);
    }
    start = end;
  }
  return out;
}

function linkOf(node: InlineNode | undefined): string | undefined {
  if (node?.type !== "text") return undefined;
  return node.marks?.find((mark) => mark.type === "link")?.attrs.href;
}

function renderInline(node: InlineNode): ComponentChildren {
  if (node.type === "hardBreak") return <br />;
  return applyMarks(node);
}

function applyMarks(node: TextNode): ComponentChildren {
  let content: ComponentChildren = node.text;
  if (node.marks?.some((mark) => mark.type === "italic")) content = <em>{content}</em>;
  if (node.marks?.some((mark) => mark.type === "bold")) content = <strong>{content}</strong>;
  return content;
}
