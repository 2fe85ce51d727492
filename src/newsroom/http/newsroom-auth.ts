import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SessionService } from "../../accounts/session-service.ts";
import type { NewsroomUser } from "../../accounts/user-service.ts";
import { safeNext } from "./safe-next.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in newsroom user, or null. Set for every request under /newsroom. */
    newsroomUser: NewsroomUser | null;
    /** The session's stored id (what CSRF tokens are bound to), or null. */
    newsroomSessionId: string | null;
    /** Whether cookies set on this request must be Secure (HTTPS request, or an https PUBLIC_URL). */
    newsroomSecureCookies: boolean;
  }
  interface FastifyContextConfig {
    /**
     * Who may reach a newsroom route. Unset: signed-in users whose password is not a one-time one.
     * "public": anyone (sign-in, invitations, assets). "password-change": also users who must
     * still change their one-time password (the change-password page, sign-out).
     */
    newsroomAccess?: "public" | "password-change";
  }
}

export const SESSION_COOKIE = "tribune_session";
export const NEWSROOM_PATH = "/newsroom";
export const SIGN_IN_PATH = "/newsroom/sign-in";
export const CHANGE_PASSWORD_PATH = "/newsroom/change-password";

export interface NewsroomAuthOptions {
  sessions: SessionService;
  /** PUBLIC_URL is https: cookies are Secure even when the proxy does not say so. */
  httpsSite: boolean;
}

/**
 * Sessions for a scope (the /newsroom one): reads the `tribune_session` cookie into
 * `request.newsroomUser`, and refuses every route that does not declare itself public to anyone not
 * signed in (default deny: a route added later is protected without asking). Expects
 * @fastify/cookie to be registered in the scope first.
 */
export function registerNewsroomAuth(scope: FastifyInstance, options: NewsroomAuthOptions): void {
  const { sessions, httpsSite } = options;
  scope.decorateRequest("newsroomUser", null);
  scope.decorateRequest("newsroomSessionId", null);
  scope.decorateRequest("newsroomSecureCookies", false);

  scope.addHook("onRequest", async (request) => {
    // trustProxy is on, so a proxy's X-Forwarded-Proto: https makes the protocol https.
    request.newsroomSecureCookies = httpsSite || request.protocol === "https";
    const verified = await sessions.verifySession(request.cookies[SESSION_COOKIE]);
    request.newsroomUser = verified?.user ?? null;
    request.newsroomSessionId = verified?.sessionId ?? null;
  });
}

/**
 * The preHandler that guards newsroom routes (registered for the whole scope by registerNewsroom;
 * add it to a route of your own only if it lives elsewhere). Pages: 303 to the sign-in page with a
 * `next` back here, or to the change-password page while a one-time password is in use. The JSON
 * API under /newsroom/api/: 401 or 403 with a message.
 */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const access = request.routeOptions.config.newsroomAccess;
  if (access === "public") return;
  const user = request.newsroomUser;
  const api = isApiRequest(request);
  if (!user) {
    if (api) {
      await reply.code(401).send({ error: "UNAUTHENTICATED", message: "Sign in to the newsroom first." });
      return;
    }
    const next = request.method === "GET" ? safeNext(request.url) : undefined;
    const target =
      next && next !== NEWSROOM_PATH ? `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}` : SIGN_IN_PATH;
    await reply.redirect(target, 303);
    return;
  }
  if (user.mustChangePassword && access !== "password-change") {
    if (api) {
      await reply.code(403).send({
        error: "PASSWORD_CHANGE_REQUIRED",
        message: "Change your one-time password in the newsroom before doing anything else.",
      });
      return;
    }
    const next = request.method === "GET" ? safeNext(request.url) : undefined;
    const target =
      next && next !== NEWSROOM_PATH
        ? `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}`
        : CHANGE_PASSWORD_PATH;
    await reply.redirect(target, 303);
  }
}

/** The signed-in user of a guarded route (requireUser has run, so there is one). */
export function currentUser(request: FastifyRequest): NewsroomUser {
  const user = request.newsroomUser;
  if (!user) throw new Error("currentUser() called on a route that requireUser does not guard");
  return user;
}

/** Requests to the JSON API answer JSON; everything else under /newsroom is a page. */
export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith("/newsroom/api/") || request.url === "/newsroom/api";
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Path=/newsroom, Secure on HTTPS. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: string,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    path: NEWSROOM_PATH,
    secure: request.newsroomSecureCookies,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    path: NEWSROOM_PATH,
    secure: request.newsroomSecureCookies,
  });
}
