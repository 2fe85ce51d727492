import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError } from "../shared/errors.ts";
import { parseEmbedConfig } from "./embed-config.ts";
import { DEFAULT_PROVIDERS, frameHostsOf, providerFor } from "./embed-providers.ts";

const nameFor = (url: string) => providerFor(url, DEFAULT_PROVIDERS)?.name ?? null;

describe("which provider a URL belongs to", () => {
  test("recognizes each provider's posts and videos in their usual shapes", () => {
    const cases: [string, string][] = [
      ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube"],
      ["https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "youtube"],
      ["https://m.youtube.com/shorts/abcdefGHIJK", "youtube"],
      ["https://youtu.be/dQw4w9WgXcQ?t=42", "youtube"],
      ["https://vimeo.com/76979871", "vimeo"],
      ["https://vimeo.com/channels/staffpicks/76979871", "vimeo"],
      ["https://x.com/Reuters/status/1790000000000000000", "x"],
      ["https://twitter.com/AJEnglish/status/123456789", "x"],
      ["https://www.instagram.com/p/C1a2b3c4d5/", "instagram"],
      ["https://www.instagram.com/reel/C1a2b3c4d5/", "instagram"],
      ["https://soundcloud.com/an-artist/a-track", "soundcloud"],
      ["https://www.facebook.com/aljazeera/posts/10150000000000001", "facebook"],
      ["https://www.facebook.com/aljazeera/videos/123456789012345/", "facebook"],
    ];
    for (const [url, provider] of cases) assert.equal(nameFor(url), provider, url);
  });

  test("leaves other sites, look-alike hosts and non-post pages to plain link cards", () => {
    for (const url of [
      "https://example.com/watch?v=dQw4w9WgXcQ",
      "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
      "https://evil.example/?u=https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://www.youtube.com/",
      "https://www.youtube.com/@channel",
      "https://vimeo.com/about",
      "https://x.com/Reuters",
      "https://www.instagram.com/someone/",
      "https://soundcloud.com/an-artist",
      "https://www.facebook.com/aljazeera",
      "javascript:alert(1)//www.youtube.com/watch?v=dQw4w9WgXcQ",
    ]) {
      assert.equal(nameFor(url), null, url);
    }
  });

  test("a provider left off the allow-list no longer matches", () => {
    const config = parseEmbedConfig({ OEMBED_PROVIDERS: "vimeo, soundcloud" });
    assert.deepEqual(
      config.providers.map((provider) => provider.name),
      ["vimeo", "soundcloud"],
    );
    assert.equal(providerFor("https://youtu.be/dQw4w9WgXcQ", config.providers), undefined);
    assert.deepEqual(frameHostsOf(config.providers), ["player.vimeo.com", "w.soundcloud.com"]);
    assert.deepEqual(parseEmbedConfig({ OEMBED_PROVIDERS: "none" }).providers, []);
  });
});

describe("the embed configuration", () => {
  test("allows the six providers by default, each with its frame hosts", () => {
    const config = parseEmbedConfig({});
    assert.deepEqual(
      config.providers.map((provider) => provider.name),
      ["youtube", "vimeo", "x", "instagram", "soundcloud", "facebook"],
    );
    assert.ok(frameHostsOf(config.providers).includes("www.youtube-nocookie.com"));
    assert.ok(!frameHostsOf(config.providers).includes("www.youtube.com"), "YouTube plays without cookies");
  });

  test("takes another endpoint and a token per provider", () => {
    const config = parseEmbedConfig({
      OEMBED_YOUTUBE_ENDPOINT: "http://127.0.0.1:9999/oembed",
      OEMBED_FACEBOOK_TOKEN: "app|secret",
    });
    assert.equal(config.providers[0]?.endpoint, "http://127.0.0.1:9999/oembed");
    const facebook = config.providers.find((provider) => provider.name === "facebook");
    assert.equal(new URL(facebook?.endpoint ?? "").searchParams.get("access_token"), "app|secret");
  });

  test("refuses an unknown provider or an endpoint that is not http(s), naming the variable", () => {
    assert.throws(
      () => parseEmbedConfig({ OEMBED_PROVIDERS: "youtube,myspace" }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /OEMBED_PROVIDERS.*"myspace"/);
        return true;
      },
    );
    assert.throws(
      () => parseEmbedConfig({ OEMBED_VIMEO_ENDPOINT: "file:///etc/passwd" }),
      /OEMBED_VIMEO_ENDPOINT/,
    );
    assert.throws(() => parseEmbedConfig({ OEMBED_TIMEOUT_MS: "0" }), /OEMBED_TIMEOUT_MS/);
  });
});
