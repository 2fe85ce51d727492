import { createHash, randomBytes } from "node:crypto";

/** A secret for a cookie or a link: 256 random bits, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Whether `value` has the shape of a token from newToken() (checked before any lookup). */
export function looksLikeToken(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** What is stored instead of a token: its SHA-256, hex. A copy of the table opens nothing. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
