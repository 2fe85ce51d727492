import { keyedDigest, sameSecretText } from "../shared/signing.ts";

/** What a signed link does: confirm a subscription, or stop it. */
export type TokenPurpose = "confirm" | "unsubscribe";

/** Confirmation links work for a week; unsubscribe links as long as the subscriber exists. */
const CONFIRM_DAYS = 7;

/**
 * Signed links for subscribers: `<id>.<expiry>.<signature>`, the signature an HMAC of the purpose,
 * the subscriber's id and the expiry (0: none). Nothing is stored; a link for one purpose never
 * verifies for the other.
 */
export class SubscriberTokens {
  constructor(private readonly secret: string) {}

  issue(purpose: TokenPurpose, subscriberId: number, now: Date): string {
    const expires = purpose === "confirm" ? Math.floor(now.getTime() / 1000) + CONFIRM_DAYS * 86_400 : 0;
    return `${subscriberId}.${expires}.${this.sign(purpose, subscriberId, expires)}`;
  }

  /** The subscriber's id the token was issued for, or null (forged, cut, expired). */
  verify(purpose: TokenPurpose, token: string, now: Date): number | null {
    const match = /^([1-9][0-9]{0,15})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return null;
    const id = Number(match[1]);
    const expires = Number(match[2]);
    if (!sameSecretText(this.sign(purpose, id, expires), match[3] as string)) return null;
    if (expires !== 0 && expires * 1000 < now.getTime()) return null;
    if (purpose === "confirm" && expires === 0) return null;
    return id;
  }

  private sign(purpose: TokenPurpose, id: number, expires: number): string {
    return keyedDigest(this.secret, `newsletter-${purpose}:${id}:${expires}`).toString("base64url");
  }
}
