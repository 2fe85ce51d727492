// The body editor: TipTap with the body's extensions (body-schema.ts) and a toolbar.

import { Editor } from "@tiptap/core";
import type { BodyDocument } from "../../../shared/body/body-document.ts";
import { isAllowedEmbedUrl, isAllowedLinkHref } from "../../../shared/body/body-urls.ts";
import type { EmbedPreview } from "../editor-types.ts";
import { api } from "./api.ts";
import {
  bodyToTiptap,
  type ConvertContext,
  HEADING_LEVELS,
  type TiptapNode,
  tiptapToBody,
} from "./body-convert.ts";
import { bodyExtensions } from "./body-schema.ts";
import { askForUrl } from "./dialogs.ts";
import { h } from "./dom.ts";
import { pickMedia } from "./media-picker.ts";
import { keepSelection, readDomSelection, SelectionSync } from "./selection-sync.ts";
import { pickStory } from "./story-picker.ts";
import { insertBlock } from "./tiptap-nodes.ts";

export interface BodyEditorOptions {
  mount: HTMLElement;
  /** The id of the label that names the body field. */
  labelId: string;
  body: BodyDocument;
  context: ConvertContext;
  apiRoot: string;
  edition: string;
  storyId: () => number | null;
  canUpload: boolean;
  onChange(): void;
}

export interface BodyEditor {
  editor: Editor;
  /** The body as stored (converted and cleaned). */
  body(): BodyDocument;
  /** The body's plain text, for tag suggestions. */
  text(): string;
}

interface ToolButton {
  label: string;
  text: string;
  shortcut?: string;
  run(editor: Editor): unknown;
  active?(editor: Editor): boolean;
}

/** Builds the TipTap editor with its toolbar inside `mount`. */
export function createBodyEditor(options: BodyEditorOptions): BodyEditor {
  const toolbar = h("div", { class: "ed-toolbar", role: "toolbar", "aria-label": "Body formatting" });
  const surface = h("div", { class: "ed-surface" });
  options.mount.replaceChildren(toolbar, surface);
  options.mount.hidden = false;

  // Asked once per address while the page is open: the server fetches from the provider only once.
  const previews = new Map<string, Promise<EmbedPreview>>();
  const embedPreview = (url: string): Promise<EmbedPreview> => {
    let preview = previews.get(url);
    if (!preview) {
      preview = api<EmbedPreview>("POST", `${options.apiRoot}/embeds`, { url, edition: options.edition });
      // A failure of the request itself (offline) may be asked again by the next card drawn.
      preview.catch(() => previews.delete(url));
      previews.set(url, preview);
    }
    return preview;
  };
  const editor = new Editor({
    element: surface,
    // TipTap would add a <style> element, which the newsroom's content security policy refuses; its
    // few rules are in editor.css instead.
    injectCSS: false,
    extensions: [...bodyExtensions({ embedPreview }), SelectionSync],
    content: bodyToTiptap(options.body, options.context),
    editorProps: {
      attributes: {
        class: "ed-prose",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": options.labelId,
        spellcheck: "true",
      },
    },
    onUpdate: () => options.onChange(),
  });

  const tools: (ToolButton | "|")[] = [
    {
      label: "Bold",
      text: "B",
      shortcut: "Ctrl+B",
      run: (e) => e.chain().focus().toggleBold().run(),
      active: (e) => e.isActive("bold"),
    },
    {
      label: "Italic",
      text: "I",
      shortcut: "Ctrl+I",
      run: (e) => e.chain().focus().toggleItalic().run(),
      active: (e) => e.isActive("italic"),
    },
    { label: "Link", text: "Link", shortcut: "Ctrl+K", run: editLink, active: (e) => e.isActive("link") },
    "|",
    {
      label: "Quote",
      text: "Quote",
      run: (e) => e.chain().focus().toggleBlockquote().run(),
      active: (e) => e.isActive("blockquote"),
    },
    {
      label: "Bulleted list",
      text: "• List",
      run: (e) => e.chain().focus().toggleBulletList().run(),
      active: (e) => e.isActive("bulletList"),
    },
    {
      label: "Numbered list",
      text: "1. List",
      run: (e) => e.chain().focus().toggleOrderedList().run(),
      active: (e) => e.isActive("orderedList"),
    },
    "|",
    { label: "Insert image", text: "Image", run: insertFigure },
    { label: "Insert embed", text: "Embed", run: insertEmbed },
    { label: "Insert READ callout", text: "READ", run: insertCallout },
    "|",
    { label: "Undo", text: "Undo", shortcut: "Ctrl+Z", run: (e) => e.chain().focus().undo().run() },
    { label: "Redo", text: "Redo", shortcut: "Ctrl+Shift+Z", run: (e) => e.chain().focus().redo().run() },
  ];

  const blockStyle = h(
    "select",
    { "aria-label": "Text style", class: "ed-block-style" },
    h("option", { value: "p" }, "Paragraph"),
    ...HEADING_LEVELS.map((level) => h("option", { value: String(level) }, `Heading ${level}`)),
  );
  blockStyle.addEventListener("change", () => {
    const value = blockStyle.value;
    const chain = editor.chain().focus();
    if (value === "p") chain.setParagraph().run();
    else chain.setHeading({ level: Number(value) as 2 | 3 | 4 }).run();
  });
  toolbar.append(blockStyle);
  // A click on the toolbar acts where the caret is, even if the browser has not said yet where the
  // writer's last click or key put it (selection-sync.ts). Capture: before a button keeps the focus.
  toolbar.addEventListener("mousedown", () => readDomSelection(editor.view), { capture: true });

  const buttons: { tool: ToolButton; button: HTMLButtonElement }[] = [];
  for (const tool of tools) {
    if (tool === "|") {
      toolbar.append(h("span", { class: "ed-toolbar-gap", "aria-hidden": "true" }));
      continue;
    }
    const button = h(
      "button",
      {
        type: "button",
        class: "ed-tool",
        "aria-label": tool.label,
        title: tool.shortcut ? `${tool.label} (${tool.shortcut})` : tool.label,
        "aria-pressed": tool.active ? "false" : undefined,
      },
      tool.text,
    );
    // Keep the editor's selection while the toolbar is clicked.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => void tool.run(editor));
    toolbar.append(button);
    buttons.push({ tool, button });
  }

  const refreshToolbar = () => {
    for (const { tool, button } of buttons) {
      if (tool.active) button.setAttribute("aria-pressed", String(tool.active(editor)));
    }
    const level = HEADING_LEVELS.find((l) => editor.isActive("heading", { level: l }));
    blockStyle.value = level ? String(level) : "p";
  };
  editor.on("transaction", refreshToolbar);
  editor.on("selectionUpdate", refreshToolbar);
  refreshToolbar();

  // Ctrl/Cmd+K: the link dialog, as in most editors.
  surface.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
      event.preventDefault();
      void editLink(editor);
    }
  });

  async function editLink(e: Editor): Promise<void> {
    const kept = keepSelection(e);
    const current = e.getAttributes("link").href;
    const result = await askForUrl({
      title: current ? "Edit link" : "Add a link",
      label: "Address",
      value: typeof current === "string" ? current : "https://",
      hint: "An http or https address, a mailto: address, or a path on this site starting with /.",
      applyLabel: "Apply",
      removable: Boolean(current),
      validate: (url) =>
        isAllowedLinkHref(url) ? null : "Use an http or https address, mailto:, or a path starting with /.",
    });
    kept.restore();
    if (!result) return;
    if (result.action === "remove") {
      e.chain().focus().extendMarkRange("link").unsetLink().run();
      return;
    }
    if (e.state.selection.empty && !e.isActive("link")) {
      e.chain()
        .focus()
        .insertContent({
          type: "text",
          text: result.url,
          marks: [{ type: "link", attrs: { href: result.url } }],
        })
        .run();
    } else {
      e.chain().focus().extendMarkRange("link").setLink({ href: result.url }).run();
    }
  }

  async function insertFigure(e: Editor): Promise<void> {
    const kept = keepSelection(e);
    const media = await pickMedia({
      apiRoot: options.apiRoot,
      edition: options.edition,
      title: "Insert an image",
      canUpload: options.canUpload,
    });
    kept.restore();
    if (!media) return;
    insertBlock(e, "figure", {
      mediaId: media.id,
      caption: null,
      credit: null,
      thumb: media.thumb,
      alt: media.alt,
      libraryCaption: media.caption,
      libraryCredit: media.credit,
    });
  }

  async function insertEmbed(e: Editor): Promise<void> {
    const kept = keepSelection(e);
    const result = await askForUrl({
      title: "Embed a post or video",
      label: "Address of the post or video",
      hint: "A post or video from a site on the embed allow-list becomes a card with its title and picture, fetched once by the newsroom; readers load the player only when they click it. Any other address is a plain link card.",
      applyLabel: "Insert",
      validate: (url) => (isAllowedEmbedUrl(url) ? null : "Use a full http or https address."),
    });
    kept.restore();
    if (result?.action !== "apply") return;
    insertBlock(e, "embed", { url: result.url });
  }

  async function insertCallout(e: Editor): Promise<void> {
    const kept = keepSelection(e);
    const story = await pickStory({
      apiRoot: options.apiRoot,
      edition: options.edition,
      excludeStoryId: options.storyId(),
    });
    kept.restore();
    if (!story) return;
    insertBlock(e, "readCallout", { storyId: story.storyId, title: story.title, edition: story.edition });
  }

  return {
    editor,
    body: () => tiptapToBody(editor.getJSON() as TiptapNode),
    text: () => editor.getText({ blockSeparator: "\n\n" }),
  };
}
