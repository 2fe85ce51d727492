const NON_ASCII = /[\u0080-\uffff]/;
const MARKS = /\p{M}+/gu;

/**
 * Text as every comparison of words sees it: compatibility forms unified ("ﬁ" → "fi", "Ａ" → "a"),
 * accents and other combining marks removed, lowercase: `Irã` → `ira`, `İstanbul` → `istanbul`.
 * Search terms, related-story terms, tag suggestions, media search, comment fingerprints and word
 * lists all use it, so that what one of them finds the others find the same way.
 */
export function foldText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize("NFKD").replace(MARKS, "").toLowerCase();
}

/** Whether `text` has anything outside ASCII (the fast paths of word matching skip it otherwise). */
export function hasNonAscii(text: string): boolean {
  return NON_ASCII.test(text);
}
