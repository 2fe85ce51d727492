import { TribuneError } from "../shared/errors.ts";

/** Every reason a comment (or a flag, or a sign-in request) is refused; each has a message per language. */
export const REFUSAL_CODES = [
  "FORM_UNREADABLE",
  "FORM_ENCODING",
  "FORM_TYPE",
  "FIELD_REPEATED",
  "NAME_REQUIRED",
  "NAME_TOO_LONG",
  "EMAIL_REQUIRED",
  "EMAIL_INVALID",
  "TEXT_REQUIRED",
  "TEXT_TOO_LONG",
  "PARENT_INVALID",
  "HONEYPOT",
  "CLOSED",
  "BANNED",
  "RATE_LIMITED",
  "TOO_MANY_LINKS",
  "BLOCKED_WORDS",
  "DUPLICATE",
  "FLAG_LIMIT",
  "SIGN_IN_UNAVAILABLE",
  "SIGN_IN_LIMIT",
  "TOKEN_INVALID",
  "BUSY",
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** What a refusal's message may mention; never anything the reader did not send. */
export interface RefusalParams {
  field?: string;
  limit?: number;
  actual?: number;
  minutes?: number;
}

const STATUS: Record<RefusalCode, number> = {
  FORM_UNREADABLE: 400,
  FORM_ENCODING: 400,
  FORM_TYPE: 415,
  FIELD_REPEATED: 400,
  NAME_REQUIRED: 400,
  NAME_TOO_LONG: 400,
  EMAIL_REQUIRED: 400,
  EMAIL_INVALID: 400,
  TEXT_REQUIRED: 400,
  TEXT_TOO_LONG: 400,
  PARENT_INVALID: 400,
  HONEYPOT: 400,
  CLOSED: 403,
  BANNED: 403,
  RATE_LIMITED: 429,
  TOO_MANY_LINKS: 400,
  BLOCKED_WORDS: 422,
  DUPLICATE: 409,
  FLAG_LIMIT: 429,
  // Switched off (no SMTP) is not an outage: monitors read 503 as one.
  SIGN_IN_UNAVAILABLE: 404,
  SIGN_IN_LIMIT: 429,
  TOKEN_INVALID: 400,
  // The database stayed locked by other writers longer than a request waits: try again shortly.
  BUSY: 503,
};

/**
 * A refusal a reader can act on. The HTTP layer shows the message of `code` in the reader's
 * language (i18n/*) next to the form, with what they typed kept; `message` here is for logs.
 */
export class CommentRefusedError extends TribuneError {
  readonly refusal: RefusalCode;
  readonly params: RefusalParams;

  constructor(code: RefusalCode, params: RefusalParams = {}) {
    super(`COMMENT_${code}`, STATUS[code], `Comment refused: ${code}`, { ...params });
    this.refusal = code;
    this.params = params;
  }
}
