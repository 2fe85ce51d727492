import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HMAC-SHA-256 of `message` with `secret`: what every token, cookie and keyed hash of Tribune is
 * made of. Callers put what the signature is for at the start of the message (`session:…`), so a
 * value signed for one purpose is never accepted for another.
 */
export function keyedDigest(secret: string, message: string): Buffer {
  return createHmac("sha256", secret).update(message).digest();
}

/** Whether two signatures or tokens are the same, in time that does not depend on where they differ. */
export function sameSecretText(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
