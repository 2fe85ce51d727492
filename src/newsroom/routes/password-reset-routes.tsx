import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  MailNotConfiguredError,
  RESET_PASSWORD_PATH,
  ResetLinkUnusableError,
} from "../../accounts/password-reset-service.ts";
import { NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { TooManyAttemptsError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText } from "../http/form.ts";
import { SIGN_IN_PATH } from "../http/newsroom-auth.ts";
import { FormBody, TokenParams } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import {
  FORGOT_PASSWORD_PATH,
  ForgotPasswordPage,
  ResetLinkUnusablePage,
  ResetPasswordPage,
} from "../views/password-reset-pages.tsx";
import { describeFieldError } from "./account-routes.tsx";

/** Public, and the link's page tells nobody its URL (it holds the token) as a referrer. */
const RESET_LINK_ROUTE = { config: { newsroomAccess: "public", newsroomReferrer: "none" } } as const;

/**
 * "Forgot your password?" (public): an address in, the same answer whatever it is, and a link by
 * e-mail to the account's owner; the link's page sets a new password and leads to the sign-in
 * form with the address filled in.
 */
export function registerPasswordResetRoutes(plainScope: FastifyInstance, context: NewsroomContext): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  const { services, pages } = context;
  const resets = services.passwordResets;
  const title = "Forgot your password?";

  scope.get(
    "/forgot-password",
    { schema: { querystring: QueryOf("sent") }, config: { newsroomAccess: "public" } },
    async (request, reply) =>
      pages.render(
        request,
        reply,
        { title, narrow: true },
        <ForgotPasswordPage
          csrf={csrfToken(request)}
          canEmail={resets.canEmail}
          sent={resets.canEmail && request.query.sent === "1"}
        />,
      ),
  );

  scope.post(
    "/forgot-password",
    { schema: { querystring: NoQuery, body: FormBody }, config: { newsroomAccess: "public" } },
    async (request, reply) => {
      const email = formText(request.body, "email").trim().slice(0, 254);
      const refuse = (status: number, error: string) =>
        pages.render(
          request,
          reply,
          { title, narrow: true, status },
          <ForgotPasswordPage
            csrf={csrfToken(request)}
            canEmail={resets.canEmail}
            email={email}
            error={error}
          />,
        );
      try {
        await resets.request(email, { ip: request.ip });
      } catch (error) {
        if (error instanceof TooManyAttemptsError) {
          reply.header("retry-after", String(error.retryAfterSeconds));
          return refuse(429, error.message);
        }
        if (error instanceof ValidationError) return refuse(400, describeFieldError(error));
        if (error instanceof MailNotConfiguredError) return refuse(503, error.message);
        throw error;
      }
      return reply.redirect(`${FORGOT_PASSWORD_PATH}?sent=1`, 303);
    },
  );

  const unusable = (request: FastifyRequest, reply: FastifyReply, error: ResetLinkUnusableError) =>
    pages.render(
      request,
      reply,
      { title: "This link does not work", narrow: true, status: error.status },
      <ResetLinkUnusablePage message={error.message} />,
    );

  scope.get(
    "/reset-password/:token",
    { ...RESET_LINK_ROUTE, schema: { params: TokenParams, querystring: NoQuery } },
    async (request, reply) => {
      const { token } = request.params;
      try {
        const { email } = await resets.check(token);
        return pages.render(
          request,
          reply,
          { title: "Choose a new password", narrow: true },
          <ResetPasswordPage
            csrf={csrfToken(request)}
            action={`${RESET_PASSWORD_PATH}/${token}`}
            email={email}
          />,
        );
      } catch (error) {
        if (error instanceof ResetLinkUnusableError) return unusable(request, reply, error);
        throw error;
      }
    },
  );

  scope.post(
    "/reset-password/:token",
    { ...RESET_LINK_ROUTE, schema: { params: TokenParams, querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const { token } = request.params;
      const newPassword = formText(request.body, "newPassword");
      let email: string;
      try {
        if (newPassword !== formText(request.body, "repeatPassword")) {
          throw new ValidationError("repeatPassword", "the two new passwords are not the same");
        }
        ({ email } = await resets.redeem(token, newPassword, { ip: request.ip }));
      } catch (error) {
        if (error instanceof ResetLinkUnusableError) return unusable(request, reply, error);
        if (!(error instanceof ValidationError)) throw error;
        const { email: owner } = await resets.check(token);
        return pages.render(
          request,
          reply,
          { title: "Choose a new password", narrow: true, status: 400 },
          <ResetPasswordPage
            csrf={csrfToken(request)}
            action={`${RESET_PASSWORD_PATH}/${token}`}
            email={owner}
            error={describeFieldError(error)}
          />,
        );
      }
      return reply.redirect(`${SIGN_IN_PATH}?reset=1&email=${encodeURIComponent(email)}`, 303);
    },
  );
}
