import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_PROVIDERS, type EmbedProvider } from "./embed-providers.ts";
import { FetchRefusedError } from "./guarded-fetch.ts";
import { readOEmbedAnswer } from "./oembed-answer.ts";

const provider = (name: string): EmbedProvider => {
  const found = DEFAULT_PROVIDERS.find((p) => p.name === name);
  if (!found) throw new Error(name);
  return found;
};
const JSON_TYPE = "application/json; charset=utf-8";
const read = (name: string, postUrl: string, answer: unknown, type = JSON_TYPE) =>
  readOEmbedAnswer(provider(name), postUrl, type, Buffer.from(JSON.stringify(answer)));
const youtubeHtml = (src: string) =>
  `<iframe width="200" height="113" src="${src}" allowfullscreen></iframe>`;

describe("reading an oEmbed answer", () => {
  test("keeps the texts and YouTube's player, moved to the privacy-enhanced host", () => {
    const facts = read("youtube", "https://youtu.be/abcdefGHIJK", {
      title: "Kirkuk, a year on",
      author_name: "Tribune Channel",
      provider_name: "YouTube",
      thumbnail_url: "https://i.ytimg.com/vi/abcdefGHIJK/hqdefault.jpg",
      html: youtubeHtml("https://www.youtube.com/embed/abcdefGHIJK?feature=oembed&amp;si=x"),
    });
    assert.deepEqual(facts, {
      title: "Kirkuk, a year on",
      authorName: "Tribune Channel",
      providerName: "YouTube",
      playerUrl: "https://www.youtube-nocookie.com/embed/abcdefGHIJK?feature=oembed&si=x&autoplay=1",
      thumbnailUrl: "https://i.ytimg.com/vi/abcdefGHIJK/hqdefault.jpg",
    });
  });

  test("builds X's, Instagram's and Facebook's own frames from the post, never keeping their script HTML", () => {
    const script = {
      html: '<blockquote>…</blockquote><script src="https://platform.twitter.com/widgets.js"></script>',
    };
    assert.equal(
      read("x", "https://x.com/Reuters/status/1790000000000000000", script).playerUrl,
      "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&dnt=true",
    );
    assert.equal(
      read("instagram", "https://www.instagram.com/reel/C1a2b3c4d5/?igsh=1", script).playerUrl,
      "https://www.instagram.com/reel/C1a2b3c4d5/embed/",
    );
    assert.equal(
      read("facebook", "https://www.facebook.com/aljazeera/posts/101", script).playerUrl,
      "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Faljazeera%2Fposts%2F101",
    );
  });

  test("refuses a player on a host that is not the provider's", () => {
    for (const src of [
      "https://evil.example/embed/abcdefGHIJK",
      "https://www.youtube.com.evil.example/embed/x",
      "javascript:alert(1)",
      "https://user:pw@www.youtube.com/embed/x",
    ]) {
      assert.throws(
        () => read("youtube", "https://youtu.be/abcdefGHIJK", { html: youtubeHtml(src) }),
        FetchRefusedError,
        src,
      );
    }
    assert.throws(
      () => read("vimeo", "https://vimeo.com/1", { html: youtubeHtml("https://www.youtube.com/embed/x") }),
      /not a Vimeo player host/,
    );
    assert.throws(
      () => read("youtube", "https://youtu.be/abcdefGHIJK", { title: "no html" }),
      /names no player/,
    );
  });

  test("refuses what is not a JSON object: another type, broken JSON, an array", () => {
    const html = { html: youtubeHtml("https://www.youtube.com/embed/x") };
    assert.throws(
      () => read("youtube", "https://youtu.be/abcdefGHIJK", html, "text/html"),
      /text\/html, not JSON/,
    );
    assert.throws(
      () => readOEmbedAnswer(provider("youtube"), "https://youtu.be/a", JSON_TYPE, Buffer.from("<html>oops")),
      /not JSON/,
    );
    assert.throws(() => read("youtube", "https://youtu.be/abcdefGHIJK", [html]), /not an oEmbed object/);
  });

  test("keeps texts as plain, short text and drops a thumbnail that is not an http(s) URL", () => {
    const facts = read("soundcloud", "https://soundcloud.com/a/b", {
      title: `<b>Loud</b>\u0000\n${"x".repeat(1000)}`,
      author_name: 42,
      thumbnail_url: "javascript:alert(1)",
      html: youtubeHtml("https://w.soundcloud.com/player/?url=https%3A%2F%2Fapi.soundcloud.com%2Ftracks%2F1"),
    });
    assert.equal(facts.title?.length, 300);
    assert.ok(facts.title?.startsWith("<b>Loud</b> x"), "markup stays text, escaped when shown");
    assert.equal(facts.authorName, null);
    assert.equal(facts.providerName, "SoundCloud", "the provider's own name when the answer gives none");
    assert.equal(facts.thumbnailUrl, null);
  });
});
