/**
 * One base error for every condition a user can act on. Services throw these; the HTTP layer maps
 * `status` to the response and the CLI prints `message`. Anything else is a bug and answers 500.
 */
export class TribuneError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: string, status: number, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** Input that breaks a rule; `field` names what to fix. */
export class ValidationError extends TribuneError {
  constructor(field: string, message: string) {
    super("VALIDATION_FAILED", 400, `${field}: ${message}`, { field });
  }
}

export class NotFoundError extends TribuneError {
  constructor(what: string, key: string | number) {
    super("NOT_FOUND", 404, `No ${what} with key "${key}".`, { what, key });
  }
}

export class ConflictError extends TribuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("CONFLICT", 409, message, details);
  }
}

export class SlugTakenError extends TribuneError {
  /** `what`: the kind of thing whose slugs are unique in an edition (articles, pages). */
  constructor(edition: string, slug: string, what: "article" | "page" = "article") {
    super(
      "SLUG_TAKEN",
      409,
      `The slug "${slug}" is already used by another ${what} in the "${edition}" edition; choose another.`,
      { edition, slug },
    );
  }
}

/**
 * An edit made on a revision that is no longer the current one (someone else, or another tab, saved
 * in between): nothing was saved, so nobody's work is silently overwritten.
 */
export class EditConflictError extends TribuneError {
  constructor(
    details: { articleId: number; expectedRevisionId: number; currentRevisionId: number | null } & Record<
      string,
      unknown
    >,
  ) {
    super(
      "EDIT_CONFLICT",
      409,
      "This article has been saved by someone else (or in another tab) since you opened it, so your changes were not saved. Copy them, reload the page to see the latest version, and apply them again.",
      details,
    );
  }
}

export class UnknownEditionError extends TribuneError {
  constructor(code: string, known: readonly string[]) {
    super("UNKNOWN_EDITION", 400, `There is no "${code}" edition; the editions are: ${known.join(", ")}.`, {
      edition: code,
    });
  }
}

/** Configuration that stops the start; the message is the one line printed to the operator. */
export class ConfigError extends TribuneError {
  constructor(variable: string, message: string) {
    super("BAD_CONFIG", 500, `${variable}: ${message}`, { variable });
  }
}

/** No signed-in user where one is needed (the newsroom answers pages with a redirect instead). */
export class UnauthenticatedError extends TribuneError {
  constructor(message = "Sign in to the newsroom first.") {
    super("UNAUTHENTICATED", 401, message);
  }
}

/** A signed-in user whose role does not allow the action; the message names both. */
export class ForbiddenError extends TribuneError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("FORBIDDEN", 403, message, details);
  }
}

/** Too many attempts in a window (sign-in); `retryAfterSeconds` says when to try again. */
export class TooManyAttemptsError extends TribuneError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super("TOO_MANY_ATTEMPTS", 429, message, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The site cannot take this request just now (deliberate load shedding, a database busy beyond its
 * wait): nothing was changed, and the same request will work after `retryAfterSeconds`, which the
 * HTTP layer sends as `Retry-After`.
 */
export class ServiceUnavailableError extends TribuneError {
  readonly retryAfterSeconds: number;

  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(code, 503, message, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Another process held the database's write lock for longer than a request may wait. */
/** The database server is away for a moment (restarting, its connection cut). */
export class DatabaseUnreachableError extends ServiceUnavailableError {
  constructor(retryAfterSeconds = 2) {
    super(
      "DATABASE_UNREACHABLE",
      "The database cannot be reached just now. Try again in a moment.",
      retryAfterSeconds,
    );
  }
}

export class DatabaseBusyError extends ServiceUnavailableError {
  constructor(retryAfterSeconds = 2) {
    super(
      "DATABASE_BUSY",
      "The database is busy with other changes, so nothing was saved. Try again in a moment.",
      retryAfterSeconds,
    );
  }
}

/** When to try again, for the errors that say so (429 and 503). */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof TooManyAttemptsError || error instanceof ServiceUnavailableError
    ? error.retryAfterSeconds
    : undefined;
}
