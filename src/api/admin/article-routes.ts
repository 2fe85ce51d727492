import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { assertCan } from "../../accounts/authorization/policy.ts";
import { changeContent } from "../../content/unit-of-work.ts";
import type { Db } from "../../db/database.ts";
import type { MediaStore } from "../../media/media-store.ts";
import { ArticleEditorService } from "../../newsroom/editor/editor-service.ts";
import { editPicture } from "../../newsroom/media/picture-edit.ts";
import { TranslationService } from "../../newsroom/translations/translation-service.ts";
import type { WorkflowService } from "../../newsroom/workflow/workflow-service.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { EditConflictError, ValidationError } from "../../shared/errors.ts";
import { requiredText } from "../../shared/validate.ts";
import { problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";
import {
  type AdminArticleView,
  adminArticle,
  bodyOfInput,
  etagOf,
  PreconditionFailedError,
  tagIdsOfKeys,
  versionOfIfMatch,
} from "./admin-articles.ts";
import {
  ADMIN_OPERATION,
  type ArticleChanges,
  ArticleIdParams,
  type NewStory,
  type NewTranslation,
  NoFields,
  type ScheduleRequest,
} from "./admin-schemas.ts";
import { apiActor } from "./bearer-auth.ts";

export interface ArticleRouteDeps {
  db: Db;
  events: ContentEvents | undefined;
  workflow: WorkflowService;
  mediaStore: MediaStore;
  editionCodes: readonly string[];
}

const ArticleRef = Type.Ref("AdminArticle");
const Article = { 200: ArticleRef };
const WRITE_PROBLEMS = problemResponses(400, 401, 403, 404, 409, 413, 415, 429);

/** Where an article is read back: the Location of a created one. */
export function adminArticlePath(id: number): string {
  return `/api/v1/admin/articles/${id}`;
}

/** 201 with where the new article is read back and its version. */
function answerCreated(reply: FastifyReply, article: AdminArticleView): FastifyReply {
  return reply
    .code(201)
    .header("location", adminArticlePath(article.id))
    .header("etag", etagOf(article.version))
    .send(article);
}

/**
 * Stories, translations, edits and workflow moves: each calls the newsroom's own services (the
 * article editor, translations, workflow) with the token's user as the actor, so the same policy,
 * unit of work, purges and audit entries apply as in the newsroom.
 */
export function articleRoutes(scope: ApiScope, deps: ArticleRouteDeps): void {
  const editor = new ArticleEditorService(deps.db, deps.events);
  const common = ADMIN_OPERATION;

  scope.post(
    "/v1/stories",
    {
      schema: {
        ...common,
        operationId: "createStory",
        summary: "Create a story with its first article",
        description:
          "A new story and its original article, as a draft owned by the token's user (contributors, editors, admins).",
        body: Type.Ref("NewStory") as unknown as typeof NewStory,
        response: { 201: ArticleRef, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const actor = apiActor(request);
      const input = request.body;
      // Refused before anything is looked up, as the newsroom's editor does.
      assertCan(actor, "article.create", { edition: input.edition });
      const body = bodyOfInput(input.body);
      const tagIds = await tagIdsOfKeys(deps.db, input.tags);
      const saved = await editor.create(actor, {
        edition: input.edition,
        title: input.title,
        ...(input.dek !== undefined ? { summary: input.dek } : {}),
        ...(body !== undefined ? { body } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
        ...(tagIds !== undefined ? { tagIds } : {}),
        ...(input.authorIds !== undefined ? { authorIds: input.authorIds } : {}),
        ...(input.heroMediaId !== undefined ? { heroMediaId: input.heroMediaId } : {}),
      });
      return answerCreated(reply, await adminArticle(deps.db, actor, saved.id));
    },
  );

  scope.post(
    "/v1/stories/:id/articles",
    {
      schema: {
        ...common,
        operationId: "createTranslation",
        summary: "Add a translation of a story",
        description:
          "The story's article in another edition, as a draft (editors, admins, and translators in their editions).",
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        body: Type.Ref("NewTranslation") as unknown as typeof NewTranslation,
        response: { 201: ArticleRef, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const actor = apiActor(request);
      const input = request.body;
      assertCan(actor, "translation.create", { edition: input.edition });
      // Everything the save checks of the text is checked first: a refused one starts no draft.
      requiredText("title", input.title, 300);
      const body = bodyOfInput(input.body);
      if (input.slug !== undefined) {
        const check = await editor.checkSlug(input.edition, input.slug, null);
        if (!check.available) throw new ValidationError("slug", check.message ?? "is taken");
      }
      // One unit: the draft started from the original and the text saved over it commit together,
      // so a save refused (a figure showing no picture, a slug taken meanwhile) leaves no draft.
      const saved = await changeContent(deps.db, deps.events, async (trx) => {
        const started = await new TranslationService(trx).start(actor, request.params.id, input.edition);
        return new ArticleEditorService(trx, deps.events).save(actor, started.id, {
          baseRevisionId: started.revisionId,
          title: input.title,
          ...(input.dek !== undefined ? { summary: input.dek } : {}),
          ...(body !== undefined ? { body } : {}),
          ...(input.slug !== undefined ? { slug: input.slug } : {}),
        });
      });
      return answerCreated(reply, await adminArticle(deps.db, actor, saved.id));
    },
  );

  scope.get(
    "/v1/admin/articles/:id",
    {
      schema: {
        ...common,
        operationId: "getArticleForEditing",
        summary: "Read an article to edit it",
        description:
          "Any article the token's user may read, whatever its status; `version` (also the ETag) goes in If-Match to edit it.",
        params: ArticleIdParams,
        response: { ...Article, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const article = await adminArticle(deps.db, apiActor(request), request.params.id);
      return reply.header("etag", etagOf(article.version)).header("cache-control", "no-store").send(article);
    },
  );

  scope.patch(
    "/v1/articles/:id",
    {
      schema: {
        ...common,
        operationId: "updateArticle",
        summary: "Edit an article",
        description:
          'Changes the fields sent, as a new revision, if the article is still at the version in If-Match ("<version>"): 428 without it, 412 when someone saved since.',
        params: ArticleIdParams,
        headers: Type.Object({ "if-match": Type.Optional(Type.String({ maxLength: 100 })) }),
        body: Type.Ref("ArticleChanges") as unknown as typeof ArticleChanges,
        response: { ...Article, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 428, 429) },
      },
    },
    async (request, reply) => {
      const actor = apiActor(request);
      const id = request.params.id;
      const version = versionOfIfMatch(request.headers["if-match"]);
      const input = request.body;
      const body = bodyOfInput(input.body);
      const tagIds = await tagIdsOfKeys(deps.db, input.tags);
      // The editor's own check first, so a refusal names the edit rule (the save checks it again).
      const { article: before, story } = await editor.openForEditing(actor, id);
      const heroMediaId = input.heroMediaId !== undefined ? input.heroMediaId : story.heroMediaId;
      if (input.caption !== undefined && heroMediaId === null) {
        throw new ValidationError("caption", "the story has no hero picture to caption; set heroMediaId");
      }
      let saved: Awaited<ReturnType<typeof editor.save>>;
      try {
        saved = await editor.save(
          actor,
          id,
          {
            baseRevisionId: version,
            ...(input.title !== undefined ? { title: input.title } : {}),
            ...(input.dek !== undefined ? { summary: input.dek } : {}),
            ...(body !== undefined ? { body } : {}),
            ...(input.slug !== undefined ? { slug: input.slug } : {}),
            ...(tagIds !== undefined ? { tagIds } : {}),
            ...(input.heroMediaId !== undefined ? { heroMediaId: input.heroMediaId } : {}),
          },
          request.ip,
        );
      } catch (error) {
        if (error instanceof EditConflictError) {
          throw new PreconditionFailedError(
            `The article changed since version ${version}: it is now at version ${String(error.details.currentRevisionId)}. Read it again (GET ${adminArticlePath(id)}), apply your changes and send the new version in If-Match.`,
            error.details,
          );
        }
        throw error;
      }
      if (input.caption !== undefined && heroMediaId !== null) {
        // The picture's caption is the media library's edit: its own policy, unit and audit entry.
        await editPicture(
          { db: deps.db, mediaStore: deps.mediaStore, editions: deps.editionCodes, events: deps.events },
          actor,
          heroMediaId,
          { texts: { [before.edition]: { caption: input.caption } } },
          { ip: request.ip },
        );
      }
      const article = await adminArticle(deps.db, actor, id);
      return reply
        .header("etag", etagOf(article.version))
        .send({ ...article, pendingSince: saved.pendingSince });
    },
  );

  const moves = [
    [
      "submit",
      "submitArticle",
      "Send an article to review",
      (a, id, ip) => deps.workflow.submitForReview(a, id, ip),
    ],
    ["publish", "publishArticle", "Publish an article now", (a, id, ip) => deps.workflow.publish(a, id, ip)],
    [
      "unpublish",
      "unpublishArticle",
      "Take an article away from readers",
      (a, id, ip) => deps.workflow.unpublish(a, id, ip),
    ],
  ] as const satisfies readonly (readonly [
    string,
    string,
    string,
    (actor: ReturnType<typeof apiActor>, id: number, ip: string) => Promise<unknown>,
  ])[];
  for (const [move, operationId, summary, run] of moves) {
    scope.post(
      `/v1/articles/:id/${move}`,
      {
        schema: {
          ...common,
          operationId,
          summary,
          description: "The newsroom's workflow move, with its rules per role; audited.",
          params: ArticleIdParams,
          body: NoFields,
          response: { ...Article, ...problemResponses(400, 401, 403, 404, 409, 429) },
        },
      },
      async (request) => {
        const actor = apiActor(request);
        await run(actor, request.params.id, request.ip);
        return adminArticle(deps.db, actor, request.params.id);
      },
    );
  }

  scope.post(
    "/v1/articles/:id/schedule",
    {
      schema: {
        ...common,
        operationId: "scheduleArticle",
        summary: "Schedule an article's publication",
        description: "Readers see it from `at` on (editors and admins); audited.",
        params: ArticleIdParams,
        body: Type.Ref("ScheduleRequest") as unknown as typeof ScheduleRequest,
        response: { ...Article, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request) => {
      const actor = apiActor(request);
      await deps.workflow.schedule(actor, request.params.id, request.body.at, request.ip);
      return adminArticle(deps.db, actor, request.params.id);
    },
  );
}
