import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { prepareErrorAnswer } from "../../http/http-errors.ts";
import type { NewsroomPages } from "../newsroom-pages.tsx";
import { isApiRequest } from "./newsroom-auth.ts";

const TITLES: Record<number, string> = {
  400: "That did not work",
  401: "Sign in first",
  403: "Not allowed",
  404: "Not found",
  409: "Already there",
  410: "No longer valid",
  413: "Too large",
  415: "Not accepted",
  429: "Too many attempts",
  500: "Something went wrong",
  503: "Busy just now",
};

/**
 * Errors under /newsroom: pages answer a newsroom page that says what happened and what to do; the
 * JSON API answers as the rest of Tribune does. Never a stack trace; 5xx are logged as errors.
 */
export function registerNewsroomErrors(scope: FastifyInstance, pages: NewsroomPages): void {
  scope.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const prepared = prepareErrorAnswer(error, request, reply);
    const { status, code, message, details } = schemaRefusal(error, request) ?? prepared;
    return answer(request, reply, pages, status, { error: code, message, ...details });
  });

  scope.setNotFoundHandler((request, reply) =>
    answer(request, reply, pages, 404, {
      error: "NOT_FOUND",
      message: "There is no such page in the newsroom.",
    }),
  );
}

/**
 * A request a route's schema refused (a path id that is not a number, a query parameter no page
 * reads, a JSON field of the wrong type): 400, naming the field at fault as the handlers' own checks
 * do (`field: what is wrong`), and on a page, what to do about it.
 */
function schemaRefusal(error: unknown, request: FastifyRequest): SchemaRefusal | undefined {
  const fastify = error as Partial<FastifyError> | undefined;
  const issue = fastify?.code === "FST_ERR_VALIDATION" ? fastify.validation?.[0] : undefined;
  if (!issue) return undefined;
  // Ajv names one property (missingProperty); TypeBox lists them (requiredProperties).
  const params = issue.params as Record<string, unknown> | undefined;
  const missing = firstOf(params?.missingProperty ?? params?.requiredProperties);
  const extra = firstOf(params?.additionalProperty ?? params?.additionalProperties);
  // "/tagIds/1" reads as the handlers' own checks name it: tagIds[1].
  const path = (issue.instancePath ?? "")
    .split("/")
    .filter(Boolean)
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join("");
  const context = fastify?.validationContext ?? "request";
  const field = [path, missing ?? extra].filter(Boolean).join(".") || context;
  const what =
    extra !== undefined || issue.keyword === "boolean"
      ? `is not a ${context === "body" ? "field" : "parameter"} this ${isApiRequest(request) ? "request" : "page"} reads`
      : missing !== undefined
        ? "is missing"
        : issue.keyword === "pattern"
          ? "is not in the form expected"
          : (issue.message ?? "is not valid");
  const message = isApiRequest(request)
    ? `${field}: ${what}`
    : `${field} (${context}) ${what}. Go back to the page you came from and try again.`;
  return { status: 400, code: "VALIDATION_FAILED", message, details: { field } };
}

interface SchemaRefusal {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

function firstOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : undefined;
}

function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  pages: NewsroomPages,
  status: number,
  body: { error: string; message: string } & Record<string, unknown>,
): FastifyReply {
  if (isApiRequest(request)) return reply.code(status).send(body);
  return pages.error(
    request,
    reply,
    status,
    TITLES[status] ?? TITLES[status >= 500 ? 500 : 400] ?? "Error",
    body.message,
  );
}
