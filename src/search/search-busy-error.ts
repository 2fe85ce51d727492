import { ServiceUnavailableError } from "../shared/errors.ts";

/**
 * More searches at once than this process takes: nothing was searched, and the same search will
 * work in a moment. Answered 503 with `Retry-After` and the edition's "busy" page.
 */
export class SearchBusyError extends ServiceUnavailableError {
  constructor(retryAfterSeconds: number) {
    super(
      "SEARCH_BUSY",
      `Search is busy just now; try again in ${retryAfterSeconds} seconds. Pages other than search are not affected.`,
      retryAfterSeconds,
    );
  }
}
