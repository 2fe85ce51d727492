import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { IMMUTABLE } from "../http/hashed-asset.ts";
import { NoQuery, WildcardParams } from "../http/route-schemas.ts";
import { MEDIA_CONTENT_TYPES, MediaStorage, mediaFileExtension, resolveMediaPath } from "./media-storage.ts";

export interface MediaRoutesOptions {
  mediaDir: string;
}

// Names are content-addressed: a name never gets other bytes, so browsers and CDNs may keep it a year.
const CACHE_CONTROL = IMMUTABLE;
// Refuse to follow a symbolic link at the last step (0 where the platform has no such flag).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Serves image variants at `GET /media/<file>` (and HEAD). Anything that is not exactly a name we
 * write, or not there, goes to the not-found handler, so traversal attempts look like any missing file.
 */
export function registerMediaRoutes(plainApp: FastifyInstance, options: MediaRoutesOptions): void {
  const app = plainApp.withTypeProvider<TypeBoxTypeProvider>();
  if (!options.mediaDir) throw new Error("registerMediaRoutes: options.mediaDir is required");
  const root = new MediaStorage(options.mediaDir).variantsRoot;

  app.route({
    method: ["GET", "HEAD"],
    url: "/media/*",
    // The file's name is checked by resolveMediaPath: anything not exactly a name we write is a 404.
    schema: { params: WildcardParams, querystring: NoQuery },
    handler: async (request, reply) => {
      // Our names never need escaping: a `%` (encoded dot, slash or NUL) or a backslash is an attack.
      const rawPath = request.url.split("?", 1)[0] ?? "";
      const file = request.params["*"];
      if (/[%\\]/.test(rawPath)) return notFound(reply);
      const path = resolveMediaPath(root, file);
      const type = MEDIA_CONTENT_TYPES[mediaFileExtension(file) ?? ""];
      if (!path || !type) return notFound(reply);

      const handle = await open(path, OPEN_FLAGS).catch(() => undefined);
      if (!handle) return notFound(reply);
      return sendFile(request, reply, handle, type);
    },
  });
}

async function sendFile(request: FastifyRequest, reply: FastifyReply, handle: FileHandle, type: string) {
  let streaming = false;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return notFound(reply);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    reply
      .header("Cache-Control", CACHE_CONTROL)
      .header("ETag", etag)
      .header("Last-Modified", stat.mtime.toUTCString())
      .header("X-Content-Type-Options", "nosniff");
    if (matchesEtag(request.headers["if-none-match"], etag)) return reply.code(304).send();
    reply.header("Content-Type", type).header("Content-Length", stat.size);
    if (request.method === "HEAD") return reply.send();
    streaming = true;
    // The stream owns the handle from here and closes it when done or destroyed.
    return reply.send(handle.createReadStream());
  } finally {
    if (!streaming) await handle.close();
  }
}

/** Hands over to the app's not-found handler (the site answers a localized page). */
function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

/** If-None-Match holds our tag (weak comparison, as RFC 9110 asks for GET), or `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const candidate = tag.trim();
    return candidate === "*" || candidate.replace(/^W\//, "") === etag;
  });
}
