import assert from "node:assert/strict";
import { test } from "node:test";
import { renderToString } from "preact-render-to-string";
import { CommentText } from "./comment-text.tsx";
import { findLinks } from "./links.ts";

const html = (text: string) => renderToString(<CommentText text={text} />);

test("escapes markup: tags, attributes and entities come out as text", () => {
  const out = html(`<script>alert(1)</script> <img src=x onerror="alert(2)"> &amp; "quotes" 'single'`);
  assert.ok(!out.includes("<script"));
  assert.ok(!out.includes("<img"));
  assert.ok(out.includes("&lt;script>alert(1)&lt;/script>"));
  assert.ok(out.includes("&amp;amp;"));
});

test("keeps line breaks: single breaks become <br>, empty lines new paragraphs", () => {
  assert.equal(
    html("one\ntwo\n\nthree"),
    '<div class="comment-text" dir="auto"><p>one<br/>two</p><p>three</p></div>',
  );
});

test("makes http(s) and www. links clickable with rel nofollow ugc, and nothing else", () => {
  const out = html(
    "See https://example.org/a?b=1&c=2, www.example.com. javascript:alert(1) data:text/html,x",
  );
  assert.ok(
    out.includes(
      '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.org/a?b=1&amp;c=2</a>,',
    ),
  );
  assert.ok(
    out.includes('<a href="https://www.example.com/" rel="nofollow ugc noopener">www.example.com</a>.'),
  );
  assert.equal((out.match(/<a /g) ?? []).length, 2);
});

test("a link cannot break out of its attribute or carry a script", () => {
  const out = html('https://example.org/"onmouseover="alert(1) https://example.org/<script>');
  assert.ok(!/<a [^>]*onmouseover/.test(out));
  assert.ok(!out.includes("<script"));
  for (const link of findLinks('https://example.org/"x" https://user:pw@example.org/ http://localhost/')) {
    assert.ok(!link.href.includes('"'));
    assert.ok(!link.href.includes("pw@"));
  }
  assert.deepEqual(findLinks("http://localhost/ https://user:pw@example.org/"), []);
});

test("keeps a Wikipedia-style closing parenthesis inside the link, a sentence's outside", () => {
  assert.deepEqual(
    findLinks("(see https://en.wikipedia.org/wiki/Gaza_(city)) and https://example.org/x).").map(
      (l) => l.href,
    ),
    ["https://en.wikipedia.org/wiki/Gaza_(city)", "https://example.org/x"],
  );
});

test("shortens very long link texts, not their targets", () => {
  const url = `https://example.org/${"a".repeat(200)}`;
  const out = html(url);
  assert.ok(out.includes(`href="${url}"`));
  assert.ok(out.includes("…</a>"));
});
