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
  constructor(edition: string, slug: string) {
    super(
      "SLUG_TAKEN",
      409,
      `The slug "${slug}" is already used by another article in the "${edition}" edition; choose another.`,
      { edition, slug },
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
