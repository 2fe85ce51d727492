import type { FastifyInstance } from "fastify";
import { can } from "../../accounts/authorization/policy.ts";
import { listCorrections } from "../../articles/corrections.ts";
import { allPendingEdits } from "../../articles/pending-edits.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { isoToZonedLocal, zonedLocalToIso } from "../../shared/time-zone.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { isConfirmed } from "../views/confirm-page.tsx";
import { loadArticleForPolicy, loadArticleForReading } from "./article-access.ts";
import { registerCorrectionRoutes, type WorkflowPageRenderer } from "./correction-routes.tsx";
import { deskStylesheetPath } from "./desk-stylesheet.ts";
import { reviewQueue } from "./review-queue.ts";
import { ConfirmMovePage, isDestructiveMove } from "./views/confirm-page.tsx";
import { ReviewQueuePage } from "./views/review-queue-page.tsx";
import { WorkflowPage } from "./views/workflow-page.tsx";
import { shownStatus, type Transition, WorkflowService } from "./workflow-service.ts";

export interface WorkflowRouteOptions {
  events: ContentEvents;
  editions: Editions;
  /** The reader site's links: a published article's page is linked from its panel. */
  urls: SiteUrls;
}

const TRANSITIONS = new Set<Transition>(["submit", "return", "publish", "schedule", "unpublish", "delete"]);

/** The workflow panel of an article, its moves (POST), and the review queue. */
export function registerWorkflowRoutes(options: WorkflowRouteOptions) {
  return (scope: FastifyInstance, context: NewsroomContext): void => {
    const workflow = new WorkflowService(context.db, options.events);
    const timeZoneOf = (edition: string) => options.editions.find(edition)?.timeZone ?? "UTC";

    /** The workflow page; `draft` is a refused correction given back, with a 400. */
    const renderWorkflowPage: WorkflowPageRenderer = async (request, reply, id, draft) => {
      const user = currentUser(request);
      const loaded = await loadArticleForReading(context.db, user, id);
      const { article } = loaded;
      const timeZone = timeZoneOf(article.edition);
      const inAnHour = new Date(Date.now() + 60 * 60_000).toISOString();
      const scheduleValue = isoToZonedLocal(
        article.status === "scheduled" && article.publishedAt && article.publishedAt > inAnHour
          ? article.publishedAt
          : inAnHour,
        timeZone,
      );
      const edition = options.editions.find(article.edition);
      const status = shownStatus(article);
      const readerUrl =
        edition && article.publishedAt && status === "published"
          ? // Relative when the edition lives on the newsroom's host, absolute on a host of its own.
            options.urls.href(
              edition,
              options.urls.articlePath(edition, article.publishedAt, article.slug),
              options.editions.default,
            )
          : null;
      const corrections = await listCorrections(context.db, article.id);
      // A refused correction is answered here too, whatever the status: it says why.
      const showCorrections = status === "published" || corrections.length > 0 || draft !== undefined;
      return context.pages.render(
        request,
        reply,
        {
          title: `Workflow: ${article.title}`,
          current: "articles",
          stylesheets: [deskStylesheetPath],
          ...(draft ? { status: 400 } : {}),
        },
        <WorkflowPage
          title={article.title}
          storyId={article.storyId}
          done={draft ? undefined : formText(request.query, "done") || undefined}
          readerUrl={readerUrl}
          article={{
            id: article.id,
            edition: article.edition,
            status,
            publishedAt: article.publishedAt,
          }}
          allowed={workflow.allowedTransitions(user, loaded)}
          csrfToken={csrfToken(request)}
          timeZone={timeZone}
          scheduleValue={scheduleValue}
          corrections={
            showCorrections
              ? {
                  articleId: article.id,
                  corrections,
                  canCorrect: status === "published" && can(user, "article.correct", loaded.target),
                  csrfToken: csrfToken(request),
                  draft,
                }
              : undefined
          }
        />,
      );
    };

    scope.get<{ Params: { id: string }; Querystring: { done?: string } }>(
      "/articles/:id/workflow",
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) throw new NotFoundError("article", request.params.id);
        return renderWorkflowPage(request, reply, id);
      },
    );

    registerCorrectionRoutes(scope, context, { events: options.events, renderWorkflowPage });

    // Unpublish and Delete ask first: this page says what will happen, and its form confirms.
    scope.get<{ Params: { id: string; transition: string } }>(
      "/articles/:id/workflow/:transition",
      async (request, reply) => {
        const id = idParam(request.params.id);
        const { transition } = request.params;
        if (id === undefined || !isDestructiveMove(transition)) return reply.callNotFound();
        const user = currentUser(request);
        const loaded = await loadArticleForReading(context.db, user, id);
        if (!workflow.allowedTransitions(user, loaded).includes(transition)) {
          return reply.redirect(`/newsroom/articles/${id}/workflow`, 303);
        }
        return context.pages.render(
          request,
          reply,
          {
            title: `Confirm: ${loaded.article.title}`,
            current: "articles",
            stylesheets: [deskStylesheetPath],
          },
          <ConfirmMovePage
            articleId={id}
            title={loaded.article.title}
            move={transition}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post<{ Params: { id: string; transition: string } }>(
      "/articles/:id/workflow/:transition",
      async (request, reply) => {
        const id = idParam(request.params.id);
        const transition = request.params.transition as Transition;
        if (id === undefined || !TRANSITIONS.has(transition)) return reply.callNotFound();
        const user = currentUser(request);
        // Not confirmed on the page that says what it does: ask there first.
        if (isDestructiveMove(transition) && !isConfirmed(request.body)) {
          return reply.redirect(`/newsroom/articles/${id}/workflow/${transition}`, 303);
        }
        switch (transition) {
          case "submit":
            await workflow.submitForReview(user, id, request.ip);
            break;
          case "return":
            await workflow.returnToDraft(user, id, request.ip);
            break;
          case "publish":
            await workflow.publish(user, id, request.ip);
            break;
          case "schedule": {
            const { article } = await loadArticleForPolicy(context.db, id);
            const local = formText(request.body, "at");
            if (local === "") throw new ValidationError("at", "choose the date and time to publish at");
            const at = zonedLocalToIso("at", local, timeZoneOf(article.edition));
            await workflow.schedule(user, id, at, request.ip);
            break;
          }
          case "unpublish":
            await workflow.unpublish(user, id, request.ip);
            break;
          case "delete":
            await workflow.delete(user, id, request.ip);
            return reply.redirect("/newsroom?done=deleted", 303);
        }
        return reply.redirect(`/newsroom/articles/${id}/workflow?done=${transition}`, 303);
      },
    );

    scope.get("/review", async (request, reply) =>
      context.pages.render(
        request,
        reply,
        { title: "Review queue", current: "review" },
        <ReviewQueuePage
          items={await reviewQueue(context.db, currentUser(request))}
          pendingEdits={await allPendingEdits(context.db)}
        />,
      ),
    );
  };
}
