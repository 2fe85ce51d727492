import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * "none": the page's own URL holds a secret (a password reset link), so not even this site is
     * told it as a referrer (Referrer-Policy: no-referrer instead of same-origin).
     */
    newsroomReferrer?: "none";
  }
}

/**
 * What every newsroom response carries, errors and redirects included: never indexed, never kept
 * by a browser or a shared cache, never framed (no clickjacking), no newsroom URL (invitation links
 * hold tokens) sent to other sites as a referrer. The content security policy allows scripts and
 * styles from this origin only, so an injected inline script does not run; the only frames a page
 * may hold are the players of the embed providers allowed (`playerHosts`), so that a preview plays
 * a video as readers will.
 */
export function newsroomHeaders(playerHosts: readonly string[] = []): Readonly<Record<string, string>> {
  const frames = playerHosts.length > 0 ? playerHosts.map((host) => `https://${host}`).join(" ") : "'none'";
  return {
    "x-robots-tag": "noindex, nofollow",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    "content-security-policy": `default-src 'self'; img-src 'self' data: blob:; script-src 'self'; style-src 'self'; frame-src ${frames}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  };
}

export function registerNewsroomHeaders(scope: FastifyInstance, playerHosts: readonly string[] = []): void {
  const headers = newsroomHeaders(playerHosts);
  // Set early, so the site's ETag hook (which runs before this scope's onSend) sees "no-store"...
  scope.addHook("onRequest", async (request, reply) => setNewsroomHeaders(request, reply, headers));
  // ...and again at the end, whatever a route or an error handler did in between.
  scope.addHook("onSend", async (request, reply, payload) => {
    setNewsroomHeaders(request, reply, headers);
    return payload;
  });
}

function setNewsroomHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  headers: Readonly<Record<string, string>>,
): void {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  if (request.routeOptions.config?.newsroomReferrer === "none")
    reply.header("referrer-policy", "no-referrer");
}
