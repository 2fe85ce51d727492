import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

/** The header a proxy in front may send its own request id in, and that every answer carries back. */
export const REQUEST_ID_HEADER = "x-request-id";
/**
 * What an incoming id may be: up to 128 of the characters ids are made of (UUIDs, hex, nginx's
 * `$request_id`, "trace-id:span"). Anything else is not taken: a log line must not be forged (a
 * newline) nor a log store filled from outside.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The request's id: the proxy's X-Request-Id when it is a plausible one, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === "string" && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/** Every answer Fastify makes names its request id, so a reader's report leads to its log lines. */
export function registerRequestIdEcho(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}
