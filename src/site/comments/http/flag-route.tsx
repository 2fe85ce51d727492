import { Type } from "typebox";
import { visibleToReaders } from "../../../articles/visibility.ts";
import { CommentRefusedError } from "../../../comments/comment-errors.ts";
import type { CommentServices } from "../../../comments/comment-service.ts";
import { FLAG_REASONS, type FlagReason, flagComment } from "../../../comments/flag-comment.ts";
import { commentMessagesFor } from "../../../comments/i18n/comment-messages.ts";
import { type EditionRoute, editionRoute } from "../../edition-router.ts";
import { RowIdParam } from "../../route-schemas.ts";
import type { SiteContext } from "../../site-context.ts";
import { MessagePage } from "../views/reader-pages.tsx";
import { formFields } from "./comment-form.ts";
import type { CommentUrls } from "./comment-urls.ts";
import { idFrom, isSameOrigin, readerOf, seeOther } from "./request-context.ts";

/** POST `/comments/{id}/flag`: a reader reports a comment, then goes back to it. */
export function flagRoute(deps: {
  site: SiteContext;
  services: CommentServices;
  urls: CommentUrls;
}): EditionRoute {
  const { site, services, urls } = deps;
  return editionRoute({
    method: "POST",
    url: "/comments/:id/flag",
    params: Type.Object({ id: RowIdParam }),
    querystring: Type.Object({}, { additionalProperties: true }),
    // The flag button's form (src/site/comments/views/comment-item.tsx).
    body: Type.Object({ reason: Type.Optional(Type.String()) }, { additionalProperties: false }),
    async handle(form) {
      const { request, reply, edition, params, now } = form;
      const commentId = idFrom(params.id);
      if (commentId === null) return site.pages.notFound(reply, edition);
      const comment = await services.db
        .selectFrom("comments")
        .innerJoin("articles", "articles.id", "comments.articleId")
        .select([
          "comments.id",
          "comments.articleId",
          "comments.edition",
          "articles.slug",
          "articles.publishedAt",
        ])
        .where("comments.id", "=", commentId)
        .where("comments.edition", "=", edition.code)
        .where("comments.status", "=", "approved")
        .where(visibleToReaders(now))
        .executeTakeFirst();
      if (!comment?.publishedAt) return site.pages.notFound(reply, edition);
      const article = { slug: comment.slug, publishedAt: comment.publishedAt };
      const messages = commentMessagesFor(edition.code);
      try {
        if (!isSameOrigin(request)) throw new CommentRefusedError("FORM_UNREADABLE");
        const given = formFields(form).reason ?? "";
        const reason: FlagReason = (FLAG_REASONS as readonly string[]).includes(given)
          ? (given as FlagReason)
          : "other";
        const reader = await readerOf(services, request);
        const outcome = await flagComment(
          services.flagging,
          comment,
          { ip: request.ip, readerId: reader?.id ?? null },
          reason,
          now,
        );
        const anchor = outcome === "sent-to-review" ? "#comment-thread" : `#comment-${comment.id}`;
        return seeOther(reply, `${urls.thread(edition, article, { notice: "flagged" })}${anchor}`);
      } catch (error) {
        if (!(error instanceof CommentRefusedError)) throw error;
        return site.pages.render(
          reply,
          error.status,
          edition,
          { title: messages.flag, robots: "noindex" },
          <MessagePage
            title={messages.flag}
            message={messages.refusals[error.refusal](error.params)}
            linkHref={urls.thread(edition, article)}
            linkLabel={messages.readAndJoin}
            alert
          />,
          { cacheControl: "no-store" },
        );
      }
    },
  });
}
