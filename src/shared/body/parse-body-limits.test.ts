import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertRefused, doc, paragraph, quote, text } from "./body-test-helpers.ts";
import { parseBodyDocument } from "./parse-body.ts";

describe("parseBodyDocument limits", () => {
  const nestedQuotes = (levels: number) => {
    let node: unknown = paragraph(text("deep"));
    for (let level = 0; level < levels; level += 1) node = quote(node);
    return doc(node);
  };

  test("accepts quotes and lists nested six levels deep", () => {
    assert.doesNotThrow(() => parseBodyDocument(nestedQuotes(6)));
  });

  test("refuses nesting past six levels, naming where it goes too deep", () => {
    assertRefused(
      nestedQuotes(7),
      /^body: content\[0\](\.content\[0\]){6} nests quotes and lists more than 6 levels deep$/,
    );
  });

  test("refuses a hostile document nested 100,000 levels deep without exhausting the stack", () => {
    assertRefused(nestedQuotes(100_000), /nests quotes and lists more than 6 levels deep/);
    const opening = '{"type":"blockquote","content":['.repeat(100_000);
    const json = `{"type":"doc","content":[${opening}${"]}".repeat(100_001)}`;
    assertRefused(json, /nests quotes and lists more than 6 levels deep/);
  });

  test("accepts 2000 blocks and refuses the 2001st", () => {
    const blocks = (count: number) => Array.from({ length: count }, () => paragraph(text("x")));
    assert.equal(parseBodyDocument(doc(...blocks(2000))).content.length, 2000);
    assertRefused(
      doc(...blocks(2001)),
      "body: content[2000] is past the limit of 2000 blocks; split the article",
    );
  });

  test("counts nested blocks and list items towards the block limit", () => {
    const item = { type: "listItem", content: [paragraph(text("x"))] };
    const list = { type: "bulletList", content: Array.from({ length: 999 }, () => item) };
    assertRefused(
      doc(list, paragraph(text("y")), paragraph(text("z"))),
      /^body: content\[2\] is past the limit/,
    );
  });

  test("accepts 500,000 characters of text and refuses one more, captions included", () => {
    const half = "a".repeat(250_000);
    assert.doesNotThrow(() => parseBodyDocument(doc(paragraph(text(half)), paragraph(text(half)))));
    assertRefused(
      doc(paragraph(text(half)), paragraph(text(half)), {
        type: "figure",
        attrs: { mediaId: 1, caption: "!" },
      }),
      "body: content[2].attrs.caption takes the body past 500000 characters of text; split the article",
    );
  });

  test("refuses a body of more than 100,000 text runs and line breaks", () => {
    const breaks = Array.from({ length: 100_001 }, () => ({ type: "hardBreak" }));
    assertRefused(doc(paragraph(...breaks)), /content\[0\]\.content\[100000\] is past the limit of 100000/);
  });

  test("refuses a huge array of blocks quickly, without looking at every element", () => {
    const many = new Array(5_000_000).fill(paragraph(text("x")));
    const started = performance.now();
    assertRefused({ type: "doc", content: many }, /past the limit of 2000 blocks/);
    assert.ok(performance.now() - started < 1000);
  });
});
