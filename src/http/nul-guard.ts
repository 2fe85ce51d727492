import type { FastifyInstance } from "fastify";
import { ValidationError } from "../shared/errors.ts";

/**
 * Refuses, before any route runs, a request that carries a NUL character in its URL (raw or
 * percent-encoded) or in a form or JSON body Fastify parsed. No text in Tribune may hold one,
 * PostgreSQL refuses to store one (a 500 where a 400 belongs), and code that hands text to C
 * libraries may cut it short. Routes that say so (`config.bodyNul: "allowed"`: the reader site's
 * forms, whose comments drop control characters and keep the rest) and streamed uploads check what
 * they keep themselves.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    if (!hasNul(request.url)) return;
    // Named by its query parameter when it is in one: the answer says what to fix.
    throw new ValidationError(nulPath(request.query, "") || "address", "must not contain NUL characters");
  });
  app.addHook("preValidation", async (request) => {
    if (request.routeOptions.config.bodyNul === "allowed") return;
    const path = nulPath(request.body, "");
    if (path !== null) throw new ValidationError(path || "form", "must not contain NUL characters");
  });
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** "allowed": the route keeps its form's NULs to drop them itself (the reader site's comments). */
    bodyNul?: "allowed";
  }
}

const ENCODED_NUL = /%00/i;

function hasNul(text: string): boolean {
  return text.includes("\u0000") || ENCODED_NUL.test(text);
}

/** Where in a parsed body or query the first NUL is (`email`, `tagIds[1]`, "" for the value itself), or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Buffer.isBuffer(value)) return null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\u0000")) return path;
      const found = nulPath(item, path === "" ? key.slice(0, 60) : `${path}.${key.slice(0, 60)}`);
      if (found !== null) return found;
    }
  }
  return null;
}
