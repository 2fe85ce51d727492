import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { InvalidCredentialsError } from "../../accounts/sign-in.ts";
import { NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { ForbiddenError, TooManyAttemptsError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText } from "../http/form.ts";
import {
  CHANGE_PASSWORD_PATH,
  clearSessionCookie,
  currentUser,
  NEWSROOM_PATH,
  SIGN_IN_PATH,
  setSessionCookie,
} from "../http/newsroom-auth.ts";
import { Described, FormBody, JsonAnswer, jsonResponses } from "../http/newsroom-schemas.ts";
import { safeNext } from "../http/safe-next.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { ChangePasswordPage } from "../views/change-password-page.tsx";
import { SignInPage } from "../views/sign-in-page.tsx";

type Query = Record<string, string | undefined>;

const SignInQuery = QueryOf("next", "reset", "signedOut", "email");
const AccountQuery = QueryOf("next", "changed");

/** Notices the sign-in page shows after a redirect, chosen by key: nothing from the URL is echoed. */
const SIGN_IN_NOTICES: Record<string, string> = {
  signedOut: "You have been signed out.",
  everywhere: "You have been signed out on every device.",
  reset: "Your password has been changed, and every device signed out. Sign in with the new one.",
};

/** Signing in and out, changing one's password, and who one is (for scripts). */
export function registerAccountRoutes(scope: FastifyInstance, context: NewsroomContext): void {
  const { services, pages } = context;
  const routes = scope.withTypeProvider<TypeBoxTypeProvider>();

  routes.get(
    "/sign-in",
    { config: { newsroomAccess: "public" }, schema: { querystring: SignInQuery } },
    async (request, reply) => {
      const next = safeNext(request.query.next);
      if (request.newsroomUser) return reply.redirect(next ?? NEWSROOM_PATH, 303);
      const noticeKey = request.query.reset
        ? "reset"
        : request.query.signedOut === "everywhere"
          ? "everywhere"
          : request.query.signedOut
            ? "signedOut"
            : "";
      return pages.render(
        request,
        reply,
        { title: "Sign in", narrow: true },
        <SignInPage
          csrf={csrfToken(request)}
          // Filled in after a password reset; only ever an attribute value, escaped.
          email={(request.query.email ?? "").trim().slice(0, 254)}
          next={next}
          notice={SIGN_IN_NOTICES[noticeKey] ?? null}
        />,
      );
    },
  );

  routes.post(
    "/sign-in",
    { config: { newsroomAccess: "public" }, schema: { querystring: SignInQuery, body: FormBody } },
    async (request, reply) => {
      const email = formText(request.body, "email").trim().slice(0, 254);
      const next = safeNext(formText(request.body, "next"));
      const refuse = (status: number, error: string) =>
        pages.render(
          request,
          reply,
          { title: "Sign in", narrow: true, status },
          <SignInPage csrf={csrfToken(request)} email={email} next={next} error={error} />,
        );
      let signedIn: Awaited<ReturnType<typeof services.signIn.signIn>>;
      try {
        signedIn = await services.signIn.signIn(
          { email, password: formText(request.body, "password") },
          { ip: request.ip, userAgent: request.headers["user-agent"] ?? null },
        );
      } catch (error) {
        if (error instanceof TooManyAttemptsError) {
          reply.header("retry-after", String(error.retryAfterSeconds));
          return refuse(429, error.message);
        }
        if (
          error instanceof InvalidCredentialsError ||
          error instanceof ForbiddenError ||
          error instanceof ValidationError
        ) {
          return refuse(error.status, error.message);
        }
        throw error;
      }
      // A new sign-in in this browser replaces whatever session it had: no fixation, no leftovers.
      if (request.newsroomSessionId) await services.sessions.discard(request.newsroomSessionId);
      setSessionCookie(request, reply, signedIn.token, signedIn.session.expiresAt);
      if (signedIn.user.mustChangePassword) {
        return reply.redirect(
          next ? `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}` : CHANGE_PASSWORD_PATH,
          303,
        );
      }
      return reply.redirect(next ?? NEWSROOM_PATH, 303);
    },
  );

  /** The account page: change password, sessions, sign out everywhere. */
  const renderAccountPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    messages: { error?: string | undefined; notice?: string | undefined } = {},
  ) => {
    const user = currentUser(request);
    const query = (request.query ?? {}) as Query;
    return pages.render(
      request,
      reply,
      { title: "Your account", current: "account", narrow: true, status },
      <ChangePasswordPage
        csrf={csrfToken(request)}
        email={user.email}
        mustChange={user.mustChangePassword}
        next={safeNext(formText(request.body, "next") || query.next)}
        sessions={await services.sessions.countSessions(user.id)}
        error={messages.error ?? null}
        notice={messages.notice ?? null}
      />,
    );
  };

  routes.get(
    "/change-password",
    { config: { newsroomAccess: "password-change" }, schema: { querystring: AccountQuery } },
    async (request, reply) =>
      renderAccountPage(request, reply, 200, {
        notice: request.query.changed ? "Your password has been changed." : undefined,
      }),
  );

  routes.post(
    "/change-password",
    {
      config: { newsroomAccess: "password-change" },
      schema: { querystring: AccountQuery, body: FormBody },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const wasForced = user.mustChangePassword;
      const newPassword = formText(request.body, "newPassword");
      try {
        if (newPassword !== formText(request.body, "repeatPassword")) {
          throw new ValidationError("repeatPassword", "the two new passwords are not the same");
        }
        await services.users.changePassword(user.id, formText(request.body, "currentPassword"), newPassword, {
          keepSessionId: request.newsroomSessionId ?? undefined,
          ip: request.ip,
        });
      } catch (error) {
        if (error instanceof TooManyAttemptsError) {
          reply.header("retry-after", String(error.retryAfterSeconds));
          return renderAccountPage(request, reply, 429, { error: error.message });
        }
        if (!(error instanceof ValidationError)) throw error;
        return renderAccountPage(request, reply, 400, { error: describeFieldError(error) });
      }
      const next = safeNext(formText(request.body, "next"));
      return reply.redirect(wasForced ? (next ?? NEWSROOM_PATH) : `${CHANGE_PASSWORD_PATH}?changed=1`, 303);
    },
  );

  routes.post(
    "/sign-out",
    { config: { newsroomAccess: "password-change" }, schema: { querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const user = currentUser(request);
      if (request.newsroomSessionId) {
        await services.sessions.signOut(request.newsroomSessionId, { userId: user.id, ip: request.ip });
      }
      clearSessionCookie(request, reply);
      return reply.redirect(`${SIGN_IN_PATH}?signedOut=1`, 303);
    },
  );

  routes.post(
    "/sign-out-everywhere",
    { config: { newsroomAccess: "password-change" }, schema: { querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const user = currentUser(request);
      await services.sessions.signOutEverywhere(user.id, { ip: request.ip });
      clearSessionCookie(request, reply);
      return reply.redirect(`${SIGN_IN_PATH}?signedOut=everywhere`, 303);
    },
  );

  /** Who is signed in, and the CSRF token to send as x-csrf-token: for the newsroom's scripts. */
  routes.get(
    "/api/me",
    {
      schema: {
        querystring: NoQuery,
        response: jsonResponses({
          200: JsonAnswer(
            {
              user: Described("The signed-in user: id, email, name, role, editions…"),
              csrfToken: Type.String({ description: "Send it back as the x-csrf-token header." }),
            },
            "Who is signed in.",
          ),
        }),
      },
    },
    async (request) => ({ user: currentUser(request), csrfToken: csrfToken(request) }),
  );
}

/** "newPassword: must be at least…" reads better on a form as a sentence about that field. */
export function describeFieldError(error: ValidationError): string {
  const labels: Record<string, string> = {
    currentPassword: "Current password",
    newPassword: "New password",
    repeatPassword: "New password again",
    password: "Password",
    name: "Name",
    email: "Email",
    role: "Role",
    editions: "Editions",
    authorName: "Name on the byline",
  };
  const field = String(error.details.field ?? "");
  const label = labels[field];
  const text = error.message.slice(field.length + 2);
  return label ? `${label}: ${text}.` : `${error.message}.`;
}
