import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Db } from "../db/database.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { CompressionPolicy } from "../http/compression.ts";
import { isNotModified } from "../http/conditional-get.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import {
  buildEntry,
  cacheKeyOf,
  representationFor,
  uncacheableReason,
  upgradeBrotli,
} from "./cached-response.ts";
import { loadChangeFacts } from "./change-facts.ts";
import { newInstanceOrigin } from "./cluster-relay.ts";
import { type CacheEntry, type Lead, PageCache } from "./page-cache.ts";
import { type ScheduledWork, watchScheduleOnce } from "./scheduled-work.ts";
import { formatSurrogateKeys, keysForChange, SITE_KEY, surrogateKeysOf } from "./surrogate-keys.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The one "content changed" event of this process: services announce, caches listen. */
    contentEvents: ContentEvents;
    /** The in-process page cache, or undefined when PAGE_CACHE_MB is 0. */
    pageCache: PageCache | undefined;
    /** How late the schedule's announcements are, for metrics (0 outside the lease's holder). */
    scheduleWatcher: Pick<ScheduledWork, "lagSeconds">;
    /**
     * Answers a request from the page cache when it can, before Fastify sees it; false when the
     * request is Fastify's to handle. Absent when PAGE_CACHE_MB is 0.
     */
    answerFromPageCache?: (request: IncomingMessage, response: ServerResponse) => boolean;
  }
}

/** Something that purges a cache in front by surrogate keys (VarnishPurger). */
export interface SurrogatePurger {
  purge(keys: readonly string[]): Promise<void>;
  close?(): void;
}

export interface PageCachePluginOptions {
  events: ContentEvents;
  db: Db;
  editions: Editions;
  /** The site's compression policy: entries are compressed as compression.ts would, once. */
  compression: CompressionPolicy;
  /** Bytes the cache may hold (PAGE_CACHE_MB); 0 keeps no pages in process, headers and purges still go. */
  maxBytes: number;
  /** Seconds an expired page may still be served while one fresh copy is made (PAGE_CACHE_STALE_SECONDS). */
  staleSeconds: number;
  /** Purges a cache in front (Varnish) on every local change. */
  purger?: SurrogatePurger | undefined;
  /** Purges it also for changes made elsewhere (false; one process per instance does). */
  purgeFrontOnRemote?: boolean | undefined;
  /**
   * Announce scheduled publications when their time comes (true): this process then competes for
   * the schedule lease, and watches while it holds it (one process across all instances).
   */
  watchSchedule?: boolean;
  /** This process in the lease (a new name by default) and how long the lease lasts (15 s). */
  scheduleLease?: { holder?: string | undefined; ttlMs?: number | undefined } | undefined;
  /** The cache's clock (tests). */
  now?: () => number;
}

/** Requests with the newsroom's session cookie, or credentials, are never answered from the cache. */
const SESSION_COOKIE = "tribune_session=";

/**
 * Whether the cache may answer (or keep the answer to) a request: a GET or HEAD from nobody signed
 * in, not asking for an event stream (a live page's server-sent events never end: a second reader
 * must not wait for the first one's answer to complete, as a miss waits for the render under way).
 */
function mayUseCache(method: string | undefined, headers: IncomingHttpHeaders): boolean {
  return (
    (method === "GET" || method === "HEAD") &&
    headers.authorization === undefined &&
    !headers.cookie?.includes(SESSION_COOKIE) &&
    !headers.accept?.includes("text/event-stream")
  );
}

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * "bypass": the route's answers are never kept nor coalesced (an event stream, which never
     * ends). Nothing is ever stored for its URLs, so the hit path before routing needs no check.
     */
    pageCache?: "bypass";
  }
}

/** A hit this many times gets its brotli body recompressed at the best quality, once. */
const UPGRADE_AFTER_HITS = 50;
const STATE = Symbol("tribune.pageCache.request");

interface RequestState {
  key: string;
  /** By the cache's clock: a purge after this refuses the render (it may predate the change). */
  startedAt: number;
  lead: Lead | undefined;
  refresh: boolean;
}

type CachingRequest = FastifyRequest & { [STATE]?: RequestState | undefined };

/**
 * The page cache in front of the reader site, feeds and sitemaps, as Fastify hooks:
 *
 * - onRequest: a GET or HEAD without a newsroom session or credentials is answered from the cache
 *   when its URL is there (fresh, or stale within PAGE_CACHE_STALE_SECONDS while one background
 *   render refreshes it): a Map lookup and one write of pre-built headers and bytes, after which
 *   Fastify does nothing more. A miss waits for a render of the same URL already under way, or
 *   becomes that render.
 * - onSend, registered before conditional-get.ts and compression.ts: every response that declared
 *   surrogate keys gets `Surrogate-Key` and `xkey` headers; a cacheable one (200/301/404/410, no
 *   cookie, not private) is stored compressed in each coding with its ETags, and this request gets
 *   the coding it asked for with its ETag set. Conditional GET then only compares (it hashes bodies
 *   without an ETag) and compression skips bodies already encoded: nothing is hashed or compressed
 *   twice.
 * - Every content change purges the keys keysForChange names, here and in the cache in front.
 */
export function registerPageCache(app: FastifyInstance, options: PageCachePluginOptions): void {
  const { events, db, editions, compression, purger } = options;
  if (!Number.isInteger(options.staleSeconds) || options.staleSeconds < 0) {
    throw new RangeError(`page cache: staleSeconds must be a whole number, not ${options.staleSeconds}`);
  }
  const cache =
    options.maxBytes > 0
      ? new PageCache({ maxBytes: options.maxBytes, ...(options.now ? { now: options.now } : {}) })
      : undefined;
  app.decorate("pageCache", cache);

  // A header only this process knows: a background refresh renders instead of being served the
  // stale copy; a client cannot use it to bypass the cache.
  const refreshHeader = "x-tribune-page-cache-refresh";
  const refreshToken = randomBytes(16).toString("hex");

  if (cache) {
    const serve = (request: IncomingMessage, response: ServerResponse, entry: CacheEntry) => {
      const stale = cache.time() > entry.freshUntil;
      if (stale) {
        cache.stats.staleHits += 1;
        if (!entry.refreshing) refresh(request, entry);
      } else {
        cache.stats.hits += 1;
      }
      if (++entry.hits === UPGRADE_AFTER_HITS && entry.br !== undefined) {
        upgradeBrotli(cache, entry).catch((error) => app.log.warn({ err: error }, "brotli upgrade failed"));
      }
      const headers = request.headers;
      const representation = representationFor(entry, headers["accept-encoding"]);
      const ifNoneMatch = headers["if-none-match"];
      const ifModifiedSince = headers["if-modified-since"];
      if (
        entry.status === 200 &&
        (ifNoneMatch !== undefined || ifModifiedSince !== undefined) &&
        isNotModified(ifNoneMatch, ifModifiedSince, representation.etag, entry.lastModified)
      ) {
        response.writeHead(304, representation.notModifiedHeaders);
        response.end();
        return;
      }
      response.writeHead(entry.status, stale ? representation.staleHeaders : representation.headers);
      if (request.method === "HEAD") response.end();
      else response.end(representation.body);
    };

    const refresh = (request: IncomingMessage, entry: CacheEntry) => {
      entry.refreshing = true;
      app
        .inject({
          method: "GET",
          url: request.url ?? "/",
          headers: { host: request.headers.host ?? "", [refreshHeader]: refreshToken },
        })
        .catch((error: unknown) =>
          app.log.warn({ err: error, url: request.url }, "page cache refresh failed"),
        )
        .finally(() => {
          entry.refreshing = false;
        });
    };

    // Before Fastify sees the request (serve's HTTP server asks here first): a hit costs a Map lookup
    // and one write, without routing, request objects or hooks. Not logged: a hit changes nothing.
    app.decorate("answerFromPageCache", (request: IncomingMessage, response: ServerResponse) => {
      const headers = request.headers;
      if (!mayUseCache(request.method, headers) || headers[refreshHeader] !== undefined) return false;
      const entry = cache.get(cacheKeyOf(headers.host, request.url ?? "/", headers.origin));
      if (entry === undefined) return false;
      serve(request, response, entry);
      return true;
    });

    app.addHook("onRequest", (request, reply, done) => {
      const { method, headers } = request;
      if (!mayUseCache(method, headers) || request.routeOptions.config?.pageCache === "bypass") {
        return done();
      }
      const key = cacheKeyOf(headers.host, request.url, headers.origin);
      if (headers[refreshHeader] === refreshToken) {
        (request as CachingRequest)[STATE] = { key, startedAt: cache.time(), lead: undefined, refresh: true };
        return done();
      }
      const entry = cache.get(key);
      if (entry !== undefined) {
        reply.hijack();
        return serve(request.raw, reply.raw, entry);
      }
      cache.stats.misses += 1;
      // A HEAD miss renders as usual and stores nothing; so does a URL known not to be cacheable.
      if (method === "HEAD" || cache.isUncacheable(key)) return done();
      const pending = cache.pending(key);
      if (pending) {
        cache.stats.coalesced += 1;
        pending.then(
          (ready) => {
            if (ready && !reply.raw.destroyed) {
              reply.hijack();
              return serve(request.raw, reply.raw, ready);
            }
            // The render was not cacheable: this request renders for itself.
            (request as CachingRequest)[STATE] = {
              key,
              startedAt: cache.time(),
              lead: undefined,
              refresh: false,
            };
            done();
          },
          () => done(),
        );
        return;
      }
      const state: RequestState = { key, startedAt: cache.time(), lead: cache.lead(key), refresh: false };
      (request as CachingRequest)[STATE] = state;
      // Whatever happens to this render (an aborted client, a streamed body), the waiters go on.
      reply.raw.once("close", () => state.lead?.settle(undefined));
      done();
    });
  }

  app.addHook("onSend", async (request, reply, payload) => {
    const declared = surrogateKeysOf(reply);
    // Whatever else a response shows, it shows the site's settings (its name, at least).
    const keys = declared ? new Set([...declared, SITE_KEY]) : undefined;
    if (keys) {
      const value = formatSurrogateKeys(keys);
      reply.header("surrogate-key", value);
      reply.header("xkey", value);
    }
    const state = (request as CachingRequest)[STATE];
    if (!cache || !state) return payload;
    (request as CachingRequest)[STATE] = undefined;
    const headers = reply.getHeaders();
    const reason = keys ? uncacheableReason(reply.statusCode, headers, payload) : "no surrogate keys";
    if (reason !== undefined || !keys) {
      // A 5xx may be passing: only answers that will be the same next time mark the URL.
      if (reply.statusCode < 500) cache.markUncacheable(state.key);
      state.lead?.settle(undefined);
      return payload;
    }
    let entry: CacheEntry;
    try {
      entry = await buildEntry({
        key: state.key,
        status: reply.statusCode,
        headers,
        body: typeof payload === "string" ? Buffer.from(payload) : (payload as Buffer),
        surrogateKeys: [...keys],
        compression,
        now: cache.time(),
        staleSeconds: options.staleSeconds,
      });
    } catch (error) {
      state.lead?.settle(undefined);
      throw error;
    }
    cache.store(entry, state.startedAt);
    state.lead?.settle(entry);
    // This reader gets the coding they asked for, with its ETag: the hooks after this one neither
    // hash it again (the ETag is set) nor compress it again (Content-Encoding is set, or the policy
    // says identity for this Accept-Encoding, as it did here).
    const representation = representationFor(entry, request.headers["accept-encoding"]);
    for (const [name, value] of Object.entries(representation.headers)) reply.header(name, value);
    reply.header("x-page-cache", "MISS");
    return representation.body;
  });

  const unsubscribe = events.subscribe(async (change) => {
    const facts = await loadChangeFacts(db, editions, change);
    const keys = keysForChange(change, facts);
    if (keys.length === 0) return;
    const dropped = cache?.purge(keys) ?? 0;
    app.log.debug({ reasons: change.reasons, keys: keys.length, dropped }, "page cache purged");
    // The process that made the change purges the cache in front at once. One process of every
    // other instance purges it again once its own cache is purged: in between, Varnish may have
    // fetched the old page again from an instance that had not heard of the change yet.
    if (purger && (change.origin !== "remote" || options.purgeFrontOnRemote)) await purger.purge(keys);
  });

  let watching: Promise<ScheduledWork> | undefined;
  // Metrics read the lag of whichever process holds the lease (0 elsewhere).
  app.decorate("scheduleWatcher", {
    lagSeconds: async () => (await watching?.catch(() => undefined))?.lagSeconds() ?? 0,
  });
  if (options.watchSchedule !== false) {
    app.addHook("onReady", async () => {
      watching = watchScheduleOnce({
        db,
        events,
        editions: editions.codes(),
        holder: options.scheduleLease?.holder ?? newInstanceOrigin(),
        leaseTtlMs: options.scheduleLease?.ttlMs ?? 15_000,
        onError: (error) => app.log.error({ err: error }, "schedule watcher failed"),
      });
      await watching;
    });
  }
  app.addHook("onClose", async () => {
    unsubscribe();
    purger?.close?.();
    await (await watching?.catch(() => undefined))?.close();
  });
}
