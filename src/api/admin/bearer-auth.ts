import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AccessTokenService, TokenRefusal } from "../../accounts/access-token-service.ts";
import type { Actor } from "../../accounts/authorization/policy.ts";
import { ForbiddenError, TribuneError } from "../../shared/errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The newsroom user the bearer token acts as (admin API routes only), or null. */
    apiActor: Actor | null;
  }
}

/** What every admin operation declares in OpenAPI: a personal access token, as a bearer token. */
export const BEARER_SECURITY = [{ bearerAuth: [] }];

const REFUSALS: Record<TokenRefusal, string> = {
  missing:
    "This operation needs a personal access token: send it as `Authorization: Bearer trb_…` (make one in the newsroom's Tokens page or with `tribune token add`).",
  malformed:
    "The bearer token is not a Tribune access token (they start with trb_ and are 47 characters long).",
  unknown: "The bearer token is not valid: it was never issued here, or was mistyped.",
  revoked: "The bearer token has been revoked; make a new one.",
  expired: "The bearer token has expired; make a new one.",
  disabled: "The bearer token's newsroom account is disabled.",
};

/** A request without a usable token: 401, with the challenge RFC 6750 asks for. */
export class InvalidTokenError extends TribuneError {
  constructor(readonly refusal: TokenRefusal) {
    super("INVALID_TOKEN", 401, REFUSALS[refusal], { reason: refusal });
  }
}

/**
 * Bearer-token authentication for a scope (the admin API's): each request's token is checked before
 * its body is read, and the route gets the token user's Actor, with the role and editions the user
 * has now. A missing, unknown, revoked or expired token answers 401 with `WWW-Authenticate: Bearer`;
 * repeated bad tokens from one address answer 429.
 */
export function registerBearerAuth(scope: FastifyInstance, tokens: AccessTokenService): void {
  scope.decorateRequest("apiActor", null);
  scope.addHook("onRequest", async (request, reply) => {
    const header = request.headers.authorization;
    const match = typeof header === "string" ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
    const token = match?.[1] ?? (header === undefined ? undefined : "-");
    const check = await tokens.authenticate(token, request.ip);
    if ("refused" in check) {
      const error = check.refused === "missing" ? "" : ', error="invalid_token"';
      reply.header("www-authenticate", `Bearer realm="tribune"${error}`);
      throw new InvalidTokenError(check.refused);
    }
    if (check.user.mustChangePassword) {
      throw new ForbiddenError(
        "The token's user must change their one-time password in the newsroom before anything else.",
      );
    }
    request.apiActor = { id: check.user.id, role: check.user.role, editions: check.user.editions };
  });
}

/** The token's user on a route of a scope with registerBearerAuth. */
export function apiActor(request: FastifyRequest): Actor {
  const actor = request.apiActor;
  if (!actor) throw new Error("apiActor() called on a route without bearer authentication");
  return actor;
}
