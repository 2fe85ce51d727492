import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../shared/errors.ts";
import { type SourceForm, SourceManager } from "../../sources/source-manager.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { SourcePage } from "./views/source-page.tsx";
import { SourcesPage, sourceUrl } from "./views/sources-page.tsx";

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  created: "The source has been added.",
  saved: "The source has been saved.",
  deleted: "The source has been deleted.",
  merged: "The sources have been merged: their stories are attributed to this one.",
};

type Extra = { status?: number; form?: SourceForm; error?: string; notice?: string | null };

function refusalOf(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof ValidationError || error instanceof ConflictError) {
    return { status: error.status, message: error.message };
  }
  return undefined;
}

function sourceForm(body: unknown): SourceForm {
  return { name: formText(body, "name"), shortName: formText(body, "shortName"), url: formText(body, "url") };
}

/** The sources pages, /newsroom/sources (editors and admins; the SourceManager checks the role). */
export function registerSourceManager(options: { events: ContentEvents }) {
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const manager = new SourceManager(context.db, options.events);
    const idOf = (value: string | undefined, field = "source") => {
      const id = idParam(value);
      if (id === undefined && field === "source") throw new NotFoundError("source", value ?? "");
      if (id === undefined) throw new ValidationError(field, "choose a source from the list");
      return id;
    };
    const page = (title: string, status = 200) => ({ title, current: "sources" as const, status });

    const renderList = async (request: FastifyRequest, reply: FastifyReply, extra: Extra) =>
      context.pages.render(
        request,
        reply,
        page("Sources", extra.status),
        <SourcesPage
          sources={await manager.list(currentUser(request))}
          csrf={csrfToken(request)}
          form={extra.form}
          error={extra.error}
          notice={extra.notice}
        />,
      );

    const renderSource = async (
      request: FastifyRequest,
      reply: FastifyReply,
      sourceId: number,
      extra: Extra,
    ) => {
      const user = currentUser(request);
      const source = await manager.get(user, sourceId);
      return context.pages.render(
        request,
        reply,
        page(`Source: ${source.name}`, extra.status),
        <SourcePage
          source={source}
          sources={await manager.list(user)}
          csrf={csrfToken(request)}
          form={extra.form}
          error={extra.error}
          notice={extra.notice}
        />,
      );
    };

    scope.get("/sources", { schema: { querystring: QueryOf("done") } }, async (request, reply) =>
      renderList(request, reply, { notice: DONE[request.query.done ?? ""] ?? null }),
    );

    scope.post("/sources", { schema: { querystring: NoQuery, body: FormBody } }, async (request, reply) => {
      const form = sourceForm(request.body);
      try {
        const source = await manager.create(currentUser(request), form, { ip: request.ip });
        return reply.redirect(`${sourceUrl(source.id)}?done=created`, 303);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        return renderList(request, reply, { status: refusal.status, form, error: refusal.message });
      }
    });

    scope.get(
      "/sources/:id",
      { schema: { params: IdParams("id"), querystring: QueryOf("done") } },
      async (request, reply) =>
        renderSource(request, reply, idOf(request.params.id), {
          notice: DONE[request.query.done ?? ""] ?? null,
        }),
    );

    scope.post(
      "/sources/:id",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const sourceId = idOf(request.params.id);
        const form = sourceForm(request.body);
        try {
          await manager.update(currentUser(request), sourceId, form, { ip: request.ip });
        } catch (error) {
          const refusal = refusalOf(error);
          if (!refusal) throw error;
          return renderSource(request, reply, sourceId, {
            status: refusal.status,
            form,
            error: refusal.message,
          });
        }
        return reply.redirect(`${sourceUrl(sourceId)}?done=saved`, 303);
      },
    );

    scope.get(
      "/sources/:id/delete",
      { schema: { params: IdParams("id"), querystring: NoQuery } },
      async (request, reply) => {
        const sourceId = idOf(request.params.id);
        const source = await manager.get(currentUser(request), sourceId);
        return context.pages.render(
          request,
          reply,
          page("Delete the source?"),
          <ConfirmPage
            heading={`Delete “${source.name}”?`}
            subject={source.name}
            text="The source is removed from the list; no story is attributed to it. This cannot be undone."
            action={`${sourceUrl(sourceId)}/delete`}
            button="Yes, delete it"
            danger
            back={sourceUrl(sourceId)}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post(
      "/sources/:id/delete",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const sourceId = idOf(request.params.id);
        if (!isConfirmed(request.body)) return reply.redirect(`${sourceUrl(sourceId)}/delete`, 303);
        try {
          await manager.delete(currentUser(request), sourceId, { ip: request.ip });
        } catch (error) {
          const refusal = refusalOf(error);
          if (!refusal) throw error;
          return renderSource(request, reply, sourceId, { status: refusal.status, error: refusal.message });
        }
        return reply.redirect("/newsroom/sources?done=deleted", 303);
      },
    );

    scope.get(
      "/sources/:id/merge",
      { schema: { params: IdParams("id"), querystring: QueryOf("into") } },
      async (request, reply) => {
        const user = currentUser(request);
        const sourceId = idOf(request.params.id);
        const intoId = idOf(request.query.into, "into");
        const from = await manager.get(user, sourceId);
        const into = await manager.get(user, intoId).catch((error: unknown) => {
          if (error instanceof NotFoundError)
            throw new ValidationError("into", `there is no source ${intoId}`);
          throw error;
        });
        const stories = from.storyCount === 1 ? "1 story" : `${from.storyCount} stories`;
        return context.pages.render(
          request,
          reply,
          page("Merge the sources?"),
          <ConfirmPage
            heading={`Merge “${from.name}” into “${into.name}”?`}
            subject={`${from.name} → ${into.name}`}
            text={`${stories} will be attributed to “${into.name}”, and “${from.name}” is deleted. This cannot be undone.`}
            action={`${sourceUrl(sourceId)}/merge?into=${intoId}`}
            button="Yes, merge them"
            danger
            back={sourceUrl(sourceId)}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post(
      "/sources/:id/merge",
      { schema: { params: IdParams("id"), querystring: QueryOf("into"), body: FormBody } },
      async (request, reply) => {
        const sourceId = idOf(request.params.id);
        const intoId = idOf(request.query.into, "into");
        if (!isConfirmed(request.body))
          return reply.redirect(`${sourceUrl(sourceId)}/merge?into=${intoId}`, 303);
        await manager.merge(currentUser(request), sourceId, intoId, { ip: request.ip });
        return reply.redirect(`${sourceUrl(intoId)}?done=merged`, 303);
      },
    );
  };
}
