import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * What every answer outside the newsroom carries (pages, feeds, media, JSON, errors): browsers
 * take each type as declared, never sniff an upload into a page; scripts, styles, images and forms
 * come from this origin only, so markup injected into a page could not load or run anything; only
 * the site itself may frame its pages. Frames may come only from `frameHosts` (the embed providers'
 * players, loaded when a reader asks for one), over https. JSON-LD is data, not script, so it is not
 * affected. The newsroom sets stricter headers of its own (src/newsroom/http/security-headers.ts).
 */
export function siteSecurityHeaders(frameHosts: readonly string[]): Readonly<Record<string, string>> {
  const frames = frameHosts.length > 0 ? frameHosts.map((host) => `https://${host}`).join(" ") : "'none'";
  return {
    "x-content-type-options": "nosniff",
    "content-security-policy": `default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; frame-src ${frames}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'`,
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
}

/**
 * Set when a request arrives, before any route or error handler, so the page cache stores them
 * with each page and sends them with every hit.
 */
export function registerSiteSecurityHeaders(
  app: FastifyInstance,
  headers: Readonly<Record<string, string>>,
): void {
  app.addHook("onRequest", async (_request, reply) => setSiteSecurityHeaders(reply, headers));
}

/** For answers made without the hooks (errors Fastify meets before routing). */
export function setSiteSecurityHeaders(reply: FastifyReply, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
}
