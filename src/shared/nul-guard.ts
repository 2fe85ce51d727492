import type { FastifyInstance } from "fastify";
import { ValidationError } from "./errors.ts";

/**
 * Refuses, before any route runs, a request that carries a NUL character in its URL (raw or
 * percent-encoded) or in a form or JSON body Fastify parsed. No text in Tribune may hold one,
 * PostgreSQL refuses to store one (a 500 where a 400 belongs), and code that hands text to C
 * libraries may cut it short. Bodies kept raw (the reader site's forms, whose comments drop control
 * characters and keep the rest) and streamed uploads are read by their own routes, which check what
 * they keep.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    if (hasNul(request.url)) throw new ValidationError("address", "must not contain NUL characters");
  });
  app.addHook("preValidation", async (request) => {
    if (hasNulDeep(request.body)) throw new ValidationError("form", "must not contain NUL characters");
  });
}

const ENCODED_NUL = /%00/i;

function hasNul(text: string): boolean {
  return text.includes("\u0000") || ENCODED_NUL.test(text);
}

function hasNulDeep(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some(hasNulDeep);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([key, item]) => key.includes("\u0000") || hasNulDeep(item));
  }
  return false;
}
