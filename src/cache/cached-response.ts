import {
  BEST_COMPRESSION,
  type CompressionPolicy,
  type ContentEncoding,
  compressBody,
  negotiateEncoding,
} from "../http/compression.ts";
import { entityTag } from "../http/conditional-get.ts";
import type { CacheEntry, Coding, PageCache, Representation } from "./page-cache.ts";

/** Response headers as Fastify keeps them (reply.getHeaders()). */
export type ResponseHeaders = Readonly<Record<string, string | number | string[] | undefined>>;

/** Statuses worth keeping: a page, a permanent redirect, a missing or withdrawn page. */
const CACHEABLE_STATUSES = new Set([200, 301, 404, 410]);
/** What a route may say to keep a response out of shared caches. */
const UNCACHEABLE = /\b(?:private|no-store|no-cache)\b/i;
/**
 * What a kept response may vary on: the coding (one representation each) and the Origin (the API's
 * CORS answer; the cache key then holds the request's Origin, see cacheKeyOf).
 */
const KEPT_VARY = /^\s*(?:accept-encoding|origin)(?:\s*,\s*(?:accept-encoding|origin))*\s*$/i;
/** Headers rebuilt per coding, or that belong to one connection or one moment, never stored. */
const NOT_STORED = new Set([
  "content-length",
  "content-encoding",
  "etag",
  "vary",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "x-page-cache",
]);
/** Representation headers a 304 leaves out (RFC 9110 §15.4.5). */
const NOT_IN_304 = new Set(["content-type", "content-length", "content-encoding"]);
/** Bytes a stored header is counted as, beyond its text: Map slots, strings. */
const HEADER_OVERHEAD = 64;
const ENTRY_OVERHEAD = 512;

/** Why a rendered response is not kept, or undefined when it may be. */
export function uncacheableReason(
  status: number,
  headers: ResponseHeaders,
  payload: unknown,
): string | undefined {
  if (!CACHEABLE_STATUSES.has(status)) return `status ${status}`;
  if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return "streamed body";
  if (headers["set-cookie"] !== undefined) return "sets a cookie";
  if (UNCACHEABLE.test(String(headers["cache-control"] ?? ""))) return "Cache-Control forbids it";
  if (headers["content-encoding"] !== undefined) return "already encoded";
  const vary = headers.vary;
  if (vary !== undefined && !KEPT_VARY.test(String(vary))) return `Vary: ${String(vary)}`;
  return undefined;
}

export interface BuildEntryInput {
  key: string;
  status: number;
  /** The response's headers as the route left them (reply.getHeaders()). */
  headers: ResponseHeaders;
  body: Buffer;
  surrogateKeys: readonly string[];
  compression: CompressionPolicy;
  /** Now, by the cache's clock. */
  now: number;
  /** How long past its freshness an entry may still be served while a new copy is made. */
  staleSeconds: number;
}

/**
 * Makes a cache entry of a rendered response: compressed once in each coding it can be sent in
 * (brotli at the policy's per-request quality), one strong ETag per coding (the site's scheme: a
 * hash of the body, marked with the coding), and the headers of each answer already built.
 */
export async function buildEntry(input: BuildEntryInput): Promise<CacheEntry> {
  const { headers, body, compression } = input;
  const contentType = headers["content-type"];
  const negotiated = compression.isCompressible(contentType);
  const compress = negotiated && body.length >= compression.threshold;
  const immutable = /\bimmutable\b/.test(String(headers["cache-control"] ?? ""));
  const [gzipBody, brBody] = compress
    ? await Promise.all([
        compression.compress(body, "gzip", immutable),
        compression.compress(body, "br", immutable),
      ])
    : [undefined, undefined];

  const routeTag = headers.etag;
  const baseTag = typeof routeTag === "string" ? routeTag : entityTag(body);
  const base: Record<string, string> = {};
  let headerBytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_STORED.has(name)) continue;
    const text = Array.isArray(value) ? value.join(", ") : String(value);
    base[name] = text;
    headerBytes += name.length + text.length + HEADER_OVERHEAD;
  }
  if (negotiated) base.vary = mergeVary(headers.vary);
  else if (headers.vary !== undefined) base.vary = String(headers.vary);

  const represent = (coding: Coding, bytes: Buffer): Representation => {
    const etag = coding === "identity" ? baseTag : codingTag(baseTag, coding);
    // Validators for pages only, as conditional-get.ts does: a 404 or a redirect has none.
    const common: Record<string, string> = input.status === 200 ? { ...base, etag } : { ...base };
    if (coding !== "identity") common["content-encoding"] = coding;
    return {
      coding,
      body: bytes,
      etag,
      headers: withLength(common, bytes.length, "HIT"),
      staleHeaders: withLength(common, bytes.length, "STALE"),
      notModifiedHeaders: Object.fromEntries(
        Object.entries({ ...common, "x-page-cache": "HIT" }).filter(([name]) => !NOT_IN_304.has(name)),
      ),
    };
  };
  const identity = represent("identity", body);
  const gzip = gzipBody ? represent("gzip", gzipBody) : undefined;
  const br = brBody ? represent("br", brBody) : undefined;
  const freshSeconds = freshnessOf(String(headers["cache-control"] ?? ""));
  const freshUntil = input.now + freshSeconds * 1000;
  const lastModified = headers["last-modified"];
  return {
    key: input.key,
    status: input.status,
    identity,
    gzip,
    br,
    surrogateKeys: input.surrogateKeys,
    lastModified: typeof lastModified === "string" ? lastModified : undefined,
    storedAt: input.now,
    freshUntil,
    staleUntil: freshUntil + input.staleSeconds * 1000,
    bytes: entryBytes(input.key, headerBytes, [identity, gzip, br], input.surrogateKeys),
    touched: 0,
    hits: 0,
    refreshing: false,
    upgraded: false,
  };
}

const negotiated = new Map<string, ContentEncoding | null>();

/**
 * The representation for a request's Accept-Encoding: brotli, then gzip, then identity, as
 * compression.ts negotiates (memoized: browsers send a handful of distinct headers).
 */
export function representationFor(entry: CacheEntry, acceptEncoding: string | undefined): Representation {
  if (entry.gzip === undefined || acceptEncoding === undefined) return entry.identity;
  let coding = negotiated.get(acceptEncoding);
  if (coding === undefined) {
    coding = negotiateEncoding(acceptEncoding) ?? null;
    if (negotiated.size >= 1000) negotiated.clear();
    negotiated.set(acceptEncoding, coding);
  }
  if (coding === "br") return entry.br ?? entry.identity;
  if (coding === "gzip") return entry.gzip;
  return entry.identity;
}

/**
 * Recompresses a hot entry's brotli body at the best quality, off the event loop (zlib's thread
 * pool); the ETag stays, the body gets smaller. Done once per entry.
 */
export async function upgradeBrotli(cache: PageCache, entry: CacheEntry): Promise<void> {
  const br = entry.br;
  if (!br || entry.upgraded) return;
  entry.upgraded = true;
  const better = await compressBody(entry.identity.body, "br", BEST_COMPRESSION);
  if (better.length >= br.body.length) return;
  const saved = br.body.length - better.length;
  br.body = better;
  br.headers = { ...br.headers, "content-length": String(better.length) };
  br.staleHeaders = { ...br.staleHeaders, "content-length": String(better.length) };
  cache.resize(entry, entry.bytes - saved);
}

/**
 * `host + path + query` with the host lowercased and the query's parameters sorted; with the
 * request's `Origin`, when it sent one, after a space (no URL holds one): a response that varies on
 * Origin (CORS) is kept once per origin, and once for the requests without one.
 */
export function cacheKeyOf(host: string | undefined, url: string, requestOrigin?: string): string {
  const query = url.indexOf("?");
  const origin = (host ?? "").toLowerCase();
  const from = requestOrigin ? ` ${requestOrigin.toLowerCase()}` : "";
  if (query === -1) return origin + url + from;
  const params = new URLSearchParams(url.slice(query + 1));
  params.sort();
  const search = params.toString();
  return origin + url.slice(0, query) + (search ? `?${search}` : "") + from;
}

/** Seconds a response stays fresh: `s-maxage`, else `max-age`, else a minute. */
export function freshnessOf(cacheControl: string): number {
  const shared = /\bs-maxage=(\d+)/i.exec(cacheControl);
  if (shared?.[1]) return Number(shared[1]);
  const own = /\bmax-age=(\d+)/i.exec(cacheControl);
  return own?.[1] ? Number(own[1]) : 60;
}

function codingTag(tag: string, coding: Exclude<Coding, "identity">): string {
  return tag.endsWith('"') ? `${tag.slice(0, -1)}-${coding}"` : `${tag}-${coding}`;
}

function withLength(headers: Record<string, string>, length: number, state: string): Record<string, string> {
  return { ...headers, "content-length": String(length), "x-page-cache": state };
}

function mergeVary(current: ResponseHeaders[string]): string {
  const values = (Array.isArray(current) ? current.join(",") : String(current ?? ""))
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "" && value.toLowerCase() !== "accept-encoding");
  return [...values, "Accept-Encoding"].join(", ");
}

function entryBytes(
  key: string,
  headerBytes: number,
  representations: (Representation | undefined)[],
  keys: readonly string[],
): number {
  let bytes = ENTRY_OVERHEAD + key.length * 2;
  for (const representation of representations) {
    if (representation) bytes += representation.body.length + headerBytes * 3;
  }
  for (const key of keys) bytes += key.length * 2 + HEADER_OVERHEAD;
  return bytes;
}
