import { createHash, randomBytes } from "node:crypto";

/**
 * Crawlers, link previewers, monitors and headless browsers: what is not a reader reading. Matched
 * on the User-Agent, which is looked at and never kept.
 */
const NOT_A_READER =
  /bot\b|bot\/|crawl|spider|slurp|mediapartners|facebookexternalhit|embedly|preview|headless|lighthouse|pingdom|uptime|monitor|curl\/|wget\/|python-|httpclient|okhttp|java\/|go-http-client|node-fetch|axios|^$/i;

export function isBot(userAgent: string | undefined): boolean {
  return NOT_A_READER.test(userAgent ?? "");
}

/** A prefetch or prerender asked for ahead of a visit that may never come (Chromium, Firefox, Safari). */
export function isPrefetch(headers: Record<string, string | string[] | undefined>): boolean {
  const purpose = [headers["sec-purpose"], headers.purpose, headers["x-purpose"], headers["x-moz"]]
    .flat()
    .join(" ")
    .toLowerCase();
  return purpose.includes("prefetch") || purpose.includes("preview");
}

/**
 * Forgets a reader's reloads of one article within a UTC day: it holds salted hashes of address,
 * browser, article and day, in memory only. The salt is drawn at random each day and dropped with
 * that day's hashes, so yesterday's cannot be recomputed, even by this process. At most `capacity`
 * hashes a day: past that, a reload may count twice rather than memory grow without bound.
 */
export class ReloadFilter {
  #day = "";
  #salt = Buffer.alloc(0);
  #seen = new Set<string>();

  constructor(private readonly capacity = 1_000_000) {}

  /** True the first time this reader is seen on this article today; false for a reload. */
  firstToday(reader: { address: string; userAgent: string }, article: string, now: Date): boolean {
    const day = now.toISOString().slice(0, 10);
    if (day !== this.#day) {
      this.#day = day;
      this.#salt = randomBytes(32);
      this.#seen = new Set();
    }
    const hash = createHash("sha256")
      .update(this.#salt)
      .update(`${reader.address}\n${reader.userAgent}\n${article}\n${day}`)
      .digest("base64url")
      .slice(0, 22);
    if (this.#seen.has(hash)) return false;
    if (this.#seen.size >= this.capacity) this.#seen.clear();
    this.#seen.add(hash);
    return true;
  }
}
