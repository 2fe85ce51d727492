import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../shared/errors.ts";
import { TagManager, type TagNamesForm } from "../../tags/tag-manager.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { TagPage, type TagPageProps } from "./views/tag-page.tsx";
import { tagLabel, tagPath, tagUrl } from "./views/tag-tree.tsx";
import { type NewTagForm, TagsPage } from "./views/tags-page.tsx";

export interface TagManagerOptions {
  /** Every rename, move and merge is announced here (purges, search results). */
  events: ContentEvents;
  editions: Editions;
  urls: SiteUrls;
}

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  created: "The tag has been created.",
  saved: "The names have been saved. Old addresses lead to the new ones.",
  moved: "The tag has been moved.",
  merged: "The tags have been merged: the stories and old addresses now lead here.",
};

const TagIdParams = IdParams("id");

/** Refusals a form answers by showing itself again with what was typed: 400 or 409 with the reason. */
function refusalOf(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof ValidationError || error instanceof ConflictError) {
    return { status: error.status, message: error.message };
  }
  return undefined;
}

/** The tag manager's pages, /newsroom/tags (editors and admins; the TagManager checks the role). */
export function registerTagManager(options: TagManagerOptions) {
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const manager = new TagManager(context.db, options.events);
    const editions = context.editionCodes;
    const tagIdOf = (params: Static<typeof TagIdParams>) => {
      const id = idParam(params.id);
      if (id === undefined) throw new NotFoundError("tag", params.id);
      return id;
    };

    const renderList = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: { status?: number; query?: string; form?: NewTagForm; error?: string; notice?: string | null },
    ) => {
      const tags = await manager.list(currentUser(request));
      return context.pages.render(
        request,
        reply,
        { title: "Tags", current: "tags", status: extra.status ?? 200 },
        <TagsPage
          tags={tags}
          editions={editions}
          query={extra.query ?? ""}
          csrf={csrfToken(request)}
          form={extra.form}
          error={extra.error}
          notice={extra.notice}
        />,
      );
    };

    const renderTag = async (
      request: FastifyRequest,
      reply: FastifyReply,
      tagId: number,
      extra: Pick<TagPageProps, "form" | "error" | "notice"> & { status?: number },
    ) => {
      const user = currentUser(request);
      const tag = await manager.get(user, tagId);
      const tags = await manager.list(user);
      const archives = Object.fromEntries(
        Object.entries(tag.names).flatMap(([code, name]) => {
          const edition = options.editions.find(code);
          return edition ? [[code, options.urls.absolute(edition, options.urls.tagPath(name.slug))]] : [];
        }),
      );
      return context.pages.render(
        request,
        reply,
        { title: `Tag: ${tagLabel(tag)}`, current: "tags", status: extra.status ?? 200 },
        <TagPage
          tag={tag}
          tags={tags}
          editions={editions}
          archives={archives}
          csrf={csrfToken(request)}
          form={extra.form}
          error={extra.error}
          notice={extra.notice}
        />,
      );
    };

    scope.get("/tags", { schema: { querystring: QueryOf("q", "done") } }, async (request, reply) =>
      renderList(request, reply, {
        query: typeof request.query.q === "string" ? request.query.q.slice(0, 200) : "",
        notice: DONE[request.query.done ?? ""] ?? null,
      }),
    );

    scope.post("/tags", { schema: { querystring: NoQuery, body: FormBody } }, async (request, reply) => {
      const form: NewTagForm = {
        kind: formText(request.body, "kind"),
        parentId: formText(request.body, "parentId"),
        names: Object.fromEntries(editions.map((code) => [code, formText(request.body, `name.${code}`)])),
      };
      try {
        const parentId = form.parentId === "" ? null : idParam(form.parentId);
        if (parentId === undefined) throw new ValidationError("parentId", "choose a tag from the list");
        const tag = await manager.create(
          currentUser(request),
          { kind: form.kind, parentId, names: form.names },
          { ip: request.ip },
        );
        return reply.redirect(`${tagUrl(tag.id)}?done=created`, 303);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        return renderList(request, reply, { status: refusal.status, form, error: refusal.message });
      }
    });

    scope.get(
      "/tags/:id",
      { schema: { params: TagIdParams, querystring: QueryOf("done") } },
      async (request, reply) =>
        renderTag(request, reply, tagIdOf(request.params), {
          notice: DONE[request.query.done ?? ""] ?? null,
        }),
    );

    scope.post(
      "/tags/:id",
      { schema: { params: TagIdParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const tagId = tagIdOf(request.params);
        const form: TagNamesForm = Object.fromEntries(
          editions.map((code) => [
            code,
            {
              name: formText(request.body, `${code}.name`),
              slug: formText(request.body, `${code}.slug`),
              description: formText(request.body, `${code}.description`),
            },
          ]),
        );
        try {
          await manager.edit(currentUser(request), tagId, form, { ip: request.ip });
        } catch (error) {
          const refusal = refusalOf(error);
          if (!refusal) throw error;
          return renderTag(request, reply, tagId, { status: refusal.status, form, error: refusal.message });
        }
        return reply.redirect(`${tagUrl(tagId)}?done=saved`, 303);
      },
    );

    scope.post(
      "/tags/:id/move",
      { schema: { params: TagIdParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const tagId = tagIdOf(request.params);
        const parentText = formText(request.body, "parentId");
        try {
          const parentId = parentText === "" ? null : idParam(parentText);
          if (parentId === undefined) throw new ValidationError("parentId", "choose a tag from the list");
          await manager.move(
            currentUser(request),
            tagId,
            { kind: formText(request.body, "kind"), parentId },
            { ip: request.ip },
          );
        } catch (error) {
          const refusal = refusalOf(error);
          if (!refusal) throw error;
          return renderTag(request, reply, tagId, { status: refusal.status, error: refusal.message });
        }
        return reply.redirect(`${tagUrl(tagId)}?done=moved`, 303);
      },
    );

    const intoOf = (value: unknown) => {
      const into = idParam(typeof value === "string" ? value : undefined);
      if (into === undefined) throw new ValidationError("into", "choose the tag to merge into");
      return into;
    };

    // Merging asks first: the tag is gone once it is done.
    scope.get(
      "/tags/:id/merge",
      { schema: { params: TagIdParams, querystring: QueryOf("into") } },
      async (request, reply) => {
        const user = currentUser(request);
        const tagId = tagIdOf(request.params);
        const from = await manager.get(user, tagId);
        const intoId = intoOf(request.query.into);
        const into = await manager.get(user, intoId).catch((error: unknown) => {
          if (error instanceof NotFoundError) throw new ValidationError("into", `there is no tag ${intoId}`);
          throw error;
        });
        const tags = await manager.list(user);
        const stories = from.storyCount === 1 ? "1 story" : `${from.storyCount} stories`;
        return context.pages.render(
          request,
          reply,
          { title: "Merge the tags?", current: "tags" },
          <ConfirmPage
            heading={`Merge “${tagLabel(from)}” into “${tagLabel(into)}”?`}
            subject={`${tagPath(tags, from)} → ${tagPath(tags, into)}`}
            text={`${stories} tagged “${tagLabel(from)}” will be tagged “${tagLabel(into)}” instead, the tags below it move under “${tagLabel(into)}”, and its archive addresses in every edition will lead to “${tagLabel(into)}”. “${tagLabel(from)}” is then deleted; this cannot be undone.`}
            action={`${tagUrl(tagId)}/merge?into=${intoId}`}
            button="Yes, merge them"
            danger
            back={tagUrl(tagId)}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post(
      "/tags/:id/merge",
      { schema: { params: TagIdParams, querystring: QueryOf("into"), body: FormBody } },
      async (request, reply) => {
        const tagId = tagIdOf(request.params);
        const intoId = intoOf(request.query.into ?? formText(request.body, "into"));
        if (!isConfirmed(request.body)) return reply.redirect(`${tagUrl(tagId)}/merge?into=${intoId}`, 303);
        await manager.merge(currentUser(request), tagId, intoId, { ip: request.ip });
        return reply.redirect(`${tagUrl(intoId)}?done=merged`, 303);
      },
    );
  };
}
