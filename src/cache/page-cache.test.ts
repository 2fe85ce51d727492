import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { testConfig, testDatabases } from "../../test/support/databases.ts";
import { loadConfig } from "../config.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { Editions } from "../editions/edition-service.ts";
import { CompressionPolicy, type ContentEncoding, registerCompression } from "../http/compression.ts";
import { registerConditionalGet } from "../http/conditional-get.ts";
import { ContentEvents } from "../shared/content-events.ts";
import { ConfigError } from "../shared/errors.ts";
import { buildEntry, cacheKeyOf, freshnessOf } from "./cached-response.ts";
import { type CacheEntry, PageCache } from "./page-cache.ts";
import { registerPageCache } from "./page-cache-plugin.ts";
import { promoKey, setSurrogateKeys } from "./surrogate-keys.ts";

const PAGE = `<!doctype html><title>Page</title>${"<p>The news of the day, told at length.</p>".repeat(80)}`;

/** A bare entry of a given size, for the LRU tests. */
function entry(key: string, bytes: number, keys: string[] = []): CacheEntry {
  const body = Buffer.alloc(0);
  const representation = {
    coding: "identity" as const,
    body,
    etag: '"x"',
    headers: {},
    staleHeaders: {},
    notModifiedHeaders: {},
  };
  return {
    key,
    status: 200,
    identity: representation,
    gzip: undefined,
    br: undefined,
    surrogateKeys: keys,
    lastModified: undefined,
    storedAt: 0,
    freshUntil: Number.MAX_SAFE_INTEGER,
    staleUntil: Number.MAX_SAFE_INTEGER,
    bytes,
    touched: 0,
    hits: 0,
    refreshing: false,
    upgraded: false,
  };
}

describe("the page cache store", () => {
  test("keeps at most its bytes, evicting the least recently used first", () => {
    const cache = new PageCache({ maxBytes: 1000 });
    for (const key of ["a", "b", "c", "d"]) cache.store(entry(key, 250), 0);
    assert.ok(cache.get("a"), "a is read, so it is no longer the oldest");
    cache.store(entry("e", 250), 0);
    assert.deepEqual(cache.keys(), ["c", "d", "a", "e"]);
    assert.equal(cache.bytes, 1000);
    assert.equal(cache.stats.evictions, 1);
    cache.store(entry("f", 251), 0);
    assert.equal(cache.peek("f"), undefined, "an entry over a quarter of the cache is not kept");
  });

  test("replacing an entry frees the bytes of the old one", () => {
    const cache = new PageCache({ maxBytes: 1000 });
    cache.store(entry("a", 100, ["k"]), 0);
    cache.store(entry("a", 150, ["k"]), 0);
    assert.equal(cache.bytes, 150);
    assert.equal(cache.purge(["k"]), 1);
    assert.equal(cache.bytes, 0);
  });

  test("purges exactly the entries carrying a key, and refuses renders begun before the purge", () => {
    let now = 1000;
    const cache = new PageCache({ maxBytes: 10_000, now: () => now });
    cache.store(entry("front", 10, ["front:en", "listed:1"]), now);
    cache.store(entry("article", 10, ["article:1", "story:1"]), now);
    cache.store(entry("other", 10, ["article:2", "story:2"]), now);
    assert.equal(cache.purge(["listed:1", "article:1", "nothing"]), 2);
    assert.deepEqual(cache.keys(), ["other"]);
    const startedBefore = now;
    now += 5;
    cache.purge(["story:2"]);
    now += 5;
    assert.equal(cache.store(entry("late", 10, ["story:2"]), startedBefore), false);
    assert.equal(cache.store(entry("fresh", 10, ["story:2"]), now), true);
    assert.equal(cache.stats.discarded, 1);
  });

  test("an entry past its stale window is gone", () => {
    let now = 0;
    const cache = new PageCache({ maxBytes: 1000, now: () => now });
    cache.store({ ...entry("a", 10), freshUntil: 100, staleUntil: 200 }, 0);
    now = 150;
    assert.ok(cache.get("a"));
    now = 201;
    assert.equal(cache.get("a"), undefined);
    assert.equal(cache.size, 0);
  });

  test("cache keys are host, path and sorted query", () => {
    assert.equal(cacheKeyOf("News.Example:80", "/en/"), "news.example:80/en/");
    assert.equal(cacheKeyOf("h", "/en/tag/x?b=2&a=1"), cacheKeyOf("h", "/en/tag/x?a=1&b=2"));
    assert.equal(cacheKeyOf("h", "/en/?"), "h/en/");
    assert.equal(freshnessOf("public, max-age=60, s-maxage=300"), 300);
    assert.equal(freshnessOf("public, max-age=60"), 60);
  });

  test("an entry is compressed once per coding, each with its own ETag", async () => {
    const counting = new CountingCompression();
    const built = await buildEntry({
      key: "h/en/",
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=60" },
      body: Buffer.from(PAGE),
      surrogateKeys: ["front:en"],
      compression: counting,
      now: 0,
      staleSeconds: 30,
    });
    assert.deepEqual(counting.calls.sort(), ["br", "gzip"]);
    assert.equal(gunzipSync(built.gzip?.body ?? Buffer.alloc(0)).toString(), PAGE);
    assert.equal(brotliDecompressSync(built.br?.body ?? Buffer.alloc(0)).toString(), PAGE);
    assert.equal(new Set([built.identity.etag, built.gzip?.etag, built.br?.etag]).size, 3);
    assert.equal(built.br?.headers["content-encoding"], "br");
    assert.equal(built.identity.headers.vary, "Accept-Encoding");
    assert.equal(built.freshUntil, 60_000);
    assert.equal(built.staleUntil, 90_000);
  });
});

describe("page cache configuration", () => {
  test("keeps 64 MB, 30 s stale and purges no Varnish by default", () => {
    const config = loadConfig({});
    assert.equal(config.pageCacheMb, 64);
    assert.equal(config.pageCacheStaleSeconds, 30);
    assert.deepEqual(config.varnishUrls, []);
  });

  test("takes Varnish instances as a list of origins", () => {
    const config = loadConfig({
      PAGE_CACHE_MB: "0",
      VARNISH_URLS: "http://127.0.0.1:6081/, http://10.0.0.6:80",
    });
    assert.equal(config.pageCacheMb, 0);
    assert.deepEqual(config.varnishUrls, ["http://127.0.0.1:6081", "http://10.0.0.6"]);
  });

  for (const env of [
    { PAGE_CACHE_MB: "-1" },
    { PAGE_CACHE_MB: "lots" },
    { PAGE_CACHE_STALE_SECONDS: "1.5" },
    { VARNISH_URLS: "varnish:6081" },
    { VARNISH_URLS: "http://127.0.0.1:6081/purge" },
  ]) {
    test(`refuses ${JSON.stringify(env)} with one line naming the variable`, () => {
      const [variable] = Object.keys(env);
      assert.throws(
        () => loadConfig(env),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message.includes(variable ?? "") &&
          !error.message.includes("\n"),
      );
    });
  }
});

class CountingCompression extends CompressionPolicy {
  readonly calls: ContentEncoding[] = [];
  override compress(body: Buffer, encoding: ContentEncoding, immutable: boolean): Promise<Buffer> {
    this.calls.push(encoding);
    return super.compress(body, encoding, immutable);
  }
}

const [sqlite] = testDatabases();

describe("the page cache in front of routes", () => {
  let database: DatabaseHandle;
  before(async () => {
    assert.ok(sqlite);
    database = await sqlite.open();
  });
  after(() => database.close());

  interface Harness {
    app: FastifyInstance;
    events: ContentEvents;
    compression: CountingCompression;
    renders: Map<string, number>;
    clock: { now: number };
    cache(): PageCache;
  }

  /** A small site: pages that declare keys, one slow page, and the ones a cache must not keep. */
  async function harness(options: { maxBytes?: number } = {}): Promise<Harness> {
    const app = Fastify();
    const events = new ContentEvents();
    const compression = new CountingCompression();
    const renders = new Map<string, number>();
    const clock = { now: 1_000_000 };
    const count = (name: string) => renders.set(name, (renders.get(name) ?? 0) + 1);
    registerPageCache(app, {
      events,
      db: database.db,
      editions: new Editions(testConfig.editions, testConfig.defaultEdition),
      compression,
      maxBytes: options.maxBytes ?? 1024 * 1024,
      staleSeconds: 30,
      watchSchedule: false,
      now: () => clock.now,
    });
    registerConditionalGet(app, { compression });
    registerCompression(app, compression);
    const page = (reply: FastifyReply, name: string, cacheControl = "public, max-age=60, s-maxage=300") => {
      count(name);
      setSurrogateKeys(reply, [`page:${name}`, promoKey("en")]);
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", cacheControl)
        .send(`${PAGE}<p>${name} #${renders.get(name)}</p>`);
    };
    app.get("/page", async (_request, reply) => page(reply, "page"));
    app.get("/other", async (_request, reply) => page(reply, "other"));
    app.get("/slow", async (_request, reply) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return page(reply, "slow");
    });
    app.get("/private", async (_request, reply) => page(reply, "private", "private, max-age=60"));
    app.get("/cookie", async (_request, reply) => page(reply.header("set-cookie", "a=b"), "cookie"));
    app.get("/failing", async (_request, reply) => page(reply.code(500), "failing"));
    app.get("/unkeyed", async (_request, reply) => {
      count("unkeyed");
      return reply.type("text/html").send(PAGE);
    });
    app.get("/missing", async (_request, reply) => page(reply.code(404), "missing"));
    await app.ready();
    const cache = () => {
      assert.ok(app.pageCache);
      return app.pageCache;
    };
    return { app, events, compression, renders, clock, cache };
  }

  test("a second request is a hit: same bytes, no render, no compression", async () => {
    const { app, renders, compression } = await harness();
    const first = await app.inject({ url: "/page", headers: { "accept-encoding": "br" } });
    assert.equal(first.headers["x-page-cache"], "MISS");
    assert.equal(first.headers["content-encoding"], "br");
    assert.equal(first.headers["surrogate-key"], "page:page promo:en site");
    assert.equal(first.headers.xkey, "page:page promo:en site");
    const calls = compression.calls.length;
    for (const encoding of ["br", "gzip", "gzip, deflate, br", undefined]) {
      const again = await app.inject({
        url: "/page",
        headers: encoding ? { "accept-encoding": encoding } : {},
      });
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers["x-page-cache"], "HIT");
      assert.equal(again.headers.vary, "Accept-Encoding");
      assert.equal(again.headers["surrogate-key"], "page:page promo:en site");
      const plain =
        again.headers["content-encoding"] === "br"
          ? brotliDecompressSync(again.rawPayload)
          : again.headers["content-encoding"] === "gzip"
            ? gunzipSync(again.rawPayload)
            : again.rawPayload;
      assert.equal(plain.toString(), `${PAGE}<p>page #1</p>`);
      assert.equal(Number(again.headers["content-length"]), again.rawPayload.length);
    }
    assert.equal(renders.get("page"), 1);
    assert.equal(compression.calls.length, calls, "hits compress nothing");
    await app.close();
  });

  test("50 concurrent misses of one URL render it once", async () => {
    const { app, renders, cache } = await harness();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => app.inject({ url: "/slow", headers: { "accept-encoding": "gzip" } })),
    );
    assert.equal(renders.get("slow"), 1);
    for (const response of responses) {
      assert.equal(response.statusCode, 200);
      assert.equal(gunzipSync(response.rawPayload).toString(), `${PAGE}<p>slow #1</p>`);
    }
    assert.equal(cache().stats.coalesced, 49);
    await app.close();
  });

  test("answers 304 from the cache to a matching If-None-Match, per coding", async () => {
    const { app, renders } = await harness();
    const first = await app.inject({ url: "/page", headers: { "accept-encoding": "gzip" } });
    const etag = String(first.headers.etag);
    const hit = await app.inject({
      url: "/page",
      headers: { "accept-encoding": "gzip", "if-none-match": etag },
    });
    assert.equal(hit.statusCode, 304);
    assert.equal(hit.body, "");
    assert.equal(hit.headers.etag, etag);
    assert.equal(hit.headers["content-type"], undefined);
    assert.equal(hit.headers["cache-control"], "public, max-age=60, s-maxage=300");
    const otherCoding = await app.inject({
      url: "/page",
      headers: { "accept-encoding": "br", "if-none-match": etag },
    });
    assert.equal(otherCoding.statusCode, 200, "the gzip tag does not validate the brotli body");
    const onMiss = await app.inject({ url: "/other" });
    const revalidated = await app.inject({
      url: "/other",
      headers: { "if-none-match": String(onMiss.headers.etag) },
    });
    assert.equal(revalidated.statusCode, 304);
    assert.equal(renders.get("page"), 1);
    await app.close();
  });

  test("a HEAD hit sends the headers and no body", async () => {
    const { app } = await harness();
    const first = await app.inject({ url: "/page" });
    const head = await app.inject({ method: "HEAD", url: "/page" });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers["x-page-cache"], "HIT");
    assert.equal(head.body, "");
    assert.equal(head.headers["content-length"], String(first.rawPayload.length));
    await app.close();
  });

  test("never keeps signed-in, credentialed, private, cookie-setting, failed or undeclared answers", async () => {
    const { app, renders, cache } = await harness();
    for (let i = 0; i < 2; i++) {
      await app.inject({ url: "/page", headers: { cookie: "theme=dark; tribune_session=abc" } });
      await app.inject({ url: "/other", headers: { authorization: "Bearer token" } });
      await app.inject({ url: "/private" });
      await app.inject({ url: "/cookie" });
      await app.inject({ url: "/failing" });
      await app.inject({ url: "/unkeyed" });
    }
    for (const name of ["page", "other", "private", "cookie", "failing", "unkeyed"]) {
      assert.equal(renders.get(name), 2, `${name} is rendered every time`);
    }
    assert.deepEqual(cache().keys(), []);
    // Misses of a URL known to be uncacheable render side by side, without waiting for each other.
    const coalesced = cache().stats.coalesced;
    await Promise.all([app.inject({ url: "/private" }), app.inject({ url: "/private" })]);
    assert.equal(cache().stats.coalesced, coalesced);
    // A signed-in editor is not served what readers are, either.
    await app.inject({ url: "/page" });
    const editor = await app.inject({ url: "/page", headers: { cookie: "tribune_session=abc" } });
    assert.equal(editor.headers["x-page-cache"], undefined);
    assert.equal(renders.get("page"), 4);
    const missing = await app.inject({ url: "/missing" });
    assert.equal(missing.statusCode, 404);
    assert.equal((await app.inject({ url: "/missing" })).headers["x-page-cache"], "HIT", "404s are kept");
    await app.close();
  });

  test("serves a stale page at once and refreshes it once in the background", async () => {
    const { app, renders, clock, cache } = await harness();
    await app.inject({ url: "/slow" });
    clock.now += 301_000;
    const stale = await Promise.all([app.inject({ url: "/slow" }), app.inject({ url: "/slow" })]);
    for (const response of stale) {
      assert.equal(response.headers["x-page-cache"], "STALE");
      assert.match(response.body, /slow #1/);
    }
    await waitFor(
      () =>
        renders.get("slow") === 2 &&
        cache().peek(cacheKeyOf("localhost:80", "/slow"))?.storedAt === clock.now,
    );
    const fresh = await app.inject({ url: "/slow" });
    assert.equal(fresh.headers["x-page-cache"], "HIT");
    assert.match(fresh.body, /slow #2/);
    assert.equal(renders.get("slow"), 2, "one refresh for the two stale hits");
    clock.now += 400_000;
    const expired = await app.inject({ url: "/slow" });
    assert.equal(
      expired.headers["x-page-cache"],
      "MISS",
      "past the stale window the reader waits for a render",
    );
    assert.match(expired.body, /slow #3/);
    await app.close();
  });

  test("a content change purges the pages carrying its keys", async () => {
    const { app, events, renders, cache } = await harness();
    await app.inject({ url: "/page" });
    await events.announce({
      reasons: ["promotion.changed"],
      articleIds: [],
      storyIds: [],
      editions: ["pt"],
      tagIds: [],
    });
    assert.equal(cache().size, 1, "a Portuguese promotion leaves English pages alone");
    await events.announce({
      reasons: ["promotion.changed"],
      articleIds: [],
      storyIds: [],
      editions: ["en"],
      tagIds: [],
    });
    assert.equal(cache().size, 0);
    await app.inject({ url: "/page" });
    assert.equal(renders.get("page"), 2);
    await app.close();
  });

  test("with no bytes for a cache, responses still carry their surrogate keys", async () => {
    const { app, renders } = await harness({ maxBytes: 0 });
    assert.equal(app.pageCache, undefined);
    const first = await app.inject({ url: "/page", headers: { "accept-encoding": "br" } });
    const second = await app.inject({ url: "/page", headers: { "accept-encoding": "br" } });
    assert.equal(first.headers.xkey, "page:page promo:en site");
    assert.equal(first.headers["content-encoding"], "br");
    assert.match(String(first.headers.etag), /-br"$/, "conditional-get.ts tags it as before");
    assert.equal(second.headers["x-page-cache"], undefined);
    assert.equal(renders.get("page"), 2);
    await app.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
