import { Type } from "typebox";
import type { ModerationQueue } from "../../comments/moderation/moderation-queue.ts";
import type { ModerationService } from "../../comments/moderation/moderation-service.ts";
import type { Db } from "../../db/database.ts";
import type { Editions } from "../../editions/edition-service.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { EditionCode, problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";
import { ADMIN_OPERATION, NoFields } from "./admin-schemas.ts";
import { apiActor } from "./bearer-auth.ts";

export interface CommentRouteDeps {
  db: Db;
  editions: Editions;
  queue: ModerationQueue;
  moderation: ModerationService;
}

const QueueItem = Type.Ref("AdminComment");

/** Comment moderation through the newsroom's queue and moderation service (editors, admins). */
export function commentRoutes(scope: ApiScope, deps: CommentRouteDeps): void {
  const common = ADMIN_OPERATION;

  scope.get(
    "/v1/admin/comments",
    {
      schema: {
        ...common,
        operationId: "listCommentsToModerate",
        summary: "List comments waiting for moderation",
        description: "A moderation queue of one edition, 50 a page: pending oldest first, flagged, or spam.",
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal("pending"), Type.Literal("flagged"), Type.Literal("spam")]),
            ),
            edition: Type.Optional(EditionCode),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            comments: Type.Array(QueueItem),
            total: Type.Integer(),
            page: Type.Integer(),
            pageCount: Type.Integer(),
          }),
          ...problemResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { status = "pending", edition, page = 1 } = request.query;
      const code = edition === undefined ? deps.editions.default.code : deps.editions.get(edition).code;
      const queue = await deps.queue.queue(apiActor(request), code, status, page);
      return {
        comments: queue.items.map((item) => ({
          id: item.id,
          status: item.status,
          authorName: item.authorName,
          body: item.body,
          createdAt: item.createdAt,
          flagsCount: item.flagsCount,
          article: { id: item.article.id, edition: item.article.edition, title: item.article.title },
        })),
        total: queue.total,
        page: queue.page,
        pageCount: queue.pageCount,
      };
    },
  );

  for (const action of ["approve", "reject"] as const) {
    scope.post(
      `/v1/comments/:id/${action}`,
      {
        schema: {
          ...common,
          operationId: `${action}Comment`,
          summary: action === "approve" ? "Approve a comment" : "Reject a comment",
          description: "The moderator's action, audited; readers' pages showing the thread are refreshed.",
          params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
          body: NoFields,
          response: {
            200: Type.Object({ id: Type.Integer(), status: Type.String() }),
            ...problemResponses(400, 401, 403, 404, 429),
          },
        },
      },
      async (request) => {
        const id = request.params.id;
        const exists = await deps.db
          .selectFrom("comments")
          .select("id")
          .where("id", "=", id)
          .executeTakeFirst();
        if (!exists) throw new NotFoundError("comment", id);
        await deps.moderation.moderate(apiActor(request), [id], action, { ip: request.ip });
        const row = await deps.db
          .selectFrom("comments")
          .select("status")
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        return { id, status: row.status };
      },
    );
  }
}
