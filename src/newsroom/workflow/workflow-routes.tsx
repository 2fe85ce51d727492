import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { type Actor, can } from "../../accounts/authorization/policy.ts";
import { listCorrections } from "../../articles/corrections.ts";
import { allPendingEdits } from "../../articles/pending-edits.ts";
import type { Db } from "../../db/database.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { IdParams, NoQuery, ParamsOf, PathWord, QueryOf, RowIdText } from "../../http/route-schemas.ts";
import type { Mailer } from "../../mail/mailer.ts";
import type { SiteIdentity } from "../../settings/site-settings.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { zonedLocalToIso } from "../../shared/time-zone.ts";
import { BULK_ACTIONS, bulkActionFrom, bulkIdsFrom, bulkTitles, runBulk } from "../dashboard/bulk-actions.ts";
import { BulkResultPage } from "../dashboard/views/bulk-result-page.tsx";
import { csrfToken } from "../http/csrf.ts";
import { formList, formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { canEdit, loadArticleForPolicy, loadArticleForReading } from "./article-access.ts";
import { registerCorrectionRoutes, type WorkflowPageRenderer } from "./correction-routes.tsx";
import { deskStylesheetPath } from "./desk-stylesheet.ts";
import { ReviewAlerts } from "./review-alerts.ts";
import { mayWriteNotes, noteFromForm, ReviewNotes } from "./review-notes.ts";
import { reviewQueue } from "./review-queue.ts";
import { ConfirmMovePage, isDestructiveMove } from "./views/confirm-page.tsx";
import { ReviewQueuePage } from "./views/review-queue-page.tsx";
import { WorkflowPage } from "./views/workflow-page.tsx";
import { workflowPanelData } from "./workflow-panel-data.ts";
import { shownStatus, type Transition, WorkflowService } from "./workflow-service.ts";

export interface WorkflowRouteOptions {
  events: ContentEvents;
  editions: Editions;
  /** The reader site's links: a published article's page is linked from its panel. */
  urls: SiteUrls;
  /** The site's name, for the review alerts' words. */
  identity: SiteIdentity;
  /** Editors are told by e-mail when something waits for review; without a mailer, not. */
  mailer?: Mailer | null | undefined;
  publicUrl?: string | undefined;
  onMailError?: ((error: unknown) => void) | undefined;
}

const TRANSITIONS = new Set<Transition>(["submit", "return", "publish", "schedule", "unpublish", "delete"]);

/** The workflow panel of an article, its moves (POST), and the review queue. */
export function registerWorkflowRoutes(options: WorkflowRouteOptions) {
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const alerts = options.mailer
      ? new ReviewAlerts({
          db: context.db,
          mailer: options.mailer,
          publicUrl: options.publicUrl ?? context.publicUrl,
          identity: options.identity,
          ...(options.onMailError ? { onError: options.onMailError } : {}),
        })
      : null;
    const workflow = new WorkflowService(
      context.db,
      options.events,
      alerts ? alerts.submitted.bind(alerts) : undefined,
    );
    const notes = new ReviewNotes(context.db);
    const timeZoneOf = (edition: string) => options.editions.find(edition)?.timeZone ?? "UTC";

    /** The workflow page; `draft` is a refused correction given back, with a 400. */
    const renderWorkflowPage: WorkflowPageRenderer = async (request, reply, id, draft) => {
      const user = currentUser(request);
      const loaded = await loadArticleForReading(context.db, user, id);
      const { article } = loaded;
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
          {...(await workflowPanelData(
            context.db,
            workflow,
            user,
            loaded,
            timeZoneOf(article.edition),
            csrfToken(request),
          ))}
          canNote={mayWriteNotes(user, loaded)}
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

    scope.get(
      "/articles/:id/workflow",
      { schema: { params: IdParams("id"), querystring: QueryOf("done") } },
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) throw new NotFoundError("article", request.params.id);
        return renderWorkflowPage(request, reply, id);
      },
    );

    registerCorrectionRoutes(scope, context, { events: options.events, renderWorkflowPage });

    // Unpublish and Delete ask first: this page says what will happen, and its form confirms.
    scope.get(
      "/articles/:id/workflow/:transition",
      { schema: { params: ParamsOf({ id: RowIdText, transition: PathWord }), querystring: NoQuery } },
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

    scope.post(
      "/articles/:id/workflow/:transition",
      {
        schema: {
          params: ParamsOf({ id: RowIdText, transition: PathWord }),
          querystring: NoQuery,
          body: FormBody,
        },
      },
      async (request, reply) => {
        const id = idParam(request.params.id);
        const transition = request.params.transition as Transition;
        if (id === undefined || !TRANSITIONS.has(transition)) return reply.callNotFound();
        const user = currentUser(request);
        // Not confirmed on the page that says what it does: ask there first.
        if (isDestructiveMove(transition) && !isConfirmed(request.body)) {
          return reply.redirect(`/newsroom/articles/${id}/workflow/${transition}`, 303);
        }
        // A note sent with the move is checked before the move, and kept once the move is made.
        const note =
          transition === "submit" || transition === "return"
            ? noteFromForm(formText(request.body, "note"))
            : null;
        if (transition === "schedule") {
          const { article } = await loadArticleForPolicy(context.db, id);
          const local = formText(request.body, "at");
          if (local === "") throw new ValidationError("at", "choose the date and time to publish at");
          const at = zonedLocalToIso("at", local, timeZoneOf(article.edition));
          await workflow.schedule(user, id, at, request.ip);
        } else {
          await workflow.move(user, id, transition, request.ip, note);
          if (transition === "delete") return reply.redirect("/newsroom/articles?done=deleted", 303);
        }
        return reply.redirect(
          `${await workflowReturn(context.db, user, request.body, id)}?done=${transition}`,
          303,
        );
      },
    );

    // Several articles at once, from the article list; Unpublish and Delete ask first here too.
    scope.post(
      "/articles/bulk",
      { schema: { querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const user = currentUser(request);
        const action = bulkActionFrom(formText(request.body, "action"));
        const ids = bulkIdsFrom(formList(request.body, "ids"));
        if (BULK_ACTIONS[action].asks && !isConfirmed(request.body)) {
          const titles = await bulkTitles(context.db, ids);
          return context.pages.render(
            request,
            reply,
            { title: `Confirm: ${BULK_ACTIONS[action].label}`, current: "articles" },
            <ConfirmPage
              heading={`${BULK_ACTIONS[action].label.replace("…", "")} ${titles.length === 1 ? "1 article" : `${titles.length} articles`}?`}
              subject={
                <ul>
                  {titles.map((article) => (
                    <li key={article.id}>
                      {article.title} <span class="nr-role">{article.edition}</span>
                    </li>
                  ))}
                </ul>
              }
              text={
                action === "delete"
                  ? "They are deleted with their revisions and cannot be brought back; published ones are unpublished first."
                  : "Readers no longer see them; each can be published again from its workflow page."
              }
              action="/newsroom/articles/bulk"
              button={action === "delete" ? "Yes, delete them" : "Yes, unpublish them"}
              danger
              back="/newsroom/articles"
              csrfToken={csrfToken(request)}
              carry={[["action", action], ...ids.map((id): [string, string] => ["ids", String(id)])]}
            />,
          );
        }
        const outcome = await runBulk(context.db, workflow, user, action, ids, request.ip);
        return context.pages.render(
          request,
          reply,
          { title: BULK_ACTIONS[action].label, current: "articles" },
          <BulkResultPage action={action} outcome={outcome} />,
        );
      },
    );

    scope.post(
      "/articles/:id/notes",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) throw new NotFoundError("article", request.params.id);
        await notes.add(currentUser(request), id, formText(request.body, "note"), request.ip);
        return reply.redirect(
          `${await workflowReturn(context.db, currentUser(request), request.body, id)}?done=note`,
          303,
        );
      },
    );

    scope.get("/review", { schema: { querystring: QueryOf("done") } }, async (request, reply) =>
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

/**
 * Where a workflow form leads back to: the editor when it was sent from the editor's side panel
 * (`from=editor`) and the user may still edit the article after the move, else the workflow page.
 */
async function workflowReturn(db: Db, actor: Actor, body: unknown, articleId: number): Promise<string> {
  if (formText(body, "from") === "editor" && canEdit(actor, await loadArticleForPolicy(db, articleId))) {
    return `/newsroom/articles/${articleId}/edit`;
  }
  return `/newsroom/articles/${articleId}/workflow`;
}
