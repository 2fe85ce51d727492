/** The codings a cached response is kept in. */
export type Coding = "identity" | "gzip" | "br";

/** One coding of a cached response: its bytes and the headers that go with them, built at store time. */
export interface Representation {
  readonly coding: Coding;
  body: Buffer;
  readonly etag: string;
  /** Everything a 200 (or 301, 404, 410) of this body sends, Content-Length included. */
  headers: Readonly<Record<string, string>>;
  /** The same, marked as served stale while a fresh copy is made. */
  staleHeaders: Readonly<Record<string, string>>;
  /** What a 304 for this coding sends: the validators, Cache-Control, Vary and the keys. */
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
}

/** A rendered response, kept compressed in every coding it may be sent in. */
export interface CacheEntry {
  /** Host + path + normalized query. */
  readonly key: string;
  readonly status: number;
  readonly identity: Representation;
  readonly gzip: Representation | undefined;
  readonly br: Representation | undefined;
  readonly surrogateKeys: readonly string[];
  readonly lastModified: string | undefined;
  readonly storedAt: number;
  readonly freshUntil: number;
  readonly staleUntil: number;
  bytes: number;
  /** Bookkeeping of the cache: last move to the recent end, hits, a refresh or upgrade under way. */
  touched: number;
  hits: number;
  refreshing: boolean;
  upgraded: boolean;
}

export interface PageCacheStats {
  hits: number;
  staleHits: number;
  misses: number;
  coalesced: number;
  stores: number;
  /** Renders not kept because a purge of one of their keys happened while they were made. */
  discarded: number;
  evictions: number;
  purged: number;
}

export interface PageCacheOptions {
  /** The most bytes (bodies in every coding, plus an estimate for headers) kept at once. */
  maxBytes: number;
  /** The clock, in ms (tests move it). */
  now?: () => number;
}

interface Flight {
  readonly promise: Promise<CacheEntry | undefined>;
  readonly resolve: (entry: CacheEntry | undefined) => void;
  settled: boolean;
}

/** A render that others wait for: settle it with what it stored (or undefined) exactly once. */
export interface Lead {
  settle(entry: CacheEntry | undefined): void;
}

/** How long a purge is remembered, to refuse a render that started before it (see `store`). */
const PURGE_MEMORY_MS = 120_000;

/**
 * The in-process page cache: an LRU bounded by bytes, indexed by surrogate key for purging, with
 * request coalescing (one render per URL however many readers ask at once). A lookup is a Map get;
 * the entry holds pre-built bytes and headers, so a hit does no other work.
 */
export class PageCache {
  readonly maxBytes: number;
  readonly stats: PageCacheStats = {
    hits: 0,
    staleHits: 0,
    misses: 0,
    coalesced: 0,
    stores: 0,
    discarded: 0,
    evictions: 0,
    purged: 0,
  };
  private readonly now: () => number;
  private readonly entries = new Map<string, CacheEntry>();
  private readonly byKey = new Map<string, Set<CacheEntry>>();
  private readonly purgedAt = new Map<string, number>();
  private readonly flights = new Map<string, Flight>();
  /** URLs whose last render could not be kept, until when: their misses need not wait for each other. */
  private readonly passes = new Map<string, number>();
  private totalBytes = 0;
  private tick = 0;

  constructor(options: PageCacheOptions) {
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes <= 0) {
      throw new RangeError(`page cache: maxBytes must be a positive integer, not ${options.maxBytes}`);
    }
    this.maxBytes = options.maxBytes;
    this.now = options.now ?? Date.now;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The time in ms, by the cache's clock. */
  time(): number {
    return this.now();
  }

  /**
   * The entry for a URL while it is fresh or within its stale window (check `freshUntil`), else
   * undefined. Moves it towards the recent end only when it has drifted into the older part, so a
   * hot entry costs one Map get per hit.
   */
  get(key: string): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() > entry.staleUntil) {
      this.remove(entry);
      return undefined;
    }
    if (this.tick - entry.touched > this.entries.size >> 2) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      entry.touched = ++this.tick;
    }
    return entry;
  }

  /**
   * Keeps an entry, evicting the least recently used ones beyond the byte bound. Refused (false)
   * when one of its keys was purged since `renderStartedAt`: it may show what the purge replaced.
   */
  store(entry: CacheEntry, renderStartedAt: number): boolean {
    for (const key of entry.surrogateKeys) {
      const purged = this.purgedAt.get(key);
      if (purged !== undefined && purged >= renderStartedAt) {
        this.stats.discarded += 1;
        return false;
      }
    }
    if (entry.bytes > this.maxBytes / 4) return false;
    const previous = this.entries.get(entry.key);
    if (previous) this.remove(previous);
    entry.touched = ++this.tick;
    this.entries.set(entry.key, entry);
    this.totalBytes += entry.bytes;
    for (const key of entry.surrogateKeys) {
      let set = this.byKey.get(key);
      if (!set) {
        set = new Set();
        this.byKey.set(key, set);
      }
      set.add(entry);
    }
    this.stats.stores += 1;
    this.evict();
    return true;
  }

  /** An entry's size changed (a better compressed body replaced one). */
  resize(entry: CacheEntry, bytes: number): void {
    if (this.entries.get(entry.key) !== entry) {
      entry.bytes = bytes;
      return;
    }
    this.totalBytes += bytes - entry.bytes;
    entry.bytes = bytes;
    this.evict();
  }

  /** Drops every entry carrying one of the keys; returns how many were dropped. */
  purge(keys: Iterable<string>): number {
    const now = this.now();
    let dropped = 0;
    for (const key of keys) {
      this.purgedAt.set(key, now);
      const set = this.byKey.get(key);
      if (!set) continue;
      for (const entry of [...set]) {
        this.remove(entry);
        dropped += 1;
      }
    }
    // Readers arriving from now on must not wait for a render that started before the change.
    this.flights.clear();
    if (this.purgedAt.size > 1000) {
      for (const [key, at] of this.purgedAt) if (at < now - PURGE_MEMORY_MS) this.purgedAt.delete(key);
    }
    this.stats.purged += dropped;
    return dropped;
  }

  /** Drops everything. */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.remove(entry);
    this.flights.clear();
    this.passes.clear();
  }

  /** The render of `key` others are waiting for, if one is under way. */
  pending(key: string): Promise<CacheEntry | undefined> | undefined {
    return this.flights.get(key)?.promise;
  }

  /** Registers the caller as the one render of `key` that concurrent misses wait for. */
  lead(key: string): Lead {
    let resolve!: (entry: CacheEntry | undefined) => void;
    const promise = new Promise<CacheEntry | undefined>((done) => {
      resolve = done;
    });
    const flight: Flight = { promise, resolve, settled: false };
    this.flights.set(key, flight);
    return {
      settle: (entry) => {
        if (flight.settled) return;
        flight.settled = true;
        if (this.flights.get(key) === flight) this.flights.delete(key);
        resolve(entry);
      },
    };
  }

  /**
   * Remembers for a while that a URL's answer is not cacheable (a search, a private page), so that
   * concurrent requests for it render side by side instead of queueing behind each other.
   */
  markUncacheable(key: string, forMs = 60_000): void {
    if (this.passes.size >= 10_000) this.passes.clear();
    this.passes.set(key, this.now() + forMs);
  }

  /** Whether a URL was found uncacheable lately. */
  isUncacheable(key: string): boolean {
    const until = this.passes.get(key);
    if (until === undefined) return false;
    if (until >= this.now()) return true;
    this.passes.delete(key);
    return false;
  }

  /** The cached URLs, least recently used first (tests and diagnostics). */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** The entry for a URL, without touching it or checking its age (tests and diagnostics). */
  peek(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  private evict(): void {
    while (this.totalBytes > this.maxBytes) {
      const oldest = this.entries.values().next();
      if (oldest.done) break;
      this.remove(oldest.value);
      this.stats.evictions += 1;
    }
  }

  private remove(entry: CacheEntry): void {
    if (this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    this.totalBytes -= entry.bytes;
    for (const key of entry.surrogateKeys) {
      const set = this.byKey.get(key);
      if (!set) continue;
      set.delete(entry);
      if (set.size === 0) this.byKey.delete(key);
    }
  }
}
