import type { FastifyReply, FastifyRequest } from "fastify";
import type { CommentServices } from "../../../comments/comment-service.ts";
import { READER_COOKIE } from "../../../comments/reader-auth/reader-session.ts";
import type { VerifiedReader } from "../../../comments/reader-auth/reader-sign-in.ts";
import { rowIdFrom } from "../../../shared/ids.ts";

/**
 * Thread pages and counts: browsers keep them briefly (they are not purged), a cache in front
 * keeps them until a comment changes them (the `comments:<article id>` surrogate key is purged).
 */
export const THREAD_CACHE_CONTROL = "public, max-age=15, s-maxage=600, stale-while-revalidate=30";

/** The verified reader a request's cookie proves, when verified readers are on. */
export async function readerOf(
  services: CommentServices,
  request: FastifyRequest,
): Promise<VerifiedReader | null> {
  if (!services.signIn) return null;
  const id = services.sessions.verify(request.cookies[READER_COOKIE], new Date());
  return id === null ? null : services.signIn.reader(id);
}

/**
 * A form posted from another site is refused. Browsers send Origin with every POST; its absence
 * (old clients, tests) is let through — the reader cookie is SameSite=Lax, so a cross-site form
 * never carries a verified reader's session anyway.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

/** A row id from a query or form value, or null. */
export const idFrom = rowIdFrom;

/** A path inside the edition to go back to, or "/" for anything else (no open redirect). */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > 300 || !/^\/(?!\/)[A-Za-z0-9\-._~/]*$/.test(value)) return "/";
  return value;
}

/** A JSON answer with its caching. */
export function sendJson(
  reply: FastifyReply,
  status: number,
  body: unknown,
  cacheControl: string,
): FastifyReply {
  return reply
    .code(status)
    .type("application/json; charset=utf-8")
    .header("cache-control", cacheControl)
    .send(JSON.stringify(body));
}

/** 303 See Other, never cached: the answer to every successful form. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.header("cache-control", "no-store").redirect(location, 303);
}
