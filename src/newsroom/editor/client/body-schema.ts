// The TipTap extensions of the body editor: exactly the blocks and marks a body can hold (headings
// 2–4, paragraphs, bold, italic, links, quotes, lists, figures, embeds, READ callouts), so nothing else
// can be typed or pasted in. Shared by the editor and by the tests that check the converter against
// TipTap's real schema.

import type { Extensions } from "@tiptap/core";
import Link from "@tiptap/extension-link";
import StarterKit from "@tiptap/starter-kit";
import { isAllowedLinkHref } from "../../../shared/body/body-urls.ts";
import { HEADING_LEVELS } from "./body-convert.ts";
import { EmbedNode, type EmbedPreviewSource, FigureNode, ReadCalloutNode } from "./tiptap-nodes.ts";

/** `embedPreview`: how an embed card learns its fetched title and thumbnail (the editor's API). */
export function bodyExtensions(options: { embedPreview?: EmbedPreviewSource } = {}): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      code: false,
      codeBlock: false,
      strike: false,
      underline: false,
      horizontalRule: false,
      link: false,
    }),
    Link.configure({
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      // The same rule the server applies: http, https, mailto or a path on this site.
      isAllowedUri: (url) => isAllowedLinkHref(url),
      HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
    }),
    FigureNode,
    ReadCalloutNode,
    options.embedPreview ? EmbedNode.configure({ preview: options.embedPreview }) : EmbedNode,
  ];
}
