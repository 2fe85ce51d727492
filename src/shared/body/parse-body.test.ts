import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertRefused, doc, link, paragraph, quote, text } from "./body-test-helpers.ts";
import { parseBodyDocument } from "./parse-body.ts";

describe("parseBodyDocument", () => {
  test("returns a clean copy of a document an editor produced, with empty and default values dropped", () => {
    const input = doc(
      { type: "heading", attrs: { level: 2 }, content: [text("Title", [])] },
      paragraph(text("Hello "), text("world", [{ type: "italic" }, { type: "bold" }]), { type: "hardBreak" }),
      {
        type: "orderedList",
        attrs: { start: 1 },
        content: [{ type: "listItem", content: [paragraph(text("one"))] }],
      },
      { type: "figure", attrs: { mediaId: 7, caption: null, credit: "" } },
      { type: "paragraph", content: [] },
    );
    assert.deepEqual(parseBodyDocument(input), {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Title" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Hello " },
            { type: "text", text: "world", marks: [{ type: "bold" }, { type: "italic" }] },
            { type: "hardBreak" },
          ],
        },
        { type: "orderedList", content: [{ type: "listItem", content: [paragraph(text("one"))] }] },
        { type: "figure", attrs: { mediaId: 7 } },
        { type: "paragraph" },
      ],
    });
  });

  test("joins neighbouring text runs that carry the same marks", () => {
    const result = parseBodyDocument(
      doc(paragraph(text("a", [link("/x")]), text("b", [link("/x")]), text("c"))),
    );
    assert.deepEqual(result.content[0], paragraph(text("ab", [link("/x")]), text("c")));
  });

  test("does not hand back the caller's objects", () => {
    const input = doc(paragraph(text("a")));
    const result = parseBodyDocument(input);
    assert.notEqual(result.content[0], input.content[0]);
  });

  test("accepts the document as JSON text", () => {
    const result = parseBodyDocument(JSON.stringify(doc(paragraph(text("hi")))));
    assert.deepEqual(result, doc(paragraph(text("hi"))));
  });

  test("refuses JSON text that does not parse", () => {
    assertRefused('{"type": "doc", "content": [', /^body: the document is not valid JSON/);
  });

  test("refuses a root that is not a doc", () => {
    assertRefused([], "body: the document must be an object");
    assertRefused(null, "body: the document must be an object");
    assertRefused({ type: "paragraph", content: [] }, 'body: type must be "doc"');
    assertRefused(
      { type: "doc", content: [], html: "<script>" },
      /the document has an unknown property "html"/,
    );
  });

  test("names the path of the javascript: link it refuses", () => {
    assertRefused(
      doc(paragraph(text("a")), paragraph(text("click", [link("javascript:alert(1)")]))),
      'body: content[1].content[0].marks[0].attrs.href must be an http, https or mailto URL, or a path on this site starting with "/"',
    );
  });

  for (const href of [
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u0000javascript:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/",
    "/\\evil.example/",
    "https:\\\\evil.example",
    "http:evil.example",
    "https://",
    "ftp://files.example/",
    "relative/path",
    "",
  ]) {
    test(`refuses the link href ${JSON.stringify(href)}`, () => {
      assertRefused(
        doc(paragraph(text("x", [link(href)]))),
        /content\[0\]\.content\[0\]\.marks\[0\]\.attrs\.href must be/,
      );
    });
  }

  test("accepts http, https, mailto and site-relative links", () => {
    for (const href of [
      "https://example.com/a?b=c#d",
      "HTTP://example.com",
      "mailto:desk@example.com",
      "/world/42",
    ]) {
      const result = parseBodyDocument(doc(paragraph(text("x", [link(href)]))));
      assert.deepEqual(result.content[0], paragraph(text("x", [link(href)])));
    }
  });

  test("refuses a link mark with attributes besides href", () => {
    const mark = { type: "link", attrs: { href: "https://example.com", target: "_blank" } };
    assertRefused(doc(paragraph(text("x", [mark]))), /marks\[0\]\.attrs has an unknown property "target"/);
  });

  test("refuses an embed that is not an http or https URL", () => {
    for (const url of ["javascript:alert(1)", "mailto:a@example.com", "/local", " https://example.com"]) {
      assertRefused(
        doc({ type: "embed", attrs: { url } }),
        "body: content[0].attrs.url must be an http or https URL",
      );
    }
    const ok = { type: "embed", attrs: { url: "https://www.youtube.com/watch?v=x" } };
    assert.deepEqual(parseBodyDocument(doc(ok)).content[0], ok);
  });

  test("refuses node types and marks it does not know", () => {
    assertRefused(
      doc({ type: "script", content: [] }),
      /^body: content\[0\]\.type "script" is not allowed here; use one of paragraph/,
    );
    assertRefused(
      doc({ type: "listItem", content: [] }),
      /content\[0\]\.type "listItem" is not allowed here/,
    );
    assertRefused(
      doc(paragraph({ type: "image", attrs: { src: "x" } })),
      /content\[0\]\.content\[0\]\.type "image"/,
    );
    assertRefused(
      doc(paragraph(text("x", [{ type: "underline" }]))),
      /marks\[0\]\.type "underline" is not allowed here/,
    );
    assertRefused(
      doc({ type: "bulletList", content: [paragraph(text("x"))] }),
      /content\[0\]\.content\[0\]\.type "paragraph"/,
    );
  });

  test("refuses properties and attributes a node does not have", () => {
    assertRefused(
      doc({ type: "paragraph", attrs: { textAlign: "left" }, content: [] }),
      /content\[0\] has an unknown property "attrs"/,
    );
    assertRefused(
      doc({ type: "heading", attrs: { level: 2, id: "x" } }),
      /content\[0\]\.attrs has an unknown property "id"/,
    );
    assertRefused(
      doc({ type: "figure", attrs: { mediaId: 1, src: "x.jpg" } }),
      /content\[0\]\.attrs has an unknown property "src"/,
    );
    assertRefused(
      doc(paragraph({ type: "hardBreak", text: "x" })),
      /content\[0\]\.content\[0\] has an unknown property "text"/,
    );
    assertRefused(
      JSON.parse('{"type":"doc","content":[],"__proto__":{"x":1}}'),
      /unknown property "__proto__"/,
    );
  });

  test("refuses text that is not a non-empty string without NUL", () => {
    assertRefused(
      doc(paragraph({ type: "text", text: 5 })),
      "body: content[0].content[0].text must be a string",
    );
    assertRefused(
      doc(paragraph(text("a\u0000b"))),
      "body: content[0].content[0].text must not contain the NUL character",
    );
    assertRefused(doc(paragraph(text(""))), /content\[0\]\.content\[0\]\.text must not be empty/);
  });

  test("refuses a repeated mark", () => {
    assertRefused(
      doc(paragraph(text("x", [{ type: "bold" }, { type: "bold" }]))),
      /marks\[1\] repeats the bold mark/,
    );
  });

  test("refuses story and media ids that are not positive integers", () => {
    for (const id of [0, -1, 1.5, "3", Number.MAX_SAFE_INTEGER + 1, null]) {
      assertRefused(
        doc({ type: "readCallout", attrs: { storyId: id } }),
        "body: content[0].attrs.storyId must be a positive integer",
      );
      assertRefused(
        doc({ type: "figure", attrs: { mediaId: id } }),
        "body: content[0].attrs.mediaId must be a positive integer",
      );
    }
  });

  test("refuses heading levels outside 2 to 4", () => {
    for (const level of [1, 5, "2", 2.5]) {
      assertRefused(
        doc({ type: "heading", attrs: { level } }),
        "body: content[0].attrs.level must be 2, 3 or 4",
      );
    }
  });

  test("refuses empty quotes, lists and list items", () => {
    assertRefused(doc(quote()), "body: content[0].content must not be empty");
    assertRefused(doc({ type: "bulletList", content: [] }), "body: content[0].content must not be empty");
    assertRefused(
      doc({ type: "bulletList", content: [{ type: "listItem", content: [] }] }),
      "body: content[0].content[0].content must not be empty",
    );
  });

  test("refuses an ordered list start that is not a whole number", () => {
    const list = (start: unknown) => ({
      type: "orderedList",
      attrs: { start },
      content: [{ type: "listItem", content: [paragraph(text("x"))] }],
    });
    assertRefused(doc(list(-1)), "body: content[0].attrs.start must be a whole number, 0 or more");
    assertRefused(doc(list("3")), "body: content[0].attrs.start must be a whole number, 0 or more");
    assert.deepEqual(parseBodyDocument(doc(list(3))).content[0], list(3));
  });
});
