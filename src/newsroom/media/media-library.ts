import fastifyMultipart from "@fastify/multipart";
import type { FastifyInstance } from "fastify";
import { hashedAsset, serveHashedAssets } from "../../http/hashed-asset.ts";
import type { MediaStore } from "../../media/media-store.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";
import { registerMediaApiRoutes } from "./media-api-routes.ts";
import { MediaLibraryService } from "./media-library-service.ts";
import { registerMediaPageRoutes } from "./media-page-routes.tsx";
import type { UploadLimits } from "./multipart-upload.ts";

export interface MediaLibraryOptions {
  mediaStore: MediaStore;
  /** MEDIA_MAX_MB: the largest file accepted, in MB. */
  maxMb: number;
  /** app.contentEvents: cached pages showing a picture are dropped when its texts change. */
  events?: ContentEvents | undefined;
}

/** Files one upload form may carry. */
export const MAX_FILES_PER_UPLOAD = 20;

/** Outside /newsroom, as the newsroom's own stylesheet: hashed, immutable, cacheable. */
const mediaLibraryStylesheet = hashedAsset(
  new URL("./views/media-library.css", import.meta.url),
  "newsroom-media",
);
export const mediaLibraryStylesheetPath = mediaLibraryStylesheet.path;

/** Serves the library's stylesheet; call once on the app, beside the newsroom. */
export function registerMediaLibraryAssets(app: FastifyInstance): void {
  serveHashedAssets(app, [mediaLibraryStylesheet]);
}

/**
 * The media library as a newsroom feature: pages under /newsroom/media and the picker's JSON API
 * under /newsroom/api/media. Its routes live in a scope of their own inside /newsroom (sessions,
 * CSRF and error pages apply), the only one that accepts multipart bodies.
 */
export function mediaLibrary(options: MediaLibraryOptions): NewsroomFeature {
  const limits: UploadLimits = { maxBytes: options.maxMb * 1024 * 1024, maxFiles: MAX_FILES_PER_UPLOAD };
  return (scope: FastifyInstance, context: NewsroomContext) => {
    const library = new MediaLibraryService({
      db: context.db,
      mediaStore: options.mediaStore,
      maxBytes: limits.maxBytes,
      editions: context.editionCodes,
      events: options.events,
    });
    scope.register(async (uploads) => {
      // Files are read by the routes, one at a time, never to temporary files; a larger one is cut
      // off at the limit and refused by name rather than failing the whole request.
      await uploads.register(fastifyMultipart, {
        throwFileSizeLimit: false,
        limits: { fileSize: limits.maxBytes },
      });
      registerMediaPageRoutes(uploads, context, { library, limits, stylesheet: mediaLibraryStylesheetPath });
      registerMediaApiRoutes(uploads, library, limits);
    });
  };
}
