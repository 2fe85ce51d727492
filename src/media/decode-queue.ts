import { ServiceUnavailableError } from "../shared/errors.ts";

/** Too many images already waiting to be decoded in this process: nothing of the request was kept. */
export class MediaBusyError extends ServiceUnavailableError {
  constructor(retryAfterSeconds: number) {
    super(
      "MEDIA_BUSY",
      "Too many pictures are being processed just now, so nothing was uploaded. Try again in a moment.",
      retryAfterSeconds,
    );
  }
}

/**
 * Runs image decodes a few at a time, first come first served, with a bounded waiting line. What a
 * decode costs in memory is bounded per image (decode-budget.ts); this bounds how many run at once,
 * so a worker's memory stays within its budget however many uploads arrive together. Past the line's
 * length a decode is refused at once with a 503 and Retry-After rather than queued without end.
 */
export class DecodeQueue {
  readonly concurrency: number;
  readonly maxWaiting: number;
  readonly #retryAfterSeconds: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: { concurrency: number; maxWaiting: number; retryAfterSeconds: number }) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`DecodeQueue: concurrency must be a whole number ≥ 1, got ${options.concurrency}`);
    }
    this.concurrency = options.concurrency;
    this.maxWaiting = options.maxWaiting;
    this.#retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Decodes running now. */
  get running(): number {
    return this.#running;
  }

  /** Decodes waiting for their turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `work` when its turn comes; throws MediaBusyError at once when the line is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.concurrency) {
      this.#running += 1;
    } else {
      if (this.#waiting.length >= this.maxWaiting) throw new MediaBusyError(this.#retryAfterSeconds);
      // The slot is handed over by the decode that finishes: #running stays as it is.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}

/**
 * The process's one queue for image decodes. One at a time: the machine's cores serve readers too,
 * and libvips already spreads one decode over them (sharp.concurrency). A waiting upload holds a
 * file on disk, not memory, so the line can be long; beyond it a client is told to come back.
 */
export const decodeQueue = new DecodeQueue({ concurrency: 1, maxWaiting: 32, retryAfterSeconds: 10 });
