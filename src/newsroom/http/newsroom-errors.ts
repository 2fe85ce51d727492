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
    const { status, code, message, details } = prepareErrorAnswer(error, request, reply);
    return answer(request, reply, pages, status, { error: code, message, ...details });
  });

  scope.setNotFoundHandler((request, reply) =>
    answer(request, reply, pages, 404, {
      error: "NOT_FOUND",
      message: "There is no such page in the newsroom.",
    }),
  );
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
