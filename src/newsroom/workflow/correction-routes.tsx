import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { assertCan } from "../../accounts/authorization/policy.ts";
import { ArticleNotPublishedError, CorrectionService } from "../../articles/corrections.ts";
import { IdParams, NoQuery } from "../../http/route-schemas.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { loadArticleForReading } from "./article-access.ts";
import { deskStylesheetPath } from "./desk-stylesheet.ts";

/** Renders an article's workflow page; `draft` gives a refused correction back with why (a 400). */
export type WorkflowPageRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  articleId: number,
  draft?: { text: string; error: string },
) => Promise<FastifyReply>;

/** The article's and the correction's ids a withdrawal's address spells, or undefined. */
function correctionIds(params: { id: string; correctionId: string }) {
  const id = idParam(params.id);
  const correctionId = idParam(params.correctionId);
  return id === undefined || correctionId === undefined ? undefined : { id, correctionId };
}

const workflowPath = (articleId: number) => `/newsroom/articles/${articleId}/workflow`;

/**
 * Corrections from an article's workflow page: append one (POST), and withdraw one added by
 * mistake after a page that says what it does. A refused correction comes back on the workflow
 * page with what was typed.
 */
export function registerCorrectionRoutes(
  plainScope: FastifyInstance,
  context: NewsroomContext,
  options: { events: ContentEvents; renderWorkflowPage: WorkflowPageRenderer },
): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  const corrections = new CorrectionService(context.db, options.events);

  scope.post(
    "/articles/:id/corrections",
    { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const id = idParam(request.params.id);
      if (id === undefined) return reply.callNotFound();
      const text = formText(request.body, "text");
      try {
        await corrections.add(currentUser(request), id, text, request.ip);
      } catch (error) {
        if (!(error instanceof ValidationError || error instanceof ArticleNotPublishedError)) throw error;
        return options.renderWorkflowPage(request, reply, id, { text, error: error.message });
      }
      return reply.redirect(`${workflowPath(id)}?done=correct#corrections`, 303);
    },
  );

  scope.get(
    "/articles/:id/corrections/:correctionId/withdraw",
    { schema: { params: IdParams("id", "correctionId"), querystring: NoQuery } },
    async (request, reply) => {
      const ids = correctionIds(request.params);
      if (!ids) return reply.callNotFound();
      const { id, correctionId } = ids;
      const user = currentUser(request);
      const { article, target } = await loadArticleForReading(context.db, user, id);
      assertCan(user, "article.correct", target);
      const correction = await corrections.find(id, correctionId);
      return context.pages.render(
        request,
        reply,
        { title: `Confirm: ${article.title}`, current: "articles", stylesheets: [deskStylesheetPath] },
        <ConfirmPage
          heading="Withdraw this correction?"
          subject={correction.text}
          text={`Readers of “${article.title}” will no longer see it. Withdraw only a correction added by mistake; to correct a correction, publish a new one. The audit log keeps its text.`}
          action={`/newsroom/articles/${id}/corrections/${correctionId}/withdraw`}
          button="Yes, withdraw"
          danger
          back={`${workflowPath(id)}#corrections`}
          csrfToken={csrfToken(request)}
        />,
      );
    },
  );

  scope.post(
    "/articles/:id/corrections/:correctionId/withdraw",
    { schema: { params: IdParams("id", "correctionId"), querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const ids = correctionIds(request.params);
      if (!ids) return reply.callNotFound();
      const { id, correctionId } = ids;
      const confirmPage = `/newsroom/articles/${id}/corrections/${correctionId}/withdraw`;
      if (!isConfirmed(request.body)) return reply.redirect(confirmPage, 303);
      await corrections.withdraw(currentUser(request), id, correctionId, request.ip);
      return reply.redirect(`${workflowPath(id)}?done=withdrawCorrection#corrections`, 303);
    },
  );
}
