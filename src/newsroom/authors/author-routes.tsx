import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { can } from "../../accounts/authorization/policy.ts";
import type { NewsroomUser } from "../../accounts/user-service.ts";
import type { AuthorService } from "../../authors/author-service.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { authorInputFrom, EMPTY_AUTHOR, valuesFromInput, valuesFromProfile } from "./author-form.ts";
import { photoChoices } from "./photo-choices.ts";
import { AuthorFormPage, type AuthorFormValues } from "./views/author-form-page.tsx";
import { AuthorListPage } from "./views/author-list-page.tsx";

const AuthorIdParams = IdParams("id");

/**
 * `/newsroom/authors`: the author profiles behind the bylines. Editors and admins create, edit and
 * delete any; a contributor edits the profile linked to their account. The service holds the rules
 * (403) and the checks (400 with the form as typed); every change is audited there.
 */
export function newsroomAuthors(authors: AuthorService): NewsroomFeature {
  return (plainScope, context) => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const by = (request: FastifyRequest) => ({ actor: currentUser(request), ip: request.ip });
    const authorIdOf = (params: Static<typeof AuthorIdParams>) => {
      const id = idParam(params.id);
      if (id === undefined) throw new NotFoundError("author", params.id);
      return id;
    };

    scope.get("/authors", { schema: { querystring: QueryOf("q") } }, async (request, reply) => {
      const user = currentUser(request);
      const search = formText(request.query, "q").slice(0, 120);
      const rows = await authors.list(search);
      return context.pages.render(
        request,
        reply,
        { title: "Authors", current: "authors" },
        <AuthorListPage
          search={search}
          canCreate={can(user, "author.manage")}
          authors={rows.map((row) => ({
            ...row,
            editable: can(user, "author.edit", { ownerUserId: row.userId }),
          }))}
        />,
      );
    });

    scope.get("/authors/new", { schema: { querystring: QueryOf("photo") } }, async (request, reply) => {
      if (!can(currentUser(request), "author.manage")) {
        return context.pages.error(
          request,
          reply,
          403,
          "Not allowed",
          "Only editors and admins add authors.",
        );
      }
      return renderForm(context, request, reply, { authorId: null, values: EMPTY_AUTHOR });
    });

    scope.post(
      "/authors",
      { schema: { querystring: QueryOf("photo"), body: FormBody } },
      async (request, reply) => {
        const input = authorInputFrom(request.body, context.editionCodes);
        try {
          const created = await authors.createAuthor(input, by(request));
          return reply.redirect(`/newsroom/authors/${created.id}/edit?saved=1`, 303);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return renderForm(context, request, reply, {
            authorId: null,
            values: valuesFromInput(input),
            error,
          });
        }
      },
    );

    scope.get(
      "/authors/:id/edit",
      { schema: { params: AuthorIdParams, querystring: QueryOf("saved", "photo") } },
      async (request, reply) => {
        const profile = await authors.getProfile(authorIdOf(request.params));
        if (!can(currentUser(request), "author.edit", { ownerUserId: profile.user?.id ?? null })) {
          return context.pages.error(
            request,
            reply,
            403,
            "Not allowed",
            "You may edit only your own author profile.",
          );
        }
        return renderForm(context, request, reply, {
          authorId: profile.id,
          values: valuesFromProfile(profile),
          saved: formText(request.query, "saved") === "1",
        });
      },
    );

    scope.post(
      "/authors/:id",
      { schema: { params: AuthorIdParams, querystring: QueryOf("photo"), body: FormBody } },
      async (request, reply) => {
        const id = authorIdOf(request.params);
        const input = authorInputFrom(request.body, context.editionCodes);
        try {
          await authors.updateAuthor(id, input, by(request));
          return reply.redirect(`/newsroom/authors/${id}/edit?saved=1`, 303);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return renderForm(context, request, reply, { authorId: id, values: valuesFromInput(input), error });
        }
      },
    );

    scope.get(
      "/authors/:id/delete",
      { schema: { params: AuthorIdParams, querystring: NoQuery } },
      async (request, reply) => {
        const profile = await authors.getProfile(authorIdOf(request.params));
        if (!can(currentUser(request), "author.manage")) {
          return context.pages.error(
            request,
            reply,
            403,
            "Not allowed",
            "Only editors and admins delete authors.",
          );
        }
        return context.pages.render(
          request,
          reply,
          { title: "Delete author", current: "authors", narrow: true },
          <ConfirmPage
            heading="Delete this author?"
            subject={profile.name}
            text={
              profile.storyCount > 0
                ? `This author is the byline of ${profile.storyCount} ${profile.storyCount === 1 ? "story" : "stories"}: remove those bylines first, or keep the author.`
                : "Their page on the site goes away, and a linked newsroom account keeps working without a profile."
            }
            action={`/newsroom/authors/${profile.id}/delete`}
            button="Yes, delete the author"
            danger
            back={`/newsroom/authors/${profile.id}/edit`}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post(
      "/authors/:id/delete",
      { schema: { params: AuthorIdParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const id = authorIdOf(request.params);
        if (!isConfirmed(request.body)) return reply.redirect(`/newsroom/authors/${id}/delete`, 303);
        await authors.deleteAuthor(id, by(request));
        return reply.redirect("/newsroom/authors", 303);
      },
    );
  };

  async function renderForm(
    context: NewsroomContext,
    request: FastifyRequest,
    reply: FastifyReply,
    form: { authorId: number | null; values: AuthorFormValues; error?: ValidationError; saved?: boolean },
  ): Promise<FastifyReply> {
    const user: NewsroomUser = currentUser(request);
    const profile = form.authorId === null ? null : await authors.getProfile(form.authorId);
    const photoSearch = formText(request.query, "photo").slice(0, 120);
    const photos = await photoChoices(context.db, {
      current: form.values.photoMediaId,
      search: photoSearch,
      edition: context.editionCodes[0] ?? "en",
    });
    return context.pages.render(
      request,
      reply,
      {
        title: form.authorId === null ? "New author" : `Author: ${profile?.name ?? ""}`,
        current: "authors",
        ...(form.error ? { status: 400 } : {}),
      },
      <AuthorFormPage
        csrf={csrfToken(request)}
        authorId={form.authorId}
        values={form.values}
        editions={context.editionCodes}
        photos={photos}
        photoSearch={photoSearch}
        linkedUser={profile?.user ? `${profile.user.name} (${profile.user.email})` : null}
        storyCount={profile?.storyCount ?? 0}
        canDelete={can(user, "author.manage")}
        error={form.error?.message ?? null}
        saved={form.saved ?? false}
      />,
    );
  }
}
