import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseBusy, isDatabaseUnreachable } from "../db/database-busy.ts";
import { DatabaseBusyError, DatabaseUnreachableError, retryAfterOf, TribuneError } from "../shared/errors.ts";

/** What an error becomes in an answer, whichever surface (reader page, newsroom, JSON) sends it. */
export interface ErrorAnswer {
  status: number;
  code: string;
  /** Safe to show: a TribuneError's message, a framework 4xx's, or a generic line for a 500. */
  message: string;
  details: Record<string, unknown>;
  /** Seconds, for 429 and 503: sent as Retry-After. */
  retryAfterSeconds: number | undefined;
}

/** A database error that means "try again in a moment", as the 503 it is; anything else as it is. */
function databaseCondition(error: unknown): unknown {
  if (isDatabaseBusy(error)) return new DatabaseBusyError();
  if (isDatabaseUnreachable(error)) return new DatabaseUnreachableError();
  return error;
}

const INTERNAL_MESSAGE = "Something went wrong on our side; it has been logged.";

/**
 * The one classification of errors: a TribuneError keeps its status and message, a busy database
 * or one that cannot be reached for a moment is a 503 to try again, Fastify's own 4xx (bad URL, bad JSON, too large, wrong type) keep theirs,
 * anything else is a 500 that shows no internals.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  const known = error instanceof TribuneError ? error : databaseCondition(error);
  if (known instanceof TribuneError) {
    const { status, code, message, details } = known;
    return { status, code, message, details, retryAfterSeconds: retryAfterOf(known) };
  }
  const fastify = known as Partial<FastifyError> | undefined;
  if (typeof fastify?.statusCode === "number" && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return {
      status: fastify.statusCode,
      code: fastify.code ?? "BAD_REQUEST",
      message: fastify.message ?? "Bad request",
      details: {},
      retryAfterSeconds: undefined,
    };
  }
  return {
    status: 500,
    code: "INTERNAL",
    message: INTERNAL_MESSAGE,
    details: {},
    retryAfterSeconds: undefined,
  };
}

/**
 * Logs an error as its answer deserves (what a user did wrong is info, an outage a warning, a bug
 * an error with its stack), sets Retry-After, and returns the answer to send.
 */
export function prepareErrorAnswer(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): ErrorAnswer {
  const answer = errorAnswer(error);
  if (answer.status >= 500 && answer.status !== 503) request.log.error({ err: error }, "request failed");
  else if (answer.status === 503) request.log.warn({ code: answer.code }, answer.message);
  else request.log.info({ code: answer.code }, answer.message);
  if (answer.retryAfterSeconds !== undefined) reply.header("retry-after", String(answer.retryAfterSeconds));
  return answer;
}

/** Answers an error with a page of the surface the request was for, or undefined for JSON. */
export type ErrorPageRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  answer: ErrorAnswer,
) => FastifyReply | undefined;

/**
 * The app's error handler (and the one for errors Fastify meets before routing, such as a URL that
 * does not decode): a page where `page` renders one (the reader site in the edition's language),
 * JSON otherwise. Scopes with their own surface (the newsroom) set their own handler.
 */
export function registerErrorMapping(app: FastifyInstance, page?: ErrorPageRenderer): void {
  app.setErrorHandler((error: FastifyError | TribuneError | Error, request, reply) =>
    answerError(error, request, reply, page),
  );
}

export function answerError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  page?: ErrorPageRenderer,
): FastifyReply {
  const answer = prepareErrorAnswer(error, request, reply);
  return (
    page?.(request, reply, answer) ??
    reply.code(answer.status).send({ error: answer.code, message: answer.message, ...answer.details })
  );
}
