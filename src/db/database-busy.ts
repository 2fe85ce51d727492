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
