export interface VarnishPurgerOptions {
  /** The Varnish instances (VARNISH_URLS), e.g. `http://127.0.0.1:6081`. */
  urls: readonly string[];
  /** How long one PURGE may take before it is given up (2 s). */
  timeoutMs?: number;
  /** The longest `xkey-purge` header sent; more keys go in further requests (Varnish allows 8 KB). */
  maxHeaderBytes?: number;
  /**
   * Purges once more this many ms later (2000; 0 never): a page Varnish fetched while the change was
   * being saved may hold the old content, and a second purge drops it.
   */
  repeatAfterMs?: number;
  /** Told about each instance that did not confirm a purge. */
  onError?: (error: unknown, url: string) => void;
}

/**
 * Sends surrogate-key purges to the Varnish instances in front (deploy/varnish/default.vcl): one
 * `PURGE /` per instance and batch of keys, with the keys space-separated in `xkey-purge`.
 */
export class VarnishPurger {
  readonly urls: readonly string[];
  private readonly timeoutMs: number;
  private readonly maxHeaderBytes: number;
  private readonly repeatAfterMs: number;
  private readonly onError: (error: unknown, url: string) => void;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: VarnishPurgerOptions) {
    this.urls = options.urls.map((url) => new URL(url).origin);
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxHeaderBytes = options.maxHeaderBytes ?? 4000;
    this.repeatAfterMs = options.repeatAfterMs ?? 2000;
    this.onError = options.onError ?? (() => {});
  }

  /** Purges the keys on every instance; resolves when each has answered or timed out. */
  async purge(keys: readonly string[]): Promise<void> {
    if (keys.length === 0 || this.urls.length === 0) return;
    const batches = batchKeys(keys, this.maxHeaderBytes);
    await this.sendAll(batches);
    if (this.repeatAfterMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.sendAll(batches);
      }, this.repeatAfterMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  /** Cancels the repeated purges still to come. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async sendAll(batches: string[]): Promise<void> {
    await Promise.all(this.urls.flatMap((url) => batches.map((header) => this.send(url, header))));
  }

  private async send(url: string, header: string): Promise<void> {
    try {
      const response = await fetch(`${url}/`, {
        method: "PURGE",
        headers: { "xkey-purge": header },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url} answered ${response.status} to PURGE`);
    } catch (error) {
      this.onError(error, url);
    }
  }
}

/** Splits keys into space-separated lists of at most `maxBytes` characters (a longer key goes alone). */
export function batchKeys(keys: readonly string[], maxBytes: number): string[] {
  const batches: string[] = [];
  let current = "";
  for (const key of keys) {
    if (current !== "" && current.length + 1 + key.length > maxBytes) {
      batches.push(current);
      current = "";
    }
    current = current === "" ? key : `${current} ${key}`;
  }
  if (current !== "") batches.push(current);
  return batches;
}
