import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { assertCan, can } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { EmbedService } from "../../embeds/embed-service.ts";
import { negotiateEncoding } from "../../http/compression.ts";
import { IMMUTABLE } from "../../http/hashed-asset.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import type { RelatedService } from "../../related/related-service.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { TribuneError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formList, formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";
import { loadArticleForPolicy } from "../workflow/article-access.ts";
import { WORKFLOW_DONE } from "../workflow/views/workflow-page.tsx";
import type { WorkflowPanelProps } from "../workflow/views/workflow-panel.tsx";
import { workflowPanelData } from "../workflow/workflow-panel-data.ts";
import { WorkflowService } from "../workflow/workflow-service.ts";
import { registerEditorApi } from "./editor-api.ts";
import { type BootContext, editorBootForArticle, editorBootForNew } from "./editor-boot.ts";
import { type EditorBundle, editorBundle } from "./editor-bundle.ts";
import { ArticleEditorService, editUrl } from "./editor-service.ts";
import type { EditorBoot, EditorFields } from "./editor-types.ts";
import { isPlainBody, plainTextToBody } from "./plain-body.ts";
import { EditorPage } from "./views/editor-page.tsx";

export interface ArticleEditorDeps {
  db: Db;
  editions: Editions;
  related: RelatedService;
  /** The app's ContentEvents: saving a published article refreshes what readers see. */
  events?: ContentEvents | undefined;
  /** Embedded posts and videos: fetched once when the editor adds one. */
  embeds: EmbedService;
  /** Told when the bundle cannot be cached on disk. */
  log?: (message: string) => void;
}

/**
 * The article editor: pages at /newsroom/articles/new and /newsroom/articles/:id/edit (plain forms
 * that work without JavaScript), its JSON API under /newsroom/api (see editor-api.ts), and the client
 * bundle, built or read from its cache now, at start, and served at hashed, immutable /assets URLs.
 */
export async function registerArticleEditor(
  plainApp: FastifyInstance,
  deps: ArticleEditorDeps,
): Promise<NewsroomFeature> {
  const app = plainApp.withTypeProvider<TypeBoxTypeProvider>();
  const bundle = await editorBundle(deps.log ? { log: deps.log } : {});
  for (const asset of [bundle.script, bundle.stylesheet]) {
    app.get(asset.path, { schema: { querystring: NoQuery } }, async (request, reply) => {
      // Compressed when built: the compression hook leaves a body with a Content-Encoding alone.
      const coding = negotiateEncoding(request.headers["accept-encoding"]);
      reply.type(asset.type).header("cache-control", IMMUTABLE);
      if (!coding) return reply.header("etag", `"${asset.hash}"`).send(asset.body);
      return reply
        .header("content-encoding", coding)
        .header("etag", `"${asset.hash}-${coding}"`)
        .send(asset.encoded[coding]);
    });
  }
  return (scope, context) => registerEditorRoutes(scope, context, deps, bundle);
}

function registerEditorRoutes(
  plainScope: FastifyInstance,
  context: NewsroomContext,
  deps: ArticleEditorDeps,
  bundle: EditorBundle,
): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  const { db, editions } = deps;
  const service = new ArticleEditorService(db, deps.events);
  const boots: BootContext = { db, service, defaultEdition: editions.default.code };
  const workflow = new WorkflowService(db, deps.events);
  /** The side panel's workflow: the article's status and the moves the user may make from here. */
  const workflowOf = async (request: FastifyRequest, articleId: number) => {
    const loaded = await loadArticleForPolicy(db, articleId);
    const timeZone = editions.find(loaded.article.edition)?.timeZone ?? "UTC";
    return workflowPanelData(db, workflow, currentUser(request), loaded, timeZone, csrfToken(request));
  };
  const assets = { scripts: [bundle.script.path], stylesheets: [bundle.stylesheet.path] };

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    boot: EditorBoot,
    extra: {
      status?: number;
      error?: TribuneError | null;
      notice?: string | null;
      bodyText?: string;
      workflow?: WorkflowPanelProps | null;
    } = {},
  ) => {
    const isNew = boot.article.id === null;
    return context.pages.render(
      request,
      reply,
      {
        title: isNew ? "New story" : `Edit: ${boot.article.title}`,
        current: "articles",
        status: extra.status ?? 200,
        ...assets,
      },
      <EditorPage
        boot={boot}
        csrf={csrfToken(request)}
        action={isNew ? "/newsroom/articles/new" : editUrl(boot.article.id ?? 0)}
        editionChoices={isNew ? editions.codes() : undefined}
        error={extra.error ? { message: extra.error.message, field: fieldOf(extra.error) } : null}
        notice={extra.notice ?? null}
        workflow={extra.workflow ?? null}
        liveHref={
          !isNew && can(currentUser(request), "live.manage") ? `/newsroom/live/${boot.article.id}` : null
        }
        {...(extra.bodyText !== undefined ? { bodyText: extra.bodyText } : {})}
      />,
    );
  };

  scope.get("/articles/new", { schema: { querystring: QueryOf("edition") } }, async (request, reply) => {
    const actor = currentUser(request);
    assertCan(actor, "article.create");
    const edition = editions.find(request.query.edition ?? "")?.code ?? editions.default.code;
    return render(request, reply, await editorBootForNew(boots, actor, edition));
  });

  scope.post(
    "/articles/new",
    { schema: { querystring: QueryOf("edition"), body: FormBody } },
    async (request, reply) => {
      const actor = currentUser(request);
      const edition = editions.find(formText(request.body, "edition"))?.code ?? editions.default.code;
      const bodyText = formText(request.body, "bodyText");
      try {
        const fields = fieldsFromForm(request.body, { bodyEditable: true });
        const saved = await service.create(actor, { ...fields, edition, title: fields.title ?? "" });
        return reply.redirect(`${saved.editUrl}?saved=1`, 303);
      } catch (error) {
        if (!(error instanceof TribuneError) || error.status >= 500 || error.status === 403) throw error;
        const boot = await editorBootForNew(boots, actor, edition);
        overlayForm(boot, request.body);
        return render(request, reply, boot, { status: error.status, error, bodyText });
      }
    },
  );

  scope.get(
    "/articles/:id/edit",
    { schema: { params: IdParams("id"), querystring: QueryOf("saved", "done") } },
    async (request, reply) => {
      const articleId = idParam(request.params.id);
      if (articleId === undefined) return reply.callNotFound();
      const actor = currentUser(request);
      const editable = await service.openForEditing(actor, articleId);
      const boot = await editorBootForArticle(boots, actor, editable);
      const notice =
        savedNotice(request.query.saved, editable.revisionNumber) ??
        (request.query.done ? (WORKFLOW_DONE[request.query.done] ?? null) : null);
      return render(request, reply, boot, { notice, workflow: await workflowOf(request, articleId) });
    },
  );

  scope.post(
    "/articles/:id/edit",
    { schema: { params: IdParams("id"), querystring: QueryOf("saved", "done"), body: FormBody } },
    async (request, reply) => {
      const articleId = idParam(request.params.id);
      if (articleId === undefined) return reply.callNotFound();
      const actor = currentUser(request);
      const editable = await service.openForEditing(actor, articleId);
      const bodyText = formText(request.body, "bodyText");
      try {
        const bodyEditable = isPlainBody(JSON.parse(editable.article.body) as BodyDocument);
        const fields = fieldsFromForm(request.body, { bodyEditable });
        const baseRevisionId = baseRevisionFromForm(formText(request.body, "baseRevisionId"));
        const saved = await service.save(actor, articleId, { ...fields, baseRevisionId }, request.ip);
        return reply.redirect(`${saved.editUrl}?saved=${saved.pendingSince ? "pending" : "1"}`, 303);
      } catch (error) {
        if (!(error instanceof TribuneError) || error.status >= 500 || error.status === 403) throw error;
        const boot = await editorBootForArticle(boots, actor, await service.openForEditing(actor, articleId));
        overlayForm(boot, request.body);
        const workflow = await workflowOf(request, articleId);
        return render(request, reply, boot, { status: error.status, error, bodyText, workflow });
      }
    },
  );

  registerEditorApi(scope, { db, editions, related: deps.related, service, boots, embeds: deps.embeds });
}

/** What the page says after a save without script redirected to it. */
function savedNotice(saved: string | undefined, revisionNumber: number): string | null {
  if (saved === "1") return `Saved: revision ${revisionNumber}.`;
  if (saved === "pending")
    return "Saved for an editor's approval: readers see the published text until then.";
  return null;
}

/** The field a refusal concerns (under which the page shows it), if it names one. */
function fieldOf(error: TribuneError): string | undefined {
  if (error.code === "SLUG_TAKEN") return "slug";
  const field = error.details.field;
  return typeof field === "string" ? field : undefined;
}

/** The editor's fields from a form post; a field the form did not carry is left out (kept as it is). */
export function fieldsFromForm(body: unknown, options: { bodyEditable: boolean }): Partial<EditorFields> {
  const fields: Partial<EditorFields> = {};
  const has = (name: string) =>
    body !== null && typeof body === "object" && Object.hasOwn(body as Record<string, unknown>, name);
  const optionalId = (name: string): number | null => {
    const text = formText(body, name).trim();
    if (text === "") return null;
    const id = idParam(text);
    if (id === undefined) throw new ValidationError(name, `"${text.slice(0, 20)}" is not an id`);
    return id;
  };
  if (has("title")) fields.title = formText(body, "title");
  const slug = formText(body, "slug").trim();
  if (slug !== "") fields.slug = slug;
  if (has("summary")) fields.summary = formText(body, "summary");
  if (options.bodyEditable && has("bodyText")) fields.body = plainTextToBody(formText(body, "bodyText"));
  if (has("authorId")) fields.authorId = optionalId("authorId");
  if (has("bylinesOnForm")) {
    fields.authorIds = formList(body, "authorIds").map((value) => {
      const id = idParam(value);
      if (id === undefined)
        throw new ValidationError("authorIds", `"${value.slice(0, 20)}" is not an author id`);
      return id;
    });
  }
  if (has("sourceId")) fields.sourceId = optionalId("sourceId");
  if (has("heroMediaId")) fields.heroMediaId = optionalId("heroMediaId");
  if (has("tagsOnForm")) {
    fields.tagIds = formList(body, "tagIds").map((value) => {
      const id = idParam(value);
      if (id === undefined) throw new ValidationError("tagIds", `"${value.slice(0, 20)}" is not a tag id`);
      return id;
    });
  }
  return fields;
}

/** The form's hidden base revision: empty for an article never saved, else its id (or a 400). */
function baseRevisionFromForm(text: string): number | null {
  if (text.trim() === "") return null;
  const id = idParam(text.trim());
  if (id === undefined) {
    throw new ValidationError(
      "baseRevisionId",
      "must be the id of the revision the form was opened on; reload the page and apply your changes again",
    );
  }
  return id;
}

/** Puts what was typed back into a form shown again after a refusal. */
function overlayForm(boot: EditorBoot, body: unknown): void {
  const { article } = boot;
  article.title = formText(body, "title");
  article.slug = formText(body, "slug");
  article.summary = formText(body, "summary");
}
