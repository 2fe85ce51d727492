import type { FastifyInstance, FastifyRequest } from "fastify";
import { h, type VNode } from "preact";
import { looksLikeToken, newToken } from "../../accounts/tokens.ts";
import { TribuneError } from "../../shared/errors.ts";
import { keyedDigest, sameSecretText } from "../../shared/signing.ts";
import { NEWSROOM_PATH } from "./newsroom-auth.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The CSRF token forms and scripts of this request must send back (see csrfToken). */
    newsroomCsrfToken: string | null;
  }
}

/** The cookie that carries the pre-session nonce (sign-in and invitation forms, before any session). */
export const CSRF_COOKIE = "tribune_csrf";
/** The form field that carries the token. */
export const CSRF_FIELD = "_csrf";
/** The header that carries the token for fetch, JSON and multipart requests. */
export const CSRF_HEADER = "x-csrf-token";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export class CsrfRejectedError extends TribuneError {
  constructor() {
    super(
      "CSRF_REJECTED",
      403,
      "This request did not carry the newsroom's security token, or carried an old one, so it was refused. Go back, reload the page and try again.",
    );
  }
}

/**
 * CSRF protection for a scope (the /newsroom one), on top of registerNewsroomAuth. With a session,
 * synchronizer tokens: HMAC-SHA256(secret, session id) — nothing stored, the same in every app
 * instance, and useless with another session. Before a session exists (sign-in and invitation
 * forms, which declare `newsroomAccess: "public"`), a signed double-submit: a random nonce in a
 * cookie and HMAC(secret, nonce) in the form, so a cookie planted by someone else is no use without
 * the secret. Every POST, PUT, PATCH and DELETE must bring the token in the `_csrf` field or the
 * `x-csrf-token` header, or is refused with 403.
 */
export function registerCsrfProtection(scope: FastifyInstance, options: { secret: string }): void {
  const { secret } = options;
  if (secret.length < 16) throw new Error("registerCsrfProtection: the secret is too short");
  const sign = (purpose: string, value: string) =>
    keyedDigest(secret, `${purpose}:${value}`).toString("base64url");

  scope.decorateRequest("newsroomCsrfToken", null);

  // After the session is known (registerNewsroomAuth's onRequest ran first).
  scope.addHook("onRequest", async (request, reply) => {
    if (request.newsroomSessionId) {
      request.newsroomCsrfToken = sign("session", request.newsroomSessionId);
      return;
    }
    let nonce = request.cookies[CSRF_COOKIE];
    if (!looksLikeToken(nonce)) {
      nonce = newToken();
      reply.setCookie(CSRF_COOKIE, nonce, {
        httpOnly: true,
        sameSite: "lax",
        path: NEWSROOM_PATH,
        secure: request.newsroomSecureCookies,
        maxAge: 7 * 24 * 60 * 60,
      });
    }
    request.newsroomCsrfToken = sign("pre-session", nonce);
  });

  scope.addHook("preHandler", async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const isPublic = request.routeOptions.config.newsroomAccess === "public";
    // Without a session a guarded route changes nothing: requireUser refuses it next.
    if (!request.newsroomSessionId && !isPublic) return;
    const provided = providedToken(request);
    if (provided === undefined) throw new CsrfRejectedError();
    const accepted: string[] = [];
    if (request.newsroomSessionId) accepted.push(sign("session", request.newsroomSessionId));
    // A sign-in form opened before signing in elsewhere still works; guarded routes need the session's.
    const nonce = request.cookies[CSRF_COOKIE];
    if (isPublic && looksLikeToken(nonce)) accepted.push(sign("pre-session", nonce));
    if (!accepted.some((token) => sameSecretText(token, provided))) throw new CsrfRejectedError();
  });
}

/** The token to put in this request's forms (`_csrf` field) or send as the `x-csrf-token` header. */
export function csrfToken(request: FastifyRequest): string {
  if (request.newsroomCsrfToken === null) {
    throw new Error("csrfToken() needs a request under /newsroom (registerCsrfProtection)");
  }
  return request.newsroomCsrfToken;
}

/** `<input type="hidden" name="_csrf" value="…">` for a form of this request. */
export function csrfField(request: FastifyRequest): VNode<{ type: string; name: string; value: string }> {
  return h("input", { type: "hidden", name: CSRF_FIELD, value: csrfToken(request) });
}

function providedToken(request: FastifyRequest): string | undefined {
  const body = request.body;
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const field = (body as Record<string, unknown>)[CSRF_FIELD];
    if (typeof field === "string" && field !== "") return field;
  }
  const header = request.headers[CSRF_HEADER];
  return typeof header === "string" && header !== "" ? header : undefined;
}
