import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ValidationError } from "../errors.ts";
import type { BodyDocument } from "./body-document.ts";
import {
  bodyFromParagraphs,
  bodyPlainText,
  collectBodyReferences,
  countWords,
  readingMinutes,
} from "./body-text.ts";
import { parseBodyDocument } from "./parse-body.ts";

const sample: BodyDocument = parseBodyDocument({
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "The deal" }] },
    {
      type: "paragraph",
      content: [
        { type: "text", text: "Groups will " },
        { type: "text", text: "stop", marks: [{ type: "bold" }] },
        { type: "hardBreak" },
        { type: "text", text: "attacks." },
      ],
    },
    { type: "readCallout", attrs: { storyId: 12 } },
    { type: "figure", attrs: { mediaId: 3, caption: "US soldiers in Kirkuk", credit: "Anadolu Agency" } },
    { type: "embed", attrs: { url: "https://example.com/post/1" } },
    { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "A quote." }] }] },
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "One" }] }] },
        {
          type: "listItem",
          content: [
            { type: "paragraph", content: [{ type: "text", text: "Two" }] },
            { type: "readCallout", attrs: { storyId: 5 } },
            { type: "figure", attrs: { mediaId: 9 } },
          ],
        },
      ],
    },
    { type: "paragraph" },
    { type: "readCallout", attrs: { storyId: 12 } },
    { type: "figure", attrs: { mediaId: 3 } },
  ],
});

describe("bodyPlainText", () => {
  test("separates blocks by blank lines and leaves callouts, embeds and empty paragraphs out", () => {
    assert.equal(
      bodyPlainText(sample),
      "The deal\n\nGroups will stop\nattacks.\n\nUS soldiers in Kirkuk\n\nA quote.\n\nOne\n\nTwo",
    );
  });

  test("gives an empty string for an empty body", () => {
    assert.equal(bodyPlainText({ type: "doc", content: [] }), "");
  });
});

describe("countWords", () => {
  test("counts words in several languages, keeping apostrophes and hyphens inside words", () => {
    assert.equal(countWords("Iraq's Muqtada Al-Sadr supports PM call for national dialogue"), 9);
    assert.equal(countWords("O primeiro-ministro iraquiano não comentou."), 5);
    assert.equal(countWords("El 29 de marzo de 2020, en Kirkuk."), 8);
  });

  test("counts nothing in blank text or punctuation", () => {
    assert.equal(countWords(""), 0);
    assert.equal(countWords("  \n\n — … !! "), 0);
  });
});

describe("readingMinutes", () => {
  const words = (count: number) =>
    bodyFromParagraphs([Array.from({ length: count }, () => "word").join(" ")]);

  test("is at least one minute, even for an empty body", () => {
    assert.equal(readingMinutes({ type: "doc", content: [] }), 1);
    assert.equal(readingMinutes(words(10)), 1);
  });

  test("rounds words over the reading speed to whole minutes", () => {
    assert.equal(readingMinutes(words(1150)), 5);
    assert.equal(readingMinutes(words(1000), 200), 5);
    assert.equal(readingMinutes(words(1300), 200), 7);
  });

  test("refuses a reading speed that is not a positive number", () => {
    assert.throws(() => readingMinutes(words(5), 0), RangeError);
    assert.throws(() => readingMinutes(words(5), Number.NaN), RangeError);
  });
});

describe("collectBodyReferences", () => {
  test("lists each story, picture and embed once, in order of appearance, nested ones included", () => {
    assert.deepEqual(collectBodyReferences(sample), {
      storyIds: [12, 5],
      mediaIds: [3, 9],
      embedUrls: ["https://example.com/post/1"],
    });
  });
});

describe("bodyFromParagraphs", () => {
  test("turns strings into paragraphs and story references into READ callouts", () => {
    assert.deepEqual(bodyFromParagraphs(["First.", { storyId: 4 }, "Line one\nline two", ""]), {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "First." }] },
        { type: "readCallout", attrs: { storyId: 4 } },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Line one" },
            { type: "hardBreak" },
            { type: "text", text: "line two" },
          ],
        },
        { type: "paragraph" },
      ],
    });
  });

  test("checks what it builds like any other body", () => {
    assert.throws(() => bodyFromParagraphs([{ storyId: 0 }]), ValidationError);
    assert.throws(() => bodyFromParagraphs(["nul \u0000 here"]), ValidationError);
  });
});
