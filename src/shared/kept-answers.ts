interface Entry<T> {
  answer: Promise<T>;
  /** By the cache's clock; Infinity while the answer is being made. */
  expiresAt: number;
}

export interface KeptAnswersOptions {
  /** Answers kept at most; the oldest goes first. */
  maxEntries: number;
  /**
   * How long a made answer is kept; 0 keeps answers only while they are being made, Infinity until
   * `clear`.
   */
  ttlMs: number;
  now?: () => number;
}

/**
 * Answers by key, shared while they are being made (identical requests at once cost one) and kept
 * `ttlMs` after (identical requests within seconds cost one), up to `maxEntries`. A failed answer
 * is not kept. `clear` forgets everything, answers being made included: a search begun before a
 * content change is not kept after it.
 */
export class KeptAnswers<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #now: () => number;

  constructor(private readonly options: KeptAnswersOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** The answer for `key`: kept, being made, or made now by `make`. */
  keep(key: string, make: () => Promise<T>): Promise<T> {
    const kept = this.#entries.get(key);
    if (kept && kept.expiresAt > this.#now()) return kept.answer;
    if (kept) this.#entries.delete(key);
    const entry: Entry<T> = { answer: make(), expiresAt: Number.POSITIVE_INFINITY };
    this.#entries.set(key, entry);
    if (this.#entries.size > this.options.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    entry.answer.then(
      () => {
        if (this.#entries.get(key) !== entry) return;
        if (this.options.ttlMs > 0) entry.expiresAt = this.#now() + this.options.ttlMs;
        else this.#entries.delete(key);
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry.answer;
  }

  /** Forgets every answer. */
  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
