import type { FastifyRequest } from "fastify";

/**
 * A URL as the request log may show it: a path segment or query value shaped like a token (43
 * base64url characters: reset and invitation links, readers' sign-in links) becomes "…", so the
 * log opens no account to whoever reads it.
 */
export function redactTokens(url: string): string {
  return url.replace(/(^|[/=])[A-Za-z0-9_-]{43}(?=$|[/?&#])/g, "$1…");
}

/** Fastify's request log entry, with tokens left out of the URL. */
export function loggedRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactTokens(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
