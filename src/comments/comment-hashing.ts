import { isIPv4, isIPv6 } from "node:net";
import { keyedDigest } from "../shared/signing.ts";
import { foldText } from "../shared/text/fold.ts";

/**
 * Keyed hashes of what identifies a commenter (see 0006-comments for why not the values
 * themselves). One secret for all, kept in the data directory like the session secret.
 */
export class CommentHasher {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error("CommentHasher: the secret is too short");
  }

  /** The e-mail, trimmed and lowercased, hashed: bans, history and rate limits look it up. */
  email(email: string): string {
    return this.hash("email", email.trim().toLowerCase());
  }

  /**
   * The address a request came from, hashed; an IPv6 address by its /64 (one household or phone
   * holds a whole /64, so a ban or a rate limit on one address of it would be no limit at all).
   */
  ip(ip: string): string {
    return this.hash("ip", networkOf(ip));
  }

  /** The text folded (case, accents, spacing, punctuation), hashed: the same text posted again. */
  fingerprint(text: string): string {
    const folded = foldText(text)
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
    return this.hash("text", folded);
  }

  private hash(purpose: string, value: string): string {
    return keyedDigest(this.secret, `${purpose}:${value}`).toString("hex").slice(0, 32);
  }
}

/** An IPv4 address as it is; an IPv6 address as its first four groups; IPv4-mapped as IPv4. */
export function networkOf(ip: string): string {
  const value = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(value)) return value;
  if (!isIPv6(value)) return value;
  const [head = "", tail = ""] = value.split("::", 2);
  const left = head ? head.split(":") : [];
  const right = value.includes("::") && tail ? tail.split(":") : [];
  const groups = value.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
