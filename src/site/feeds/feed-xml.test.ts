import assert from "node:assert/strict";
import { test } from "node:test";
import { xmlAttribute as attribute, xmlText as text } from "../../shared/xml.ts";

test("text escapes markup and drops the characters XML 1.0 cannot hold", () => {
  assert.equal(text(`a < b > c & d ]]> "e"`), `a &lt; b &gt; c &amp; d ]]&gt; "e"`);
  assert.equal(text("bell\u0007 nul\u0000 esc\u001b half\ud800 \uffff end"), "bell nul esc half  end");
  assert.equal(text("tab\tline\nreturn\r"), "tab\tline\nreturn\r");
  assert.equal(text("emoji 📰 and ção"), "emoji 📰 and ção");
});

test("attribute values escape quotes and keep tabs and line breaks as references", () => {
  assert.equal(
    attribute(`say "hi" <now> & tab\there\nnext`),
    "say &quot;hi&quot; &lt;now&gt; &amp; tab&#9;here&#10;next",
  );
});
