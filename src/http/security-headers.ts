import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * What every answer outside the newsroom carries (pages, feeds, media, JSON, errors): browsers
 * take each type as declared, never sniff an upload into a page; scripts, styles, images and forms
 * come from this origin only, so markup injected into a page could not load or run anything; only
 * the site itself may frame its pages. JSON-LD is data, not script, so it is not affected. The
 * newsroom sets stricter headers of its own (src/newsroom/http/security-headers.ts).
 */
export const SITE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
  "x-frame-options": "SAMEORIGIN",
  "referrer-policy": "strict-origin-when-cross-origin",
};

/**
 * Set when a request arrives, before any route or error handler, so the page cache stores them
 * with each page and sends them with every hit.
 */
export function registerSiteSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onRequest", async (_request, reply) => setSiteSecurityHeaders(reply));
}

/** For answers made without the hooks (errors Fastify meets before routing). */
export function setSiteSecurityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(SITE_SECURITY_HEADERS)) reply.header(name, value);
}
