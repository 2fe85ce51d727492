const NON_ASCII = /[\u0080-\uffff]/;
const MARKS = /\p{M}+/gu;

/** Letters that do not decompose into a base letter and a mark, and their plain spelling. */
const LIGATURES: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};
const LIGATURE_PATTERN = new RegExp(`[${Object.keys(LIGATURES).join("")}]`, "g");

/**
 * Text as every comparison of words sees it: compatibility forms unified ("ﬁ" → "fi", "Ａ" → "a"),
 * accents and other combining marks removed, letters such as ß and ø spelt plainly, lowercase:
 * `Irã` → `ira`, `İstanbul` → `istanbul`, `Straße` → `strasse`. Search terms, related-story terms,
 * tag suggestions, media search, slugs, comment fingerprints and word lists all use it, so that
 * what one of them finds the others find the same way. Other scripts keep their letters.
 */
export function foldText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return spellLatinPlainly(text.normalize("NFKD").replace(MARKS, "").toLowerCase());
}

/** Lowercase Latin letters that have no accent to drop spelt plainly: `ß` → `ss`, `ı` → `i`. */
export function spellLatinPlainly(lowercase: string): string {
  return lowercase.replace(LIGATURE_PATTERN, (letter) => LIGATURES[letter] ?? letter);
}

/** Whether `text` has anything outside ASCII (the fast paths of word matching skip it otherwise). */
export function hasNonAscii(text: string): boolean {
  return NON_ASCII.test(text);
}
