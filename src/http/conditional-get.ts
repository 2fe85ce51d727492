import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { type CompressionPolicy, type ContentEncoding, varyOnAcceptEncoding } from "./compression.ts";

export interface ConditionalGetOptions {
  /** The compression in use: each coding of a body gets its own strong tag, as RFC 9110 asks. */
  compression: CompressionPolicy;
}

/**
 * Conditional GET for every page and stylesheet: a strong `ETag` (a hash of the body, plus the coding
 * it will be sent in) and 304 Not Modified for a matching `If-None-Match`, or, without one, for an
 * `If-Modified-Since` no older than the `Last-Modified` a route set. Register it before compression,
 * so the body is hashed (and a 304 decided) before any compressing is done.
 */
export function registerConditionalGet(app: FastifyInstance, options: ConditionalGetOptions): void {
  const { compression } = options;
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.method !== "GET" && request.method !== "HEAD") return payload;
    if (reply.statusCode !== 200) return payload;
    if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
    if (/\bno-store\b/.test(String(reply.getHeader("cache-control") ?? ""))) return payload;

    let etag = reply.getHeader("etag");
    if (typeof etag !== "string") {
      const type = reply.getHeader("content-type");
      const body = typeof payload === "string" ? Buffer.from(payload) : payload;
      etag = entityTag(body, compression.encodingFor(request.headers["accept-encoding"], type, body.length));
      reply.header("etag", etag);
    }
    const lastModified = reply.getHeader("last-modified");
    const notModified = isNotModified(
      request.headers["if-none-match"],
      request.headers["if-modified-since"],
      etag,
      typeof lastModified === "string" ? lastModified : undefined,
    );
    if (!notModified) return payload;

    // A 304 carries the validators, Cache-Control and Vary, but no body and no representation headers.
    if (compression.isCompressible(reply.getHeader("content-type"))) varyOnAcceptEncoding(reply);
    reply.code(304);
    reply.removeHeader("content-type");
    reply.removeHeader("content-length");
    // Fastify's HEAD handler measures a string or Buffer (and fails on null); an empty stream it
    // drains, and no Content-Length goes out, as a 304 should have.
    return request.method === "HEAD" ? Readable.from([]) : null;
  });
}

/** A strong tag: the body's SHA-256 (base64url, 128 bits of it), marked with the coding it goes in. */
export function entityTag(body: Buffer | string, encoding?: ContentEncoding): string {
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 22);
  return encoding ? `"${hash}-${encoding}"` : `"${hash}"`;
}

/** The HTTP date of an ISO instant, for `Last-Modified`. */
export function lastModifiedHeader(iso: string): string {
  return new Date(iso).toUTCString();
}

/**
 * RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison, as for GET); otherwise
 * If-Modified-Since, at the one-second precision of HTTP dates.
 */
export function isNotModified(
  ifNoneMatch: string | undefined,
  ifModifiedSince: string | undefined,
  etag: string,
  lastModified: string | undefined,
): boolean {
  if (ifNoneMatch !== undefined) {
    const ours = opaqueTag(etag);
    return ifNoneMatch.split(",").some((candidate) => {
      const tag = candidate.trim();
      return tag === "*" || opaqueTag(tag) === ours;
    });
  }
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(lastModified);
  if (Number.isNaN(since) || Number.isNaN(modified)) return false;
  return Math.floor(modified / 1000) <= Math.floor(since / 1000);
}

function opaqueTag(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}
