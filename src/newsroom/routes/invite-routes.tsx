import type { FastifyInstance } from "fastify";
import { ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText } from "../http/form.ts";
import { SIGN_IN_PATH } from "../http/newsroom-auth.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { InvitePage } from "../views/invite-page.tsx";
import { describeFieldError } from "./account-routes.tsx";

/** Accepting an invitation (public: the link is the credential, checked by the service). */
export function registerInviteRoutes(scope: FastifyInstance, context: NewsroomContext): void {
  const { services, pages } = context;

  scope.get<{ Params: { token: string } }>(
    "/invite/:token",
    { config: { newsroomAccess: "public" } },
    async (request, reply) => {
      const invite = await services.invites.findInvite(request.params.token);
      return pages.render(
        request,
        reply,
        { title: "Join the newsroom", narrow: true },
        <InvitePage
          csrf={csrfToken(request)}
          token={request.params.token}
          email={invite.email}
          role={invite.role}
          editions={invite.editions}
          name=""
        />,
      );
    },
  );

  scope.post<{ Params: { token: string } }>(
    "/invite/:token",
    { config: { newsroomAccess: "public" } },
    async (request, reply) => {
      const { token } = request.params;
      const name = formText(request.body, "name");
      const password = formText(request.body, "password");
      try {
        if (password !== formText(request.body, "repeatPassword")) {
          throw new ValidationError("password", "the two passwords are not the same");
        }
        await services.invites.acceptInvite(token, { name, password }, { ip: request.ip });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const invite = await services.invites.findInvite(token);
        return pages.render(
          request,
          reply,
          { title: "Join the newsroom", narrow: true, status: 400 },
          <InvitePage
            csrf={csrfToken(request)}
            token={token}
            email={invite.email}
            role={invite.role}
            editions={invite.editions}
            name={name}
            error={describeFieldError(error)}
          />,
        );
      }
      return reply.redirect(`${SIGN_IN_PATH}?welcome=1`, 303);
    },
  );
}
