import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formList, formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { UsersPage, type UsersPageProps } from "../views/users-page.tsx";
import { describeFieldError } from "./account-routes.tsx";

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  role: "The role has been changed.",
  disabled: "The user has been disabled and signed out everywhere.",
};

type Extra = Pick<UsersPageProps, "createdInvite" | "inviteForm" | "oneTimePassword" | "error" | "notice">;

/** The users page (admins): list, invite, change role, reset a password, disable. The services check the role. */
export function registerUserRoutes(plainScope: FastifyInstance, context: NewsroomContext): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  const { services, pages } = context;

  const render = async (request: FastifyRequest, reply: FastifyReply, status: number, extra: Extra = {}) => {
    const me = currentUser(request);
    const users = await services.users.listUsers(me);
    const invites = await services.invites.listOpenInvites(me);
    return pages.render(
      request,
      reply,
      { title: "Users", current: "users", status },
      <UsersPage
        csrf={csrfToken(request)}
        me={me}
        users={users}
        invites={invites}
        editions={context.editionCodes}
        {...extra}
      />,
    );
  };

  scope.get("/users", { schema: { querystring: QueryOf("done") } }, async (request, reply) =>
    render(request, reply, 200, { notice: DONE[request.query.done ?? ""] ?? null }),
  );

  scope.post(
    "/users/invite",
    { schema: { querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const me = currentUser(request);
      const form = {
        email: formText(request.body, "email").trim(),
        role: formText(request.body, "role"),
        editions: formList(request.body, "editions"),
        createAuthor: formText(request.body, "createAuthor") === "yes",
        authorName: formText(request.body, "authorName").trim(),
      };
      try {
        if (form.createAuthor && form.authorName === "") {
          throw new ValidationError("authorName", "is required to create an author profile");
        }
        const { token, invite } = await services.invites.createInvite(
          me,
          {
            email: form.email,
            role: form.role,
            editions: form.role === "translator" ? form.editions : [],
            authorName: form.createAuthor ? form.authorName : null,
          },
          { ip: request.ip },
        );
        return render(request, reply, 201, {
          createdInvite: {
            url: `${context.publicUrl}/newsroom/invite/${token}`,
            email: invite.email,
            expiresAt: invite.expiresAt,
          },
        });
      } catch (error) {
        if (error instanceof ValidationError) {
          return render(request, reply, 400, { inviteForm: form, error: describeFieldError(error) });
        }
        if (error instanceof ConflictError)
          return render(request, reply, 409, { inviteForm: form, error: error.message });
        throw error;
      }
    },
  );

  scope.post(
    "/users/:id/role",
    { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const me = currentUser(request);
      const userId = idParam(request.params.id);
      if (userId === undefined) throw new NotFoundError("user", request.params.id);
      const role = formText(request.body, "role");
      try {
        // The edition boxes stay on the form for every role; they mean something for translators only.
        await services.users.changeRole(
          me,
          userId,
          { role, editions: role === "translator" ? formList(request.body, "editions") : [] },
          { ip: request.ip },
        );
      } catch (error) {
        if (error instanceof ValidationError)
          return render(request, reply, 400, { error: describeFieldError(error) });
        throw error;
      }
      return reply.redirect("/newsroom/users?done=role", 303);
    },
  );

  // Resetting someone's password asks first: it signs them out and their password stops working.
  scope.get(
    "/users/:id/reset-password",
    { schema: { params: IdParams("id"), querystring: NoQuery } },
    async (request, reply) => {
      const me = currentUser(request);
      const userId = idParam(request.params.id);
      if (userId === undefined) throw new NotFoundError("user", request.params.id);
      const users = await services.users.listUsers(me);
      const user = users.find((candidate) => candidate.id === userId);
      if (!user) throw new NotFoundError("user", userId);
      if (user.id === me.id || user.disabledAt !== null) return reply.redirect("/newsroom/users", 303);
      return pages.render(
        request,
        reply,
        { title: `Reset the password of ${user.name}?`, current: "users", narrow: true },
        <ConfirmPage
          heading="Reset this password?"
          subject={`${user.name} (${user.email})`}
          text="Their password stops working and every device they are signed in on is signed out. You get a one-time password, shown once, to give them by a way you trust; they choose their own password when they sign in with it."
          action={`/newsroom/users/${user.id}/reset-password`}
          button="Yes, reset the password"
          danger
          back="/newsroom/users"
          csrfToken={csrfToken(request)}
        />,
      );
    },
  );

  scope.post(
    "/users/:id/reset-password",
    { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const me = currentUser(request);
      const userId = idParam(request.params.id);
      if (userId === undefined) throw new NotFoundError("user", request.params.id);
      if (!isConfirmed(request.body)) return reply.redirect(`/newsroom/users/${userId}/reset-password`, 303);
      try {
        const reset = await services.passwordResets.resetByAdmin(me, userId, { ip: request.ip });
        return render(request, reply, 200, { oneTimePassword: reset });
      } catch (error) {
        if (error instanceof ValidationError)
          return render(request, reply, 400, { error: describeFieldError(error) });
        throw error;
      }
    },
  );

  scope.post(
    "/users/:id/disable",
    { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const me = currentUser(request);
      const userId = idParam(request.params.id);
      if (userId === undefined) throw new NotFoundError("user", request.params.id);
      try {
        await services.users.disableUser(me, userId, { ip: request.ip });
      } catch (error) {
        if (error instanceof ValidationError)
          return render(request, reply, 400, { error: describeFieldError(error) });
        throw error;
      }
      return reply.redirect("/newsroom/users?done=disabled", 303);
    },
  );
}
