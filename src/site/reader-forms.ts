import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";

/** The largest body an edition route accepts by POST (forms of a few fields; comments). */
export const EDITION_POST_BODY_LIMIT = 256 * 1024;

/** A reader form holds a handful of fields; more is not a form of ours. */
const MAX_FIELDS = 20;
const MAX_NAME = 40;

/** Why a reader form could not be read at all: the route shows the message beside its form. */
export type FormRefusalCode = "FORM_TYPE" | "FORM_ENCODING" | "FORM_UNREADABLE" | "FIELD_REPEATED";

export interface FormRefusal {
  code: FormRefusalCode;
  /** The field at fault (a repeated one), when there is one. */
  field?: string;
}

/** Thrown by the form parsers; the edition router hands it to the route as its form's refusal. */
export class FormRefusedError extends Error {
  readonly statusCode: number;
  constructor(readonly refusal: FormRefusal) {
    super(`Form refused: ${refusal.code}`);
    this.statusCode = refusal.code === "FORM_TYPE" ? 415 : 400;
  }
}

/**
 * The reader site's parsers, in its own scope: cookies (the verified reader's session), forms as
 * browsers send them (`application/x-www-form-urlencoded`, `multipart/form-data` without files), in
 * UTF-8, up to EDITION_POST_BODY_LIMIT. Nothing else: JSON, text and XML bodies are refused (415).
 */
export async function registerReaderForms(scope: FastifyInstance): Promise<void> {
  scope.removeAllContentTypeParsers();
  await scope.register(cookie);
  await scope.register(formbody, { bodyLimit: EDITION_POST_BODY_LIMIT, parser: parseStrictForm });
  await scope.register(multipart, {
    attachFieldsToBody: "keyValues",
    limits: {
      fieldNameSize: MAX_NAME,
      fieldSize: EDITION_POST_BODY_LIMIT,
      fields: MAX_FIELDS,
      files: 0,
      parts: MAX_FIELDS,
    },
  });
  scope.addHook("onRequest", async (request) => {
    if (request.method !== "POST") return;
    const contentType = request.headers["content-type"] ?? "";
    // A declared charset other than UTF-8 would be read as UTF-8 and stored garbled: refused.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      throw new FormRefusedError({ code: "FORM_ENCODING" });
    }
    // Multipart without a boundary cannot be split into fields (busboy would throw a bare Error).
    if (
      /^\s*multipart\/form-data\b/i.test(contentType) &&
      !/;\s*boundary\s*=\s*"?[^";\s]/i.test(contentType)
    ) {
      throw new FormRefusedError({ code: "FORM_UNREADABLE" });
    }
  });
}

/**
 * @fastify/formbody's parser for reader forms, stricter than its default: a `%` not followed by two
 * hex digits makes the form unreadable, bytes that are not UTF-8 (raw, or percent-encoded) are
 * refused rather than stored as U+FFFD, and so are more than a handful of fields or long names.
 * Repeated fields become arrays, which the routes' schemas refuse (FIELD_REPEATED).
 */
export function parseStrictForm(text: string): Record<string, string | string[]> {
  // Raw bytes that were not UTF-8 were decoded to U+FFFD before reaching here; browsers send
  // every non-ASCII character percent-encoded, so a raw U+FFFD came from broken bytes.
  if (text.includes("\uFFFD")) throw new FormRefusedError({ code: "FORM_ENCODING" });
  const fields: Record<string, string | string[]> = Object.create(null);
  let count = 0;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    if (++count > MAX_FIELDS) throw new FormRefusedError({ code: "FORM_UNREADABLE" });
    const equals = pair.indexOf("=");
    const name = decodeField(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? "" : decodeField(pair.slice(equals + 1));
    if (name.length > MAX_NAME) throw new FormRefusedError({ code: "FORM_UNREADABLE" });
    const existing = fields[name];
    if (existing === undefined) fields[name] = value;
    else fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return fields;
}

function decodeField(encoded: string): string {
  if (/%(?![0-9A-Fa-f]{2})/.test(encoded)) throw new FormRefusedError({ code: "FORM_UNREADABLE" });
  try {
    return decodeURIComponent(encoded.replaceAll("+", " "));
  } catch {
    // Escapes of bytes that are not UTF-8: an overlong "<", a lone surrogate, a cut sequence.
    throw new FormRefusedError({ code: "FORM_ENCODING" });
  }
}

/**
 * What a failure to read a reader form means to the reader, or undefined when it is no form's fault
 * (a body over the limit keeps its 413 page, an outage its 5xx).
 */
export function formRefusalOf(error: unknown, request: FastifyRequest): FormRefusal | undefined {
  if (error instanceof FormRefusedError) return error.refusal;
  const fastify = error as Partial<FastifyError> & { validationContext?: string };
  if (fastify.validation && fastify.validationContext === "body") {
    return validationRefusal(fastify.validation, request.body);
  }
  const status = fastify.statusCode ?? 500;
  if (status === 415 || fastify.code === "FST_ERR_CTP_EMPTY_TYPE") return { code: "FORM_TYPE" };
  // A file where a reader form has none, or more parts than it has: not a form of ours.
  if (fastify.code === "FST_FILES_LIMIT" || fastify.code === "FST_PARTS_LIMIT") {
    return { code: "FORM_UNREADABLE" };
  }
  if (fastify.code === "FST_FIELDS_LIMIT") return { code: "FORM_UNREADABLE" };
  if (status === 413 || status >= 500 || status < 400) return undefined;
  // A multipart body that does not parse (no boundary, cut short) and the like.
  return { code: "FORM_UNREADABLE" };
}

function validationRefusal(errors: NonNullable<FastifyError["validation"]>, body: unknown): FormRefusal {
  const [first] = errors;
  const field = first?.instancePath.replace(/^\//, "") ?? "";
  const value = field && body && typeof body === "object" ? (body as Record<string, unknown>)[field] : null;
  if (Array.isArray(value)) return { code: "FIELD_REPEATED", field };
  return { code: "FORM_UNREADABLE" };
}

/** The form's fields as far as they could be read, first value of each, for the form shown again. */
export function readableFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!body || typeof body !== "object") return fields;
  for (const [name, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") fields[name] = first;
  }
  return fields;
}
