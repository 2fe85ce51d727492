import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { FastifyInstance, FastifyReply, RouteShorthandOptions } from "fastify";
import { NoQuery } from "./route-schemas.ts";

/** Browsers and caches keep a hashed asset a year: a new content is a new URL. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};

/** A stylesheet or script served at a URL that carries a hash of its content. */
export interface HashedAsset {
  /** `/assets/<name>.<hash>.<extension>` (or under the prefix it was given). */
  readonly path: string;
  readonly body: Buffer;
  readonly type: string;
}

/** The first `length` hex digits of the SHA-256 of `body`: what names a version of an asset. */
export function contentHash(body: Buffer | string, length = 10): string {
  return createHash("sha256").update(body).digest("hex").slice(0, length);
}

/** Reads `file` once and names it by its content: `<prefix>/<name>.<hash>.<extension>`. */
export function hashedAsset(file: URL, name: string, prefix = "/assets"): HashedAsset {
  const body = readFileSync(file);
  const extension = extname(file.pathname);
  const type = TYPES[extension];
  if (type === undefined) throw new Error(`No content type known for ${file.pathname}`);
  return { body, type, path: `${prefix}/${name}.${contentHash(body)}${extension}` };
}

export interface ServeOptions {
  /** The prefix of the scope `app` is (`/newsroom`): the route is the asset's path without it. */
  readonly scopePrefix?: string;
  readonly routeOptions?: RouteShorthandOptions;
  /** Runs before the answer is sent (surrogate keys for a cache in front, say). */
  readonly beforeSend?: (reply: FastifyReply) => void;
}

/** Serves hashed assets as immutable. */
export function serveHashedAssets(
  app: FastifyInstance,
  assets: readonly HashedAsset[],
  options: ServeOptions = {},
): void {
  const prefix = options.scopePrefix ?? "";
  for (const asset of assets) {
    if (!asset.path.startsWith(prefix)) throw new Error(`${asset.path} is not under ${prefix}`);
    // Its URL says all: a query is refused (400) rather than answered as if it meant something.
    const routeOptions = { ...options.routeOptions, schema: { querystring: NoQuery } };
    app.get(asset.path.slice(prefix.length), routeOptions, async (_request, reply) => {
      options.beforeSend?.(reply);
      return reply.type(asset.type).header("cache-control", IMMUTABLE).send(asset.body);
    });
  }
}
