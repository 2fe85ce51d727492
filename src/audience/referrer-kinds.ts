/**
 * Where a reader came from, as the beacon reports it: the kind only, computed in the browser from
 * `document.referrer` and the page's own address, so the referring address never leaves the page.
 */
export const REFERRER_KINDS = ["search", "social", "direct", "internal", "newsletter", "other"] as const;

export type ReferrerKind = (typeof REFERRER_KINDS)[number];
