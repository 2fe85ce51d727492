import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { can } from "../../accounts/authorization/policy.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import type { LiveService, LiveUpdateInput } from "../../live/live-service.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { LiveDeskPage, liveDeskUrl } from "./live-desk-page.tsx";

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  posted: "The update is out: open pages show it within a second.",
  saved: "The update has been changed on every open page.",
  deleted: "The update has been deleted.",
  started: "The story is live: its pages show the updates and the front page marks it.",
  ended: "Live coverage has ended; the updates stay on the page.",
};

/**
 * The newsroom's live page of one edition's article, /newsroom/live/<article-id>: start or end the
 * story's coverage, post updates, edit and delete them. Plain forms, no script; the LiveService
 * checks who may (editors; translators in their editions; starting and ending is editors').
 */
export function registerLiveDesk(options: { live: LiveService }) {
  const { live } = options;
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const idOf = (value: string | undefined, what: string) => {
      const id = idParam(value);
      if (id === undefined) throw new NotFoundError(what, value ?? "");
      return id;
    };

    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      articleId: number,
      extra: { status?: number; error?: string; notice?: string | null; text?: string } = {},
    ) => {
      const user = currentUser(request);
      const desk = await live.desk(user, articleId);
      return context.pages.render(
        request,
        reply,
        { title: `Live: ${desk.article.title}`, status: extra.status ?? 200 },
        <LiveDeskPage
          desk={desk}
          mayManage={can(user, "live.manage")}
          csrf={csrfToken(request)}
          error={extra.error}
          notice={extra.notice ?? null}
          text={extra.text ?? ""}
        />,
      );
    };

    scope.get(
      "/live/:articleId",
      { schema: { params: IdParams("articleId"), querystring: QueryOf("done") } },
      async (request, reply) =>
        render(request, reply, idOf(request.params.articleId, "article"), {
          notice: DONE[request.query.done ?? ""] ?? null,
        }),
    );

    scope.post(
      "/live/:articleId/coverage",
      { schema: { params: IdParams("articleId"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const articleId = idOf(request.params.articleId, "article");
        const on = formText(request.body, "live") === "on";
        await live.setCoverage(currentUser(request), articleId, on, { ip: request.ip });
        return reply.redirect(`${liveDeskUrl(articleId)}?done=${on ? "started" : "ended"}`, 303);
      },
    );

    scope.post(
      "/live/:articleId/updates",
      { schema: { params: IdParams("articleId"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const articleId = idOf(request.params.articleId, "article");
        const input = inputOf(request.body);
        try {
          const update = await live.post(currentUser(request), articleId, input, { ip: request.ip });
          return reply.redirect(`${liveDeskUrl(articleId)}?done=posted#update-${update.id}`, 303);
        } catch (error) {
          if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
          return render(request, reply, articleId, { status: 400, error: error.message, text: input.text });
        }
      },
    );

    scope.post(
      "/live/updates/:id",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const updateId = idOf(request.params.id, "live update");
        const update = await live.update(updateId);
        try {
          await live.edit(currentUser(request), updateId, inputOf(request.body), { ip: request.ip });
          return reply.redirect(`${liveDeskUrl(update.articleId)}?done=saved`, 303);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return render(request, reply, update.articleId, { status: 400, error: error.message });
        }
      },
    );

    scope.post(
      "/live/updates/:id/delete",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const updateId = idOf(request.params.id, "live update");
        const update = await live.update(updateId);
        await live.remove(currentUser(request), updateId, { ip: request.ip });
        return reply.redirect(`${liveDeskUrl(update.articleId)}?done=deleted`, 303);
      },
    );
  };
}

function inputOf(body: unknown): LiveUpdateInput {
  return {
    text: formText(body, "text"),
    pinned: formText(body, "pinned") === "on",
    keyEvent: formText(body, "keyEvent") === "on",
  };
}
