import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderToString } from "preact-render-to-string";
import type { PictureData } from "../../media/picture.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import { parseBodyDocument } from "../../shared/body/parse-body.ts";
import { type BodyRenderContext, BodyView, type StoryLink } from "./body-view.tsx";

const picture: PictureData = {
  mediaId: 3,
  width: 1200,
  height: 800,
  src: "/media/3/1200.jpg",
  sources: [{ type: "image/avif", srcset: "/media/3/600.avif 600w, /media/3/1200.avif 1200w" }],
  srcset: "/media/3/600.jpg 600w, /media/3/1200.jpg 1200w",
  alt: "",
  caption: "Library caption",
  captionLanguage: null,
  altLanguage: null,
  credit: "Library credit",
};

const sadr: StoryLink = {
  title: "Iraq's Muqtada Al-Sadr supports PM call for national dialogue",
  href: "/en/middle-east/iraq-sadr-dialogue",
  language: null,
  languageNote: null,
};

function context(overrides: Partial<BodyRenderContext> = {}): BodyRenderContext {
  return {
    readLabel: "READ",
    stories: new Map([[12, sadr]]),
    pictures: new Map([[3, picture]]),
    ...overrides,
  };
}

function html(content: unknown[], ctx: BodyRenderContext = context()): string {
  const doc: BodyDocument = parseBodyDocument({ type: "doc", content });
  return renderToString(<BodyView doc={doc} context={ctx} />);
}

/** The text a reader sees, tags removed and the entities Preact writes decoded. */
function visibleText(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

const para = (...content: unknown[]) => ({ type: "paragraph", content });
const text = (value: string, marks?: unknown[]) => ({
  type: "text",
  text: value,
  ...(marks ? { marks } : {}),
});

describe("BodyView", () => {
  test("renders paragraphs, headings, quotes and lists as their HTML elements", () => {
    const item = (value: string) => ({ type: "listItem", content: [para(text(value))] });
    const markup = html([
      { type: "heading", attrs: { level: 3 }, content: [text("Background")] },
      para(text("Line"), { type: "hardBreak" }, text("next")),
      { type: "blockquote", content: [para(text("Quoted"))] },
      { type: "bulletList", content: [item("a"), item("b")] },
      { type: "orderedList", attrs: { start: 4 }, content: [item("c")] },
    ]);
    assert.equal(
      markup,
      "<h3>Background</h3><p>Line<br/>next</p><blockquote><p>Quoted</p></blockquote>" +
        '<ul><li><p>a</p></li><li><p>b</p></li></ul><ol start="4"><li><p>c</p></li></ol>',
    );
  });

  test("renders bold, italic and links, with rel=noopener only on links that leave the site", () => {
    const markup = html([
      para(
        text("bold", [{ type: "bold" }]),
        text(" both", [{ type: "bold" }, { type: "italic" }]),
        text(" out", [{ type: "link", attrs: { href: "https://example.com/a?b=1&c=2" } }]),
        text(" in", [{ type: "link", attrs: { href: "/en/world" } }]),
        text(" mail", [{ type: "link", attrs: { href: "mailto:desk@example.com" } }]),
      ),
    ]);
    assert.equal(
      markup,
      "<p><strong>bold</strong><strong><em> both</em></strong>" +
        '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener"> out</a>' +
        '<a href="/en/world"> in</a><a href="mailto:desk@example.com"> mail</a></p>',
    );
  });

  test("puts neighbouring runs of one link inside a single anchor", () => {
    const href = { type: "link", attrs: { href: "/x" } };
    const markup = html([para(text("a ", [href]), text("b", [href, { type: "bold" }]))]);
    assert.equal(markup, '<p><a href="/x">a <strong>b</strong></a></p>');
  });

  test("renders script-like text escaped, as text", () => {
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const markup = html([
      para(text(hostile)),
      { type: "heading", attrs: { level: 2 }, content: [text(hostile)] },
    ]);
    assert.doesNotMatch(markup, /<script|<img/);
    assert.match(markup, /^<p>&lt;script>alert\(&quot;x&quot;\)&lt;\/script>&lt;img /);
    assert.equal(visibleText(markup), hostile + hostile);
  });

  test("drops a javascript: link that reached it without parsing, keeping the words", () => {
    const doc = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            {
              type: "text",
              text: "click",
              marks: [{ type: "link", attrs: { href: " javascript:alert(1)" } }],
            },
          ],
        },
      ],
    } as BodyDocument;
    assert.equal(renderToString(<BodyView doc={doc} context={context()} />), "<p>click</p>");
  });

  test("renders a READ callout that reads as one sentence", () => {
    const markup = html([{ type: "readCallout", attrs: { storyId: 12 } }]);
    assert.equal(
      markup,
      '<p class="read-callout"><strong>READ:</strong> <a href="/en/middle-east/iraq-sadr-dialogue">' +
        "Iraq's Muqtada Al-Sadr supports PM call for national dialogue</a></p>",
    );
    assert.equal(visibleText(markup), "READ: Iraq's Muqtada Al-Sadr supports PM call for national dialogue");
  });

  test("marks a READ callout shown in a fallback language with lang and a note", () => {
    const english: StoryLink = { ...sadr, language: "en", languageNote: "(em inglês)" };
    const ctx = context({ readLabel: "LEIA", stories: new Map([[12, english]]) });
    const markup = html([{ type: "readCallout", attrs: { storyId: 12 } }], ctx);
    assert.match(markup, /<a href="\/en\/middle-east\/iraq-sadr-dialogue" lang="en">/);
    assert.match(markup, /<\/a> <span class="language-note">\(em inglês\)<\/span><\/p>$/);
    assert.equal(
      visibleText(markup),
      "LEIA: Iraq's Muqtada Al-Sadr supports PM call for national dialogue (em inglês)",
    );
  });

  test("renders nothing for a callout whose story or a figure whose picture is missing", () => {
    const markup = html([
      para(text("before")),
      { type: "readCallout", attrs: { storyId: 99 } },
      { type: "figure", attrs: { mediaId: 98, caption: "Gone" } },
      para(text("after")),
    ]);
    assert.equal(markup, "<p>before</p><p>after</p>");
  });

  test("renders a figure with the picture and its own caption and credit", () => {
    const markup = html([{ type: "figure", attrs: { mediaId: 3 } }]);
    assert.match(markup, /^<figure class="figure"><picture><source type="image\/avif"/);
    assert.match(markup, /sizes="\(min-width: 48rem\) 46rem, 100vw"/);
    assert.match(markup, /alt="Library caption"/);
    assert.match(
      markup,
      /<figcaption>Library caption <span class="credit">\[Library credit\]<\/span><\/figcaption><\/figure>$/,
    );
  });

  test("lets the figure's caption and credit override the picture's, and keeps the picture's alt", () => {
    const pictures = new Map([[3, { ...picture, alt: "Soldiers by a truck" }]]);
    const figure = {
      type: "figure",
      attrs: { mediaId: 3, caption: "US soldiers in Kirkuk", credit: "Anadolu" },
    };
    const markup = html([figure], context({ pictures }));
    assert.match(markup, /alt="Soldiers by a truck"/);
    assert.equal(
      visibleText(markup.slice(markup.indexOf("<figcaption>"))),
      "US soldiers in Kirkuk [Anadolu]",
    );
  });

  test("leaves the figcaption out when there is neither caption nor credit", () => {
    const pictures = new Map([[3, { ...picture, caption: null, credit: null }]]);
    assert.doesNotMatch(
      html([{ type: "figure", attrs: { mediaId: 3 } }], context({ pictures })),
      /figcaption/,
    );
  });

  test("renders an embed as a plain link to its host, never as foreign markup", () => {
    const markup = html([{ type: "embed", attrs: { url: "https://www.youtube.com/watch?v=abc&t=1" } }]);
    assert.equal(
      markup,
      '<figure class="embed"><a href="https://www.youtube.com/watch?v=abc&amp;t=1" rel="nofollow noopener">www.youtube.com</a></figure>',
    );
  });

  test("renders a large body of 2000 blocks", () => {
    const content = Array.from({ length: 2000 }, (_, index) => para(text(`Paragraph ${index}`)));
    const markup = html(content);
    assert.equal(markup.split("<p>").length - 1, 2000);
  });
});
