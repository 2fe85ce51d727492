import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { EditConflictError, NotFoundError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { deskStylesheetPath } from "../workflow/desk-stylesheet.ts";
import type { PendingEditService } from "./pending-edit-service.ts";
import { PendingEditPage, pendingEditUrl } from "./views/pending-edit-page.tsx";

const PendingIds = IdParams("id", "pendingId");

/** Reviewing an edit that waits for approval: see it against the published text, apply or discard it. */
export function registerPendingEditRoutes(
  plainScope: FastifyInstance,
  context: NewsroomContext,
  pendingEdits: PendingEditService,
): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  const ids = (params: Static<typeof PendingIds>) => {
    const articleId = idParam(params.id);
    if (articleId === undefined) throw new NotFoundError("article", params.id);
    const pendingEditId = idParam(params.pendingId);
    if (pendingEditId === undefined) throw new NotFoundError("pending edit", params.pendingId);
    return { articleId, pendingEditId };
  };
  const page = { current: "articles" as const, stylesheets: [deskStylesheetPath] };

  scope.get(
    "/articles/:id/pending/:pendingId",
    { schema: { params: PendingIds, querystring: QueryOf("conflict") } },
    async (request, reply) => {
      const { articleId, pendingEditId } = ids(request.params);
      const review = await pendingEdits.review(currentUser(request), articleId, pendingEditId);
      return context.pages.render(
        request,
        reply,
        { ...page, title: `Edit waiting for approval: ${review.article.title}` },
        <PendingEditPage
          review={review}
          conflict={request.query.conflict === "1"}
          csrfToken={csrfToken(request)}
        />,
      );
    },
  );

  scope.post(
    "/articles/:id/pending/:pendingId/apply",
    { schema: { params: PendingIds, querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const { articleId, pendingEditId } = ids(request.params);
      const expected = idParam(formText(request.body, "expectedRevisionId"));
      if (expected === undefined) {
        throw new ValidationError(
          "expectedRevisionId",
          "review the edit on its page, then apply it from there",
        );
      }
      try {
        await pendingEdits.apply(currentUser(request), articleId, pendingEditId, expected, request.ip);
      } catch (error) {
        if (!(error instanceof EditConflictError)) throw error;
        return reply.redirect(`${pendingEditUrl(articleId, pendingEditId)}?conflict=1`, 303);
      }
      return reply.redirect(`/newsroom/articles/${articleId}/revisions?done=applied`, 303);
    },
  );

  // Discarding asks first: the edit's words are gone once it is done.
  scope.get(
    "/articles/:id/pending/:pendingId/discard",
    { schema: { params: PendingIds, querystring: NoQuery } },
    async (request, reply) => {
      const { articleId, pendingEditId } = ids(request.params);
      const user = currentUser(request);
      const { edit, canDecide } = await pendingEdits.review(user, articleId, pendingEditId);
      const url = pendingEditUrl(articleId, pendingEditId);
      return context.pages.render(
        request,
        reply,
        { ...page, title: canDecide ? "Discard the edit?" : "Withdraw your edit?" },
        <ConfirmPage
          heading={canDecide ? `Discard ${edit.savedBy}'s edit?` : "Withdraw your edit?"}
          subject={edit.title}
          text="The edit is deleted and cannot be brought back; readers keep seeing the published text. Its author can edit the article again."
          action={`${url}/discard`}
          button={canDecide ? "Yes, discard it" : "Yes, withdraw it"}
          danger
          back={url}
          csrfToken={csrfToken(request)}
        />,
      );
    },
  );

  scope.post(
    "/articles/:id/pending/:pendingId/discard",
    { schema: { params: PendingIds, querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const { articleId, pendingEditId } = ids(request.params);
      const user = currentUser(request);
      if (!isConfirmed(request.body)) {
        await pendingEdits.review(user, articleId, pendingEditId);
        return reply.redirect(`${pendingEditUrl(articleId, pendingEditId)}/discard`, 303);
      }
      await pendingEdits.discard(user, articleId, pendingEditId, request.ip);
      return reply.redirect(`/newsroom/articles/${articleId}/revisions?done=discarded`, 303);
    },
  );
}
