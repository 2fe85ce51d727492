import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { getSchema } from "@tiptap/core";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import { parseBodyDocument } from "../../shared/body/parse-body.ts";
import { BodyConversionError, bodyToTiptap, type TiptapNode, tiptapToBody } from "./client/body-convert.ts";
import { bodyExtensions } from "./client/body-schema.ts";

/** TipTap's schema as the editor builds it: what the converter's output must fit. */
const schema = getSchema(bodyExtensions());

/** Body → TipTap → ProseMirror document (checked against the schema) → TipTap JSON → body. */
function throughTheEditor(body: BodyDocument, context = {}): BodyDocument {
  const json = bodyToTiptap(body, context);
  const node = schema.nodeFromJSON(json);
  node.check();
  return tiptapToBody(node.toJSON() as TiptapNode);
}

const text = (value: string, marks?: unknown[]) =>
  marks ? { type: "text", text: value, marks } : { type: "text", text: value };

/** One of every node and mark a body can hold. */
const EVERYTHING = parseBodyDocument({
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [text("Talks in Baghdad")] },
    { type: "heading", attrs: { level: 3 }, content: [text("The crossing")] },
    { type: "heading", attrs: { level: 4 }, content: [text("Trade")] },
    {
      type: "paragraph",
      content: [
        text("Officials from "),
        text("Iraq", [{ type: "bold" }]),
        text(" and "),
        text("Turkey", [{ type: "italic" }]),
        text(" met, says "),
        text("the ministry", [
          { type: "link", attrs: { href: "https://example.org/ministry" } },
          { type: "bold" },
        ]),
        { type: "hardBreak" },
        text("on Monday."),
      ],
    },
    { type: "paragraph" },
    {
      type: "blockquote",
      content: [{ type: "paragraph", content: [text("We want the crossing open before winter.")] }],
    },
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [text("Trade")] }] },
        {
          type: "listItem",
          content: [
            { type: "paragraph", content: [text("Water")] },
            {
              type: "orderedList",
              content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("Tigris")] }] }],
            },
          ],
        },
      ],
    },
    {
      type: "orderedList",
      attrs: { start: 3 },
      content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("Third")] }] }],
    },
    { type: "figure", attrs: { mediaId: 7, caption: "The Habur gate", credit: "Tribune/Photo desk" } },
    { type: "figure", attrs: { mediaId: 8 } },
    { type: "embed", attrs: { url: "https://www.youtube.com/watch?v=abc123" } },
    { type: "readCallout", attrs: { storyId: 42 } },
    {
      type: "paragraph",
      content: [text("The end, with "), text("a link", [{ type: "link", attrs: { href: "/en/tag/iraq" } }])],
    },
  ],
});

describe("converting between TipTap and the body document", () => {
  test("every node and mark comes back unchanged through TipTap's own schema", () => {
    assert.deepEqual(throughTheEditor(EVERYTHING), EVERYTHING);
    assert.deepEqual(parseBodyDocument(throughTheEditor(EVERYTHING)), EVERYTHING);
  });

  // (An empty paragraph alone is an empty body: see below.)
  for (const block of EVERYTHING.content.filter((b) => b.type !== "paragraph" || b.content)) {
    test(`a body of only a ${block.type} (${JSON.stringify(block).slice(0, 60)}…) comes back unchanged`, () => {
      const body: BodyDocument = { type: "doc", content: [block] };
      assert.deepEqual(throughTheEditor(body), body);
    });
  }

  test("the editor's own attributes are added for display and dropped on the way back", () => {
    const body: BodyDocument = {
      type: "doc",
      content: [
        { type: "readCallout", attrs: { storyId: 42 } },
        { type: "figure", attrs: { mediaId: 7 } },
      ],
    };
    const json = bodyToTiptap(body, {
      stories: { "42": { title: "Iraq's Muqtada Al-Sadr supports PM call", edition: "en" } },
      media: { "7": { thumb: "/media/ab/x-480.jpg", caption: "Library caption", credit: "Agency", alt: "" } },
    });
    assert.deepEqual(json.content?.[0]?.attrs, {
      storyId: 42,
      title: "Iraq's Muqtada Al-Sadr supports PM call",
      edition: "en",
    });
    assert.equal(json.content?.[1]?.attrs?.thumb, "/media/ab/x-480.jpg");
    assert.equal(json.content?.[1]?.attrs?.libraryCaption, "Library caption");
    assert.deepEqual(tiptapToBody(json), body);
  });

  test("an empty body is one empty paragraph in the editor, and empty again when saved", () => {
    const empty: BodyDocument = { type: "doc", content: [] };
    assert.deepEqual(bodyToTiptap(empty), { type: "doc", content: [{ type: "paragraph" }] });
    assert.deepEqual(throughTheEditor(empty), empty);
  });

  test("the empty paragraphs TipTap keeps at the end, to type after a block, are not saved", () => {
    const saved = tiptapToBody({
      type: "doc",
      content: [
        { type: "embed", attrs: { url: "https://example.org/post" } },
        { type: "paragraph" },
        { type: "paragraph", content: [] },
      ],
    });
    assert.deepEqual(saved, {
      type: "doc",
      content: [{ type: "embed", attrs: { url: "https://example.org/post" } }],
    });
  });

  test("TipTap's extra attributes are dropped: link targets, list types, blank captions", () => {
    const saved = tiptapToBody({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            {
              type: "text",
              text: "site",
              marks: [
                {
                  type: "link",
                  attrs: { href: "https://example.org", target: "_blank", rel: "x", class: null },
                },
              ],
            },
          ],
        },
        {
          type: "orderedList",
          attrs: { start: 1, type: null },
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] },
          ],
        },
        { type: "figure", attrs: { mediaId: 3, caption: "  ", credit: null, thumb: "/media/x.jpg" } },
      ],
    });
    assert.deepEqual(saved, {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "site", marks: [{ type: "link", attrs: { href: "https://example.org" } }] },
          ],
        },
        {
          type: "orderedList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] },
          ],
        },
        { type: "figure", attrs: { mediaId: 3 } },
      ],
    });
  });

  test("a node the body cannot hold is refused with its name, not stored", () => {
    assert.throws(
      () =>
        tiptapToBody({
          type: "doc",
          content: [{ type: "codeBlock", content: [{ type: "text", text: "x" }] }],
        }),
      (error: unknown) => error instanceof BodyConversionError && /"codeBlock"/.test(error.message),
    );
  });

  test("marks the body does not know are dropped, keeping their text", () => {
    const saved = tiptapToBody({
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "struck", marks: [{ type: "strike" }] }] },
      ],
    });
    assert.deepEqual(saved, {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "struck" }] }],
    });
  });

  test("the editor offers headings 2 to 4 only, as a body allows", () => {
    assert.throws(() => schema.nodeFromJSON({ type: "doc", content: [{ type: "codeBlock" }] }));
    const level = (attrs: Record<string, unknown>) =>
      tiptapToBody({
        type: "doc",
        content: [{ type: "heading", attrs, content: [{ type: "text", text: "x" }] }],
      }).content[0];
    assert.deepEqual(level({ level: 1 }), {
      type: "heading",
      attrs: { level: 2 },
      content: [{ type: "text", text: "x" }],
    });
    assert.deepEqual(level({ level: 6 }), {
      type: "heading",
      attrs: { level: 4 },
      content: [{ type: "text", text: "x" }],
    });
  });
});
