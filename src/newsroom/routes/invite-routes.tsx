import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { NoQuery } from "../../http/route-schemas.ts";
import { ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText } from "../http/form.ts";
import { NEWSROOM_PATH, setSessionCookie } from "../http/newsroom-auth.ts";
import { FormBody, TokenParams } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { InvitePage } from "../views/invite-page.tsx";
import { describeFieldError } from "./account-routes.tsx";

/**
 * Accepting an invitation (public: the link is the credential, checked by the service). The new
 * account is signed in at once with the password just chosen, through the one sign-in path
 * (limits, audit), rather than sent to a sign-in form to type it all again.
 */
export function registerInviteRoutes(plainScope: FastifyInstance, context: NewsroomContext): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  const { services, pages } = context;

  scope.get(
    "/invite/:token",
    { schema: { params: TokenParams, querystring: NoQuery }, config: { newsroomAccess: "public" } },
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

  scope.post(
    "/invite/:token",
    {
      schema: { params: TokenParams, querystring: NoQuery, body: FormBody },
      config: { newsroomAccess: "public" },
    },
    async (request, reply) => {
      const { token } = request.params;
      const name = formText(request.body, "name");
      const password = formText(request.body, "password");
      try {
        if (password !== formText(request.body, "repeatPassword")) {
          throw new ValidationError("password", "the two passwords are not the same");
        }
        const { email } = await services.invites.findInvite(token);
        await services.invites.acceptInvite(token, { name, password }, { ip: request.ip });
        const signedIn = await services.signIn.signIn(
          { email, password },
          { ip: request.ip, userAgent: request.headers["user-agent"] ?? null },
        );
        if (request.newsroomSessionId) await services.sessions.discard(request.newsroomSessionId);
        setSessionCookie(request, reply, signedIn.token, signedIn.session.expiresAt);
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
      return reply.redirect(NEWSROOM_PATH, 303);
    },
  );
}
