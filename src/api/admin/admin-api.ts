import type { FastifyInstance } from "fastify";
import type { AccessTokenService } from "../../accounts/access-token-service.ts";
import type { Actor } from "../../accounts/authorization/policy.ts";
import type { CommentServices } from "../../comments/comment-service.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow } from "../../db/schema.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { MediaStore } from "../../media/media-store.ts";
import { WorkflowService } from "../../newsroom/workflow/workflow-service.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import type { ApiScope } from "../api-scope.ts";
import { ADMIN_SCHEMAS } from "./admin-schemas.ts";
import { articleRoutes } from "./article-routes.ts";
import { registerBearerAuth } from "./bearer-auth.ts";
import { commentRoutes } from "./comment-routes.ts";
import { mediaRoutes } from "./media-routes.ts";
import { tagRoutes } from "./tag-routes.ts";

export interface AdminApiOptions {
  db: Db;
  events: ContentEvents | undefined;
  editions: Editions;
  tokens: AccessTokenService;
  comments: Pick<CommentServices, "moderation" | "queue">;
  mediaStore: MediaStore;
  /** MEDIA_MAX_MB, in bytes. */
  mediaMaxBytes: number;
  /** Tells the editors an article was sent to review, as the newsroom's Send to review does. */
  onSubmitted?: ((article: ArticleRow, by: Actor, note: string | null) => void) | undefined;
}

/**
 * The admin API: writing with a personal access token. Its routes live in a scope of their own
 * where every request is authenticated by its bearer token before anything else, and each calls
 * the newsroom's services with the token's user as the actor.
 */
export function adminApi(options: AdminApiOptions): (scope: ApiScope) => Promise<void> {
  return async (scope) => {
    for (const schema of ADMIN_SCHEMAS) (scope as unknown as FastifyInstance).addSchema(schema);
    await scope.register(async (plain) => {
      const admin = plain as unknown as ApiScope;
      registerBearerAuth(admin as unknown as FastifyInstance, options.tokens);
      const editionCodes = options.editions.all.map((edition) => edition.code);
      articleRoutes(admin, {
        db: options.db,
        events: options.events,
        workflow: new WorkflowService(options.db, options.events, options.onSubmitted),
        mediaStore: options.mediaStore,
        editionCodes,
      });
      tagRoutes(admin, { db: options.db, events: options.events });
      commentRoutes(admin, {
        db: options.db,
        editions: options.editions,
        queue: options.comments.queue,
        moderation: options.comments.moderation,
      });
      await mediaRoutes(admin, {
        db: options.db,
        mediaStore: options.mediaStore,
        maxBytes: options.mediaMaxBytes,
        editionCodes,
        events: options.events,
      });
    });
  };
}
