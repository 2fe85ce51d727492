import { SearchBusyError } from "./search-busy-error.ts";

export interface AdmissionLimits {
  /** Searches running at once in this process. */
  concurrency: number;
  /** Searches that may wait for their turn; one more is refused at once. */
  queue: number;
  /** How long a search may wait for its turn before it is refused. */
  maxWaitMs: number;
  /** What a refusal tells the client (Retry-After). */
  retryAfterSeconds: number;
}

interface Waiter {
  start: () => void;
  refuse: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Bounded concurrency with a bounded queue, in front of the searches of one process. A flood of
 * searches then costs the database at most `concurrency` queries at a time; the rest wait in turn,
 * without costing anything but a socket, and are refused (SearchBusyError: 503 with Retry-After)
 * when the queue is full, at once, or when their turn has not come within `maxWaitMs`, well before
 * a browser or proxy would give up on them. Waiting rather than refusing at once is deliberate: a
 * client that loops on its connections comes back with the next search the moment it is answered,
 * and answering it is what would take the event loop from the pages.
 */
export class SearchAdmission {
  #running = 0;
  readonly #waiting: Waiter[] = [];

  constructor(readonly limits: AdmissionLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, not ${value}`);
    }
    if (limits.concurrency < 1) throw new Error(`concurrency must be at least 1, not ${limits.concurrency}`);
  }

  /** Searches running now. */
  get running(): number {
    return this.#running;
  }

  /** Searches waiting for their turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `work` when its turn comes. Whether it runs, waits or is refused is decided at the call,
   * before the returned promise is awaited.
   */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.limits.concurrency) return this.#start(work);
    if (this.#waiting.length >= this.limits.queue) return Promise.reject(this.#busy());
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          this.#start(work).then(resolve, reject);
        },
        refuse: () => reject(this.#busy()),
        timer: setTimeout(() => {
          this.#remove(waiter);
          waiter.refuse();
        }, this.limits.maxWaitMs),
      };
      this.#waiting.push(waiter);
    });
  }

  async #start<T>(work: () => Promise<T>): Promise<T> {
    this.#running++;
    try {
      return await work();
    } finally {
      this.#running--;
      this.#waiting.shift()?.start();
    }
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiting.indexOf(waiter);
    if (index >= 0) this.#waiting.splice(index, 1);
  }

  #busy(): SearchBusyError {
    return new SearchBusyError(this.limits.retryAfterSeconds);
  }
}
