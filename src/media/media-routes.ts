import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { IMMUTABLE } from "../http/hashed-asset.ts";
import { NoQuery, WildcardParams } from "../http/route-schemas.ts";
import { isMediaFileName, MEDIA_CONTENT_TYPES, mediaFileExtension } from "./media-storage.ts";
import { type MediaStore, type StoredObject, variantKey } from "./media-store.ts";

export interface MediaRoutesOptions {
  mediaStore: MediaStore;
}

// Names are content-addressed: a name never gets other bytes, so browsers and CDNs may keep it a year.
const CACHE_CONTROL = IMMUTABLE;

/**
 * Serves image variants at `GET /media/<file>` (and HEAD). Anything that is not exactly a name we
 * write, or not there, goes to the not-found handler, so traversal attempts look like any missing file.
 * The bytes are streamed from the store (the folder, or the S3 bucket) as they come.
 */
export function registerMediaRoutes(plainApp: FastifyInstance, options: MediaRoutesOptions): void {
  const app = plainApp.withTypeProvider<TypeBoxTypeProvider>();
  if (!options.mediaStore) throw new Error("registerMediaRoutes: options.mediaStore is required");
  const store = options.mediaStore;

  app.route({
    method: ["GET", "HEAD"],
    url: "/media/*",
    // The file's name is checked by isMediaFileName: anything not exactly a name we write is a 404.
    schema: { params: WildcardParams, querystring: NoQuery },
    handler: async (request, reply) => {
      // Our names never need escaping: a `%` (encoded dot, slash or NUL) or a backslash is an attack.
      const rawPath = request.url.split("?", 1)[0] ?? "";
      const file = request.params["*"];
      if (/[%\\]/.test(rawPath)) return notFound(reply);
      const type = MEDIA_CONTENT_TYPES[mediaFileExtension(file) ?? ""];
      if (!isMediaFileName(file) || !type) return notFound(reply);
      // HEAD needs no bytes: ask for the facts only.
      const key = variantKey(file);
      const object = request.method === "HEAD" ? await store.head(key) : await store.get(key);
      if (!object) return notFound(reply);
      return sendObject(request, reply, object, type);
    },
  });
}

function sendObject(
  request: FastifyRequest,
  reply: FastifyReply,
  object: Omit<StoredObject, "body"> & { body?: StoredObject["body"] },
  type: string,
) {
  reply
    .header("Cache-Control", CACHE_CONTROL)
    .header("ETag", object.etag)
    .header("Last-Modified", object.lastModified.toUTCString())
    .header("X-Content-Type-Options", "nosniff");
  if (matchesEtag(request.headers["if-none-match"], object.etag)) {
    object.body?.destroy();
    return reply.code(304).send();
  }
  reply.header("Content-Type", type).header("Content-Length", object.size);
  if (!object.body) return reply.send();
  return reply.send(object.body);
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
