import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { FastifyInstance, FastifyReply } from "fastify";

export type ContentEncoding = "br" | "gzip";

export interface CompressionOptions {
  /** Bodies smaller than this many bytes go as they are: a header costs more than it saves. */
  threshold?: number;
  /** Brotli quality for pages made per request: 5 compresses close to 11 at a fraction of the time. */
  brotliQuality?: number;
  /** gzip level for pages made per request. */
  gzipLevel?: number;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

// Text formats only: images and fonts are compressed already.
const COMPRESSIBLE =
  /^(?:text\/(?:html|css|plain|xml|javascript)|application\/(?:json|xml|javascript|[\w.+-]+\+(?:xml|json)))\b/i;

/**
 * Which responses are compressed and how. Conditional GET asks it which coding a response will get,
 * so that each coding has its own strong ETag.
 */
export class CompressionPolicy {
  readonly threshold: number;
  readonly brotliQuality: number;
  readonly gzipLevel: number;
  /** Static bodies (the same Buffer every time, marked immutable) are compressed once, at best quality. */
  private readonly staticCache = new WeakMap<Buffer, Map<ContentEncoding, Promise<Buffer>>>();

  constructor(options: CompressionOptions = {}) {
    this.threshold = checkedInteger("threshold", options.threshold ?? 1024, 0, Number.MAX_SAFE_INTEGER);
    this.brotliQuality = checkedInteger("brotliQuality", options.brotliQuality ?? 5, 0, 11);
    this.gzipLevel = checkedInteger("gzipLevel", options.gzipLevel ?? 6, 1, 9);
  }

  isCompressible(contentType: unknown): boolean {
    return typeof contentType === "string" && COMPRESSIBLE.test(contentType);
  }

  /** The coding a response of this type and size gets for this Accept-Encoding, or undefined for none. */
  encodingFor(
    acceptEncoding: unknown,
    contentType: unknown,
    byteLength: number,
  ): ContentEncoding | undefined {
    if (byteLength < this.threshold || !this.isCompressible(contentType)) return undefined;
    return negotiateEncoding(typeof acceptEncoding === "string" ? acceptEncoding : undefined);
  }

  compress(body: Buffer, encoding: ContentEncoding, immutable: boolean): Promise<Buffer> {
    if (!immutable) return compressBody(body, encoding, this);
    let cached = this.staticCache.get(body);
    if (!cached) {
      cached = new Map();
      this.staticCache.set(body, cached);
    }
    let compressed = cached.get(encoding);
    if (!compressed) {
      compressed = compressBody(body, encoding, BEST_COMPRESSION);
      cached.set(encoding, compressed);
    }
    return compressed;
  }
}

/** The smallest output, for bytes compressed once and sent many times. */
export const BEST_COMPRESSION = { brotliQuality: constants.BROTLI_MAX_QUALITY, gzipLevel: 9 } as const;

/**
 * `body` compressed in one coding, off the event loop (zlib's thread pool), in a buffer of exactly
 * its size: zlib hands back a view of its 8 or 16 KB output chunk, and a page cache holding
 * thousands of 2 KB bodies would otherwise keep all those chunks alive.
 */
export async function compressBody(
  body: Buffer,
  encoding: ContentEncoding,
  { brotliQuality, gzipLevel }: { brotliQuality: number; gzipLevel: number },
): Promise<Buffer> {
  const compressed =
    encoding === "gzip"
      ? await gzipAsync(body, { level: gzipLevel })
      : await brotliAsync(body, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_QUALITY]: brotliQuality,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        });
  if (compressed.buffer.byteLength === compressed.length) return compressed;
  const exact = Buffer.allocUnsafeSlow(compressed.length);
  compressed.copy(exact);
  return exact;
}

/**
 * Compresses text bodies with brotli or gzip as the client's Accept-Encoding allows, and says so in
 * `Vary` so a cache in front keeps one copy per coding. Streams (media) and encoded bodies pass as
 * they are.
 */
export function registerCompression(app: FastifyInstance, policy = new CompressionPolicy()): void {
  app.addHook("onSend", async (request, reply, payload) => {
    const type = reply.getHeader("content-type");
    if (!policy.isCompressible(type)) return payload;
    varyOnAcceptEncoding(reply);
    if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
    if (reply.hasHeader("content-encoding") || !hasBody(reply.statusCode)) return payload;
    const body = typeof payload === "string" ? Buffer.from(payload) : payload;
    const encoding = policy.encodingFor(request.headers["accept-encoding"], type, body.length);
    if (!encoding) return payload;
    const immutable = /\bimmutable\b/.test(String(reply.getHeader("cache-control") ?? ""));
    const compressed = await policy.compress(body, encoding, immutable);
    reply.header("content-encoding", encoding);
    reply.removeHeader("content-length");
    return compressed;
  });
}

/**
 * The coding to use for an Accept-Encoding header: the highest q-value among brotli and gzip,
 * brotli on a tie (smaller), none when neither is acceptable.
 */
export function negotiateEncoding(header: string | undefined): ContentEncoding | undefined {
  if (!header) return undefined;
  const qualities = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";").map((piece) => piece.trim().toLowerCase());
    if (name === "") continue;
    let quality = 1;
    for (const param of params) {
      const match = /^q\s*=\s*([0-9.]+)$/.exec(param);
      if (match) quality = Number(match[1]);
    }
    qualities.set(name, Number.isFinite(quality) ? quality : 0);
  }
  const wildcard = qualities.get("*") ?? 0;
  const br = qualities.get("br") ?? wildcard;
  const gz = qualities.get("gzip") ?? qualities.get("x-gzip") ?? wildcard;
  if (br > 0 && br >= gz) return "br";
  if (gz > 0) return "gzip";
  return undefined;
}

/** Adds Accept-Encoding to the Vary header once, keeping whatever is there. */
export function varyOnAcceptEncoding(reply: FastifyReply): void {
  const current = reply.getHeader("vary");
  const values = (Array.isArray(current) ? current.join(",") : String(current ?? ""))
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "");
  if (values.some((value) => value === "*" || value.toLowerCase() === "accept-encoding")) return;
  reply.header("vary", [...values, "Accept-Encoding"].join(", "));
}

function hasBody(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}

function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`compression: ${name} must be an integer from ${min} to ${max}, not ${value}`);
  }
  return value;
}
