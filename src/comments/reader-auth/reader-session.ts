import { keyedDigest, sameSecretText } from "../../shared/signing.ts";

export const READER_COOKIE = "tribune_reader";
/** How long a verified reader stays signed in on one browser. */
export const READER_SESSION_DAYS = 90;

/**
 * The verified reader's cookie: `<reader id>.<expiry ms>.<HMAC>` — nothing stored, valid in every
 * process that shares the secret, and unforgeable without it. It carries no e-mail or name.
 */
export class ReaderSessions {
  constructor(private readonly secret: string) {}

  issue(readerId: number, now: Date): { value: string; expires: Date } {
    const expires = new Date(now.getTime() + READER_SESSION_DAYS * 86_400_000);
    const payload = `${readerId}.${expires.getTime()}`;
    return { value: `${payload}.${this.sign(payload)}`, expires };
  }

  /** The reader id a cookie proves, or null (missing, malformed, forged or expired). */
  verify(cookie: string | undefined, now: Date): number | null {
    if (!cookie || cookie.length > 200) return null;
    const match = /^([1-9]\d{0,9})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
    if (!match?.[1] || !match[2] || !match[3]) return null;
    if (!sameSecretText(this.sign(`${match[1]}.${match[2]}`), match[3])) return null;
    if (Number(match[2]) <= now.getTime()) return null;
    return Number(match[1]);
  }

  private sign(payload: string): string {
    return keyedDigest(this.secret, `reader-session:${payload}`).toString("base64url");
  }
}
