import { SearchBusyError } from "./search-busy-error.ts";

export interface AdmissionLimits {
  /** Searches running at once in this process. */
  concurrency: number;
  /**
   * The part of the time each of those places may be busy, above 0 and at most 1: after a search
   * that took t, its place stays closed for t × (1/share − 1) before the next one starts. 1 lets
   * searches run back to back; ½ keeps the database busy half the time at most.
   */
  share: number;
  /** Searches that may wait for their turn; one more is refused at once. */
  queue: number;
  /** How long a search may wait for its turn before it is refused. */
  maxWaitMs: number;
  /** What a refusal tells the client (Retry-After). */
  retryAfterSeconds: number;
}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Bounded concurrency with a bounded queue, in front of the reader search pages of one process. A
 * flood of searches then costs the database and the event loop at most `concurrency` searches at a
 * time; the rest wait their turn, costing nothing but a socket, and are refused (SearchBusyError:
 * 503 with Retry-After) when the queue is full, at once, or when their turn has not come within
 * `maxWaitMs`, well before a browser or proxy would give up on them.
 *
 * Waiting rather than refusing everything past `concurrency` is deliberate: a client looping on
 * its connections comes back the moment it is answered, and answering it is what would take the
 * event loop from the pages. And searches start one per turn of the event loop, as do refusals of
 * searches that waited too long: searches answered from kept results, each taking its place and
 * giving it back within one callback, or "busy" pages due together, would otherwise be rendered back
 * to back for every connection that has one, and the pages waiting for the loop with them.
 */
export class SearchAdmission {
  #running = 0;
  readonly #waiting: Waiter[] = [];
  readonly #turns = new OnePerTurn();

  constructor(readonly limits: AdmissionLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, not ${value}`);
    }
    if (limits.concurrency < 1) throw new Error(`concurrency must be at least 1, not ${limits.concurrency}`);
    if (limits.share <= 0 || limits.share > 1)
      throw new Error(`share must be above 0 and at most 1, not ${limits.share}`);
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
   * Runs `work` when its turn comes. Whether it runs now, waits or is refused is decided at the
   * call, before the returned promise is awaited.
   */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.limits.concurrency) {
      this.#running++;
      return new Promise<T>((resolve, reject) => {
        this.#turns.run(() => this.#execute(work).then(resolve, reject));
      });
    }
    if (this.#waiting.length >= this.limits.queue) return Promise.reject(this.#busy());
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => this.#execute(work).then(resolve, reject),
        timer: setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          // Searches queued together expire together: each refusal (a page to render) gets a turn.
          this.#turns.run(() => reject(this.#busy()));
        }, this.limits.maxWaitMs),
      };
      this.#waiting.push(waiter);
    });
  }

  async #execute<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const rest = (performance.now() - started) * (1 / this.limits.share - 1);
      if (rest > 0) setTimeout(() => this.#handOver(), rest);
      else this.#handOver();
    }
  }

  /** Gives the place just freed to the first search waiting, in the next turn; or frees it. */
  #handOver(): void {
    const next = this.#waiting.shift();
    if (!next) {
      this.#running--;
      return;
    }
    clearTimeout(next.timer);
    this.#turns.run(next.start);
  }

  #busy(): SearchBusyError {
    return new SearchBusyError(this.limits.retryAfterSeconds);
  }
}

/**
 * Runs what it is given one at a time per turn of the event loop: at once when nothing has run since
 * the last check phase, else in the check phase of a turn to come. (setImmediate runs together every
 * callback queued before a check phase; this queues the next one only then.)
 */
class OnePerTurn {
  readonly #queue: (() => void)[] = [];
  #taken = false;

  run(task: () => void): void {
    if (this.#taken) {
      this.#queue.push(task);
      return;
    }
    this.#take();
    task();
  }

  #take(): void {
    this.#taken = true;
    setImmediate(() => {
      this.#taken = false;
      const next = this.#queue.shift();
      if (next) this.#take();
      next?.();
    });
  }
}
