import type { FastifyError, FastifyInstance } from "fastify";
import { TribuneError } from "./errors.ts";

/**
 * The one place errors become HTTP answers: a TribuneError keeps its status and message, Fastify's
 * own 4xx (bad JSON, too large) keep theirs, anything else is a 500 that shows no internals.
 */
export function registerErrorMapping(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | TribuneError | Error, request, reply) => {
    if (error instanceof TribuneError) {
      request.log.info({ code: error.code }, error.message);
      return reply.code(error.status).send({ error: error.code, message: error.message, ...error.details });
    }
    const status = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      request.log.info({ code: (error as FastifyError).code }, error.message);
      return reply
        .code(status)
        .send({ error: (error as FastifyError).code ?? "BAD_REQUEST", message: error.message });
    }
    request.log.error({ err: error }, "request failed");
    return reply
      .code(500)
      .send({ error: "INTERNAL", message: "Something went wrong on our side; it has been logged." });
  });
}
