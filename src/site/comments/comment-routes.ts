import type { CommentServices } from "../../comments/comment-service.ts";
import type { EditionRoute } from "../edition-router.ts";
import type { SiteContext } from "../site-context.ts";
import { CommentUrls } from "./http/comment-urls.ts";
import { flagRoute } from "./http/flag-route.tsx";
import { readerRoutes } from "./http/reader-routes.tsx";
import { countRoute, postCommentRoute, threadPageRoute } from "./http/thread-routes.tsx";

/**
 * The comment pages of every edition: the thread page (GET, cacheable) and posting to it (POST),
 * the count, flagging, and verified readers' sign-in. Register them with the edition router.
 */
export function commentRoutes(site: SiteContext, services: CommentServices): EditionRoute[] {
  const deps = { site, services, urls: new CommentUrls(site.urls) };
  return [
    threadPageRoute(deps),
    postCommentRoute(deps),
    countRoute(deps),
    flagRoute(deps),
    ...readerRoutes(deps),
  ];
}
