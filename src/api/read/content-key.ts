import type { FastifyReply, FastifyRequest } from "fastify";
import type { ContentKeyService } from "../../accounts/content-keys.ts";
import { TooManyAttemptsError, UnauthenticatedError } from "../../shared/errors.ts";
import { problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";

/** The header a content key may come in (or the `key` query parameter). */
export const CONTENT_KEY_HEADER = "x-tribune-key";

/** The OpenAPI security schemes of a content key (header, query), named in the document's components. */
export const CONTENT_KEY_SCHEME = "contentKey";
export const CONTENT_KEY_QUERY_SCHEME = "contentKeyQuery";
export const CONTENT_KEY_SECURITY_SCHEMES = {
  [CONTENT_KEY_SCHEME]: {
    type: "apiKey",
    in: "header",
    name: "X-Tribune-Key",
    description: "A content key made by an admin in the newsroom (when the site requires one).",
  },
  [CONTENT_KEY_QUERY_SCHEME]: {
    type: "apiKey",
    in: "query",
    name: "key",
    description: "The same key, as ?key=.",
  },
} as const;

export interface ContentKeyOptions {
  keys: ContentKeyService;
  /** API_REQUIRE_CONTENT_KEY: without it, published content is open and this adds nothing. */
  required: boolean;
  /** Requests per key per minute, in this process (API_KEY_RATE_PER_MINUTE). */
  ratePerMinute: number;
  /** Where the limiter reads the time (ms). */
  now?: () => number;
}

/** Whether a route is a content (read) operation: the tag every such operation carries. */
function isContentRoute(request: FastifyRequest): boolean {
  const tags = (request.routeOptions.schema as { tags?: unknown } | undefined)?.tags;
  return Array.isArray(tags) && tags.includes("content");
}

/**
 * Per key, a bucket of `ratePerMinute` requests that refills continuously: a burst of a minute's
 * worth, then the steady rate. In memory per process: N workers allow N times the rate, which is
 * said in the README; the point is to stop one client drowning the site, not to bill.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from the key's bucket; throws TooManyAttemptsError when it is empty. */
  take(keyId: number): void {
    const now = this.now();
    const perMs = this.ratePerMinute / 60_000;
    const bucket = this.buckets.get(keyId) ?? { tokens: this.ratePerMinute, at: now };
    bucket.tokens = Math.min(this.ratePerMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(keyId, bucket);
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      throw new TooManyAttemptsError(
        `This key made more than ${this.ratePerMinute} requests in a minute; try again in ${retryAfterSeconds} s.`,
        retryAfterSeconds,
      );
    }
    bucket.tokens -= 1;
  }
}

/**
 * When content keys are required, every content operation of the API (tag "content") answers only
 * a request that carries a live key (`?key=` or `X-Tribune-Key`), within its rate; others get a 401
 * (or 429) problem. Its answers are then marked `private`: neither the page cache nor Varnish keeps
 * them, so no cached copy is ever served to a request without a key. Add it before the routes.
 */
export function contentKeys(options: ContentKeyOptions): (scope: ApiScope) => void {
  return (scope) => {
    if (!options.required) return;
    const limiter = new KeyRateLimiter(options.ratePerMinute, options.now);
    // The OpenAPI document says so: each content operation names the key and its two refusals.
    scope.addHook("onRoute", (route) => {
      const schema = route.schema as { tags?: unknown; response?: Record<number, unknown> } | undefined;
      if (!schema || !Array.isArray(schema.tags) || !schema.tags.includes("content")) return;
      schema.response = { ...problemResponses(401, 429), ...schema.response };
      Object.assign(schema, { security: [{ [CONTENT_KEY_SCHEME]: [] }, { [CONTENT_KEY_QUERY_SCHEME]: [] }] });
    });
    scope.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
      if (!isContentRoute(request)) return;
      const query = request.query as Record<string, unknown>;
      const presented = request.headers[CONTENT_KEY_HEADER] ?? query.key;
      // The key is not one of the operation's own parameters (closed query schemas would refuse it).
      delete query.key;
      if (presented === undefined || presented === "") {
        throw new UnauthenticatedError(
          `This API needs a content key: send it as ?key= or in the ${CONTENT_KEY_HEADER} header (admins make keys in the newsroom).`,
        );
      }
      const keyId = await options.keys.verify(presented);
      if (keyId === null)
        throw new UnauthenticatedError("This content key is not valid (mistyped, or revoked).");
      limiter.take(keyId);
      reply.header("vary", CONTENT_KEY_HEADER);
    });
    scope.addHook("onSend", async (request, reply, payload) => {
      if (!isContentRoute(request)) return payload;
      const current = String(reply.getHeader("cache-control") ?? "");
      const maxAge = /\bmax-age=(\d+)/.exec(current)?.[1];
      reply.header("cache-control", `private, ${maxAge ? `max-age=${maxAge}` : "no-cache"}`);
      reply.removeHeader("surrogate-key");
      return payload;
    });
  };
}
