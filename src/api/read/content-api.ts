import type { FastifyInstance } from "fastify";
import type { ApiScope } from "../api-scope.ts";
import { articleRoutes } from "./article-routes.ts";
import type { ContentApiContext } from "./content-context.ts";
import { addContentSchemas } from "./content-schemas.ts";
import { directoryRoutes } from "./directory-routes.ts";
import { mediaAndSearchRoutes } from "./media-search-routes.ts";
import { storyRoutes } from "./story-routes.ts";

export type { ContentApiContext } from "./content-context.ts";

/**
 * The content API's read side: published stories, articles, tags, authors, sources, media and
 * search, with the reader pages' caching (Cache-Control, ETag/304, surrogate keys).
 */
export function contentRoutes(scope: ApiScope, context: ContentApiContext): void {
  addContentSchemas(scope as FastifyInstance);
  storyRoutes(scope, context);
  articleRoutes(scope, context);
  directoryRoutes(scope, context);
  mediaAndSearchRoutes(scope, context);
}
