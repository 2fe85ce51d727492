import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type ErrorAnswer, prepareErrorAnswer } from "../http/http-errors.ts";
import { ValidationError } from "../shared/errors.ts";

/** The media type of an RFC 9457 problem document. */
export const PROBLEM_TYPE = "application/problem+json";

/** Where each problem's `type` points: the API reference's section on errors, by code. */
const PROBLEM_BASE = "/api/docs#problem-";

/** One field a request got wrong, as a validation error names it. */
const FieldProblem = Type.Object({
  field: Type.String({ description: "Where in the request: body/title, querystring/limit…" }),
  message: Type.String(),
});

/**
 * An RFC 9457 problem document: what every API error answers. `code` is stable and meant for
 * programs; `detail` is a sentence meant for the developer reading it.
 */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: "A link to the reference on this kind of problem." }),
    title: Type.String({ description: "The HTTP status's phrase." }),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String({ description: "What went wrong and what to do about it." }),
    code: Type.String({ description: "A stable code: NOT_FOUND, VALIDATION_FAILED, CONFLICT…" }),
    instance: Type.String({ description: "The request's path." }),
    errors: Type.Optional(Type.Array(FieldProblem)),
  },
  { $id: "Problem", additionalProperties: true },
);

const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  428: "Precondition Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The problem document for an error answer (see http-errors.ts for how errors are classified). */
export function problemOf(answer: ErrorAnswer, request: FastifyRequest, error?: unknown) {
  const errors = validationErrorsOf(error);
  return {
    ...answer.details,
    type: `${PROBLEM_BASE}${answer.code.toLowerCase().replaceAll("_", "-")}`,
    title: STATUS_TITLES[answer.status] ?? "Error",
    status: answer.status,
    detail: answer.message,
    code: answer.code,
    instance: request.url.split("?", 1)[0] ?? "/",
    ...(errors ? { errors } : {}),
  };
}

/** The API's error handler: every error, thrown or met by Fastify, answers a problem document. */
export function answerProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = prepareErrorAnswer(error, request, reply);
  return sendProblem(reply, problemOf(answer, request, error));
}

/** Sends a problem document as it is (for answers made without throwing: 404 of an unknown route). */
export function sendProblem(reply: FastifyReply, problem: ReturnType<typeof problemOf>): FastifyReply {
  return reply
    .code(problem.status)
    .header("cache-control", "no-store")
    .type(PROBLEM_TYPE)
    .serializer(JSON.stringify)
    .send(problem);
}

/**
 * A schema validation failure names each field it refused (Fastify keeps Ajv's list); a
 * ValidationError thrown past the schema (a cursor that decodes to nothing) names its one field.
 */
function validationErrorsOf(error: unknown): { field: string; message: string }[] | undefined {
  if (error instanceof ValidationError && typeof error.details.field === "string") {
    const field = error.details.field;
    return [{ field, message: error.message.slice(field.length + 2) }];
  }
  const fastify = error as Partial<FastifyError> | undefined;
  if (!fastify?.validation || !Array.isArray(fastify.validation)) return undefined;
  const context = fastify.validationContext ?? "request";
  return fastify.validation.map((issue) => {
    const where = issue.instancePath || "";
    const missing = (issue.params as { missingProperty?: string } | undefined)?.missingProperty;
    const extra = (issue.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    const field = `${context}${where}${missing ? `/${missing}` : ""}${extra ? `/${extra}` : ""}`;
    const message = extra ? "is not a field this operation accepts" : (issue.message ?? "is not valid");
    return { field, message };
  });
}
