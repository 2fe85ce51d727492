import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { isConfirmed } from "../views/confirm-page.tsx";
import { canEdit, loadArticleForReading } from "../workflow/article-access.ts";
import { deskStylesheetPath } from "../workflow/desk-stylesheet.ts";
import { registerPendingEditRoutes } from "./pending-edit-routes.tsx";
import { PendingEditService } from "./pending-edit-service.ts";
import { RevisionService } from "./revision-service.ts";
import { ConfirmRestorePage } from "./views/confirm-restore-page.tsx";
import { RevisionComparePage, RevisionsPage } from "./views/revisions-page.tsx";

/** An article's revisions: the list, a comparison of any two, and restoring one. */
export function registerRevisionRoutes(options: { events: ContentEvents }) {
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const revisions = new RevisionService(context.db, options.events);
    const pendingEdits = new PendingEditService(context.db, options.events);
    registerPendingEditRoutes(scope, context, pendingEdits);
    const articleId = (value: string) => {
      const id = idParam(value);
      if (id === undefined) throw new NotFoundError("article", value);
      return id;
    };

    scope.get(
      "/articles/:id/revisions",
      { schema: { params: IdParams("id"), querystring: QueryOf("done") } },
      async (request, reply) => {
        const user = currentUser(request);
        const loaded = await loadArticleForReading(context.db, user, articleId(request.params.id));
        const { article } = loaded;
        return context.pages.render(
          request,
          reply,
          { title: `Revisions: ${article.title}`, current: "articles", stylesheets: [deskStylesheetPath] },
          <RevisionsPage
            article={article}
            revisions={await revisions.list(user, article.id)}
            pendingEdits={await pendingEdits.list(user, article.id)}
            canRestore={canEdit(user, loaded)}
            done={request.query.done}
          />,
        );
      },
    );

    scope.get(
      "/articles/:id/revisions/compare",
      { schema: { params: IdParams("id"), querystring: QueryOf("from", "to") } },
      async (request, reply) => {
        const user = currentUser(request);
        const { article } = await loadArticleForReading(context.db, user, articleId(request.params.id));
        const from = idParam(request.query.from);
        const to = idParam(request.query.to);
        if (from === undefined || to === undefined) {
          throw new ValidationError("from", "choose two revisions to compare, one as From and one as To");
        }
        return context.pages.render(
          request,
          reply,
          {
            title: `Compare revisions: ${article.title}`,
            current: "articles",
            stylesheets: [deskStylesheetPath],
          },
          <RevisionComparePage
            article={article}
            comparison={await revisions.compare(user, article.id, from, to)}
          />,
        );
      },
    );

    // Restoring asks first, on a page that says what it does and how to go back.
    scope.get(
      "/articles/:id/revisions/:revisionId/restore",
      { schema: { params: IdParams("id", "revisionId"), querystring: NoQuery } },
      async (request, reply) => {
        const id = articleId(request.params.id);
        const revisionId = idParam(request.params.revisionId);
        if (revisionId === undefined) throw new NotFoundError("revision", request.params.revisionId);
        const { article, revision } = await revisions.restorable(currentUser(request), id, revisionId);
        return context.pages.render(
          request,
          reply,
          { title: `Restore: ${article.title}`, current: "articles", stylesheets: [deskStylesheetPath] },
          <ConfirmRestorePage
            articleId={id}
            revision={revision}
            published={article.status === "published"}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post(
      "/articles/:id/revisions/:revisionId/restore",
      { schema: { params: IdParams("id", "revisionId"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const id = articleId(request.params.id);
        const revisionId = idParam(request.params.revisionId);
        if (revisionId === undefined) throw new NotFoundError("revision", request.params.revisionId);
        if (!isConfirmed(request.body)) {
          // Refused (403) before anything is asked when the user may not restore at all.
          await revisions.restorable(currentUser(request), id, revisionId);
          return reply.redirect(`/newsroom/articles/${id}/revisions/${revisionId}/restore`, 303);
        }
        await revisions.restore(currentUser(request), id, revisionId, request.ip);
        return reply.redirect(`/newsroom/articles/${id}/revisions?done=restored`, 303);
      },
    );
  };
}
