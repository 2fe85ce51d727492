// The body's own blocks as TipTap nodes: a figure (an image of the library with caption and credit
// typed in place), the READ callout (a card with the story's title, not editable as text) and an embed
// (a URL kept as data, shown as a card: no foreign markup or frame runs in the newsroom either).

import { type Editor, mergeAttributes, Node, type NodeViewRendererProps } from "@tiptap/core";
import { NodeSelection, TextSelection } from "@tiptap/pm/state";
import type { EmbedPreview } from "../editor-types.ts";
import { h } from "./dom.ts";

type Attrs = Record<string, unknown>;

/** An attribute kept in a `data-*` attribute of the node's HTML, so copy and paste keep it. */
function dataAttribute(name: string, kind: "text" | "number") {
  const html = `data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return {
    default: null,
    parseHTML: (element: HTMLElement) => {
      const value = element.getAttribute(html);
      if (value === null || value === "") return null;
      return kind === "number" ? Number(value) || null : value;
    },
    renderHTML: (attributes: Attrs) =>
      attributes[name] === null || attributes[name] === undefined ? {} : { [html]: String(attributes[name]) },
  };
}

/** The parts every block card shares: not editable as text, a Remove button, selection outline. */
function cardView(
  props: NodeViewRendererProps,
  build: (attrs: Attrs) => { dom: HTMLElement; refresh(attrs: Attrs): void },
) {
  let node = props.node;
  const { dom, refresh } = build(node.attrs);
  dom.contentEditable = "false";
  const remove = h("button", { type: "button", class: "secondary ed-card-remove" }, "Remove");
  remove.addEventListener("click", () => {
    const pos = props.getPos();
    if (typeof pos !== "number") return;
    props.view.dispatch(props.view.state.tr.delete(pos, pos + node.nodeSize));
    props.editor.commands.focus();
  });
  dom.append(remove);
  return {
    dom,
    update(updated: typeof node) {
      if (updated.type !== node.type) return false;
      node = updated;
      refresh(node.attrs);
      return true;
    },
    selectNode() {
      dom.classList.add("is-selected");
    },
    deselectNode() {
      dom.classList.remove("is-selected");
    },
    // Typing and clicking in the card's own fields and buttons is theirs, not ProseMirror's.
    stopEvent(event: Event) {
      return event.target instanceof Element && event.target.closest("input, button, textarea") !== null;
    },
    ignoreMutation() {
      return true;
    },
    /** For the figure's fields: sets attributes without redrawing the card (focus stays put). */
    setAttrs(changes: Attrs) {
      const pos = props.getPos();
      if (typeof pos !== "number") return;
      props.view.dispatch(props.view.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...changes }));
    },
  };
}

export const FigureNode = Node.create({
  name: "figure",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      mediaId: dataAttribute("mediaId", "number"),
      caption: dataAttribute("caption", "text"),
      credit: dataAttribute("credit", "text"),
      // Only for showing it here: converted away before saving.
      thumb: dataAttribute("thumb", "text"),
      alt: dataAttribute("alt", "text"),
      libraryCaption: dataAttribute("libraryCaption", "text"),
      libraryCredit: dataAttribute("libraryCredit", "text"),
    };
  },
  parseHTML() {
    return [{ tag: "figure[data-media-id]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["figure", mergeAttributes(HTMLAttributes, { class: "ed-figure" })];
  },
  addNodeView() {
    return (props) => {
      let setAttrs: (changes: Attrs) => void = () => {};
      const view = cardView(props, (attrs) => {
        const image = h("img", { alt: "", loading: "lazy" });
        const caption = h("input", { type: "text", class: "ed-figure-caption", maxlength: 2000 });
        const credit = h("input", { type: "text", class: "ed-figure-credit", maxlength: 300 });
        caption.addEventListener("input", () =>
          setAttrs({ caption: caption.value === "" ? null : caption.value }),
        );
        credit.addEventListener("input", () =>
          setAttrs({ credit: credit.value === "" ? null : credit.value }),
        );
        const dom = h(
          "figure",
          { class: "ed-figure", "data-media-id": String(attrs.mediaId ?? "") },
          image,
          h(
            "div",
            { class: "ed-figure-fields" },
            h("label", {}, "Caption", caption),
            h("label", {}, "Credit", credit),
          ),
        );
        const refresh = (next: Attrs) => {
          image.src = typeof next.thumb === "string" ? next.thumb : "";
          image.alt = typeof next.alt === "string" ? next.alt : "";
          image.hidden = !next.thumb;
          caption.placeholder = typeof next.libraryCaption === "string" ? next.libraryCaption : "No caption";
          credit.placeholder = typeof next.libraryCredit === "string" ? next.libraryCredit : "No credit";
          // Never overwrite what is being typed: the attrs follow the field, not the other way round.
          if (document.activeElement !== caption)
            caption.value = typeof next.caption === "string" ? next.caption : "";
          if (document.activeElement !== credit)
            credit.value = typeof next.credit === "string" ? next.credit : "";
          dom.setAttribute("aria-label", `Image ${String(next.mediaId)}`);
        };
        refresh(attrs);
        return { dom, refresh };
      });
      setAttrs = view.setAttrs;
      return view;
    };
  },
});

export const ReadCalloutNode = Node.create({
  name: "readCallout",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      storyId: dataAttribute("storyId", "number"),
      title: dataAttribute("title", "text"),
      edition: dataAttribute("edition", "text"),
    };
  },
  parseHTML() {
    return [{ tag: "aside[data-story-id]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["aside", mergeAttributes(HTMLAttributes, { class: "ed-callout" })];
  },
  addNodeView() {
    return (props) =>
      cardView(props, (attrs) => {
        const title = h("span", { class: "ed-callout-title" });
        const language = h("span", { class: "ed-callout-lang" });
        const dom = h(
          "aside",
          { class: "ed-callout", role: "group" },
          h("strong", {}, "READ:"),
          " ",
          title,
          " ",
          language,
        );
        const refresh = (next: Attrs) => {
          title.textContent = typeof next.title === "string" ? next.title : `story #${String(next.storyId)}`;
          language.textContent = typeof next.edition === "string" ? `(${next.edition})` : "";
          dom.setAttribute("aria-label", `READ callout: ${title.textContent}`);
        };
        refresh(attrs);
        return { dom, refresh };
      });
  },
});

/** Where an embed card learns what the newsroom fetched of its URL. */
export type EmbedPreviewSource = (url: string) => Promise<EmbedPreview>;

export const EmbedNode = Node.create<{ preview: EmbedPreviewSource | null }>({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { preview: null };
  },
  addAttributes() {
    return { url: dataAttribute("url", "text") };
  },
  parseHTML() {
    return [
      {
        tag: "div[data-embed-url]",
        getAttrs: (element) => ({ url: element.getAttribute("data-embed-url") }),
      },
    ];
  },
  renderHTML({ node }) {
    return ["div", { class: "ed-embed", "data-embed-url": String(node.attrs.url ?? "") }];
  },
  addNodeView() {
    const { preview } = this.options;
    return (props) =>
      cardView(props, (attrs) => {
        const host = h("strong", { class: "ed-embed-host" });
        const url = h("span", { class: "ed-embed-url" });
        const details = h("div", { class: "ed-embed-details", "aria-live": "polite" });
        const dom = h(
          "div",
          { class: "ed-embed", role: "group" },
          h("span", { class: "ed-embed-label" }, "Embed"),
          " ",
          host,
          " ",
          url,
          details,
        );
        let shown: string | null = null;
        const refresh = (next: Attrs) => {
          const text = typeof next.url === "string" ? next.url : "";
          url.textContent = text;
          host.textContent = URL.canParse(text) ? new URL(text).hostname : "";
          dom.setAttribute("aria-label", `Embed: ${text}`);
          if (preview && text !== shown) {
            shown = text;
            showPreview(details, text, preview);
          }
        };
        refresh(attrs);
        return { dom, refresh };
      });
  },
});

/** The card's fetched title, provider, author and thumbnail, or why readers get a plain link. */
function showPreview(details: HTMLElement, url: string, preview: EmbedPreviewSource): void {
  details.replaceChildren(h("span", { class: "ed-embed-note" }, "Fetching the title and picture…"));
  preview(url).then(
    (answer) => {
      if (answer.status === "link") {
        details.replaceChildren(h("span", { class: "ed-embed-note is-warning" }, answer.message));
        return;
      }
      const byline = [answer.providerName, answer.authorName].filter(Boolean).join(" · ");
      details.replaceChildren(
        answer.thumb ? h("img", { src: answer.thumb, alt: "", class: "ed-embed-thumb" }) : "",
        h(
          "span",
          { class: "ed-embed-text" },
          h("strong", { class: "ed-embed-title" }, answer.title ?? url),
          h("span", {}, byline),
          answer.note ? h("span", { class: "ed-embed-note is-warning" }, answer.note) : "",
        ),
      );
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : "the newsroom did not answer";
      details.replaceChildren(
        h(
          "span",
          { class: "ed-embed-note is-warning" },
          `Not fetched: ${message} Readers get a plain link card.`,
        ),
      );
    },
  );
}

/**
 * Inserts one of the blocks above: after a selected card rather than in its place, and leaves the
 * cursor in the text after it (TipTap would leave the new card selected, so that the next insert or
 * keystroke replaced it).
 */
export function insertBlock(editor: Editor, type: "figure" | "readCallout" | "embed", attrs: Attrs): void {
  const { selection } = editor.state;
  const content = { type, attrs };
  const chain = editor.chain().focus();
  if (selection instanceof NodeSelection) chain.insertContentAt(selection.to, content);
  else chain.insertContent(content);
  chain
    .command(({ tr }) => {
      const inserted = tr.selection;
      if (!(inserted instanceof NodeSelection)) return true;
      const after = inserted.to;
      const next = tr.doc.resolve(after).nodeAfter;
      if (!next?.isTextblock) {
        const paragraph = tr.doc.type.schema.nodes.paragraph;
        if (paragraph) tr.insert(after, paragraph.create());
      }
      tr.setSelection(TextSelection.create(tr.doc, after + 1));
      return true;
    })
    .run();
}
