import type { FastifyInstance } from "fastify";

/**
 * What every newsroom response carries, errors and redirects included: never indexed, never kept
 * by a browser or a shared cache, never framed (no clickjacking), no newsroom URL (invitation links
 * hold tokens) sent to other sites as a referrer. The content security policy allows scripts and
 * styles from this origin only, so an injected inline script does not run.
 */
export const NEWSROOM_HEADERS: Readonly<Record<string, string>> = {
  "x-robots-tag": "noindex, nofollow",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'self'; img-src 'self' data: blob:; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

export function registerNewsroomHeaders(scope: FastifyInstance): void {
  // Set early, so the site's ETag hook (which runs before this scope's onSend) sees "no-store"...
  scope.addHook("onRequest", async (_request, reply) => {
    for (const [name, value] of Object.entries(NEWSROOM_HEADERS)) reply.header(name, value);
  });
  // ...and again at the end, whatever a route or an error handler did in between.
  scope.addHook("onSend", async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(NEWSROOM_HEADERS)) reply.header(name, value);
    return payload;
  });
}
