/**
 * SQLite's "the database is locked" family, and PostgreSQL's conditions where the same request
 * succeeds when tried again: serialization failures, deadlocks, lock timeouts, no free connection.
 */
const POSTGRES_RETRYABLE = new Set(["40001", "40P01", "55P03", "53300", "57P03"]);

/** Whether a database error means "busy, try again" rather than a bug or bad input. */
export function isDatabaseBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return true;
    if (POSTGRES_RETRYABLE.has(code)) return true;
  }
  // pg-pool's own error when every connection stayed taken for its whole connection timeout.
  return error.message === "timeout exceeded when trying to connect";
}

/**
 * PostgreSQL's conditions where the server is away for now (restarting, shutting down, the
 * connection cut or refused): the request did not reach a committed change and may be tried again
 * in a moment. Class 08 is "connection exception"; 57P01–57P03 are shutdowns and start-ups.
 */
const POSTGRES_AWAY = new Set(["57P01", "57P02", "57P03"]);
const SOCKET_AWAY = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"]);
/** The pg client's own errors: its connection was cut, or it was asked again on a client that lost it. */
const PG_CONNECTION_LOST =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable)$/;

/** Whether a database error means "the database cannot be reached just now". */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === "string" &&
    (POSTGRES_AWAY.has(code) || code.startsWith("08") || SOCKET_AWAY.has(code))
  ) {
    return true;
  }
  return PG_CONNECTION_LOST.test(error.message);
}
