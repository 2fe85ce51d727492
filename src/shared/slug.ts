import { ValidationError } from "./errors.ts";
import { spellLatinPlainly } from "./text/fold.ts";

/**
 * A word of a slug: lowercase letters of any script (Latin ones without accents), digits, and the
 * combining marks that other scripts write words with (Arabic vowels, Devanagari vowel signs).
 */
const SLUG_WORD = "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{N}\\p{M}]+";
/**
 * A slug as routes match it (in a path already percent-decoded): words joined by single hyphens.
 * Coarser than isValidSlug; a slug that matches but was never given finds no article.
 */
export const SLUG_SOURCE = `${SLUG_WORD}(?:-${SLUG_WORD})*`;
export const MAX_SLUG_LENGTH = 120;

/**
 * A readable URL slug from any text: Latin letters lose their accents (`Ação` → `acao`, `İstanbul` →
 * `istanbul`), letters of other scripts stay as they are (`Москва`, `القاهرة`, `北京`: URLs carry them
 * percent-encoded), everything lowercase, words joined by hyphens. Nothing is transliterated: a
 * reader of the edition reads its own script, and a round trip through Latin letters loses words.
 */
export function slugify(text: string, maxLength = 80): string {
  const latinPlain = spellLatinPlainly(
    text
      .normalize("NFKD")
      .replace(/(\p{Script=Latin})\p{M}+/gu, "$1")
      .normalize("NFC")
      .toLowerCase(),
  );
  const slug = latinPlain
    .replace(/&/g, " ")
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return shorten(slug, maxLength);
}

/** The slug in ASCII only (file names): what has no Latin spelling is dropped. */
export function asciiSlugify(text: string, maxLength = 80): string {
  return shorten(
    slugify(text, Number.POSITIVE_INFINITY)
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, ""),
    maxLength,
  );
}

/** At most `maxLength` characters, cut at a hyphen when one is near the end. */
function shorten(slug: string, maxLength: number): string {
  const characters = [...slug];
  if (characters.length <= maxLength) return slug;
  const cut = characters.slice(0, maxLength).join("");
  const lastHyphen = cut.lastIndexOf("-");
  return (lastHyphen > cut.length / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, "");
}

/** Checks a slug given by a person; the message says what a valid one looks like. */
export function assertValidSlug(slug: string, field = "slug"): string {
  if (!isValidSlug(slug)) {
    throw new ValidationError(
      field,
      `"${slug.slice(0, 140)}" is not a valid slug; use lowercase letters, digits and single hyphens, at most ${MAX_SLUG_LENGTH} characters, Latin letters without accents (e.g. iran-backed-groups-stop-attacks)`,
    );
  }
  return slug;
}

/** A slug is valid when it is in the form slugify gives: nothing to fold, case or join differently. */
export function isValidSlug(slug: string): boolean {
  return (
    slug !== "" && [...slug].length <= MAX_SLUG_LENGTH && slugify(slug, Number.POSITIVE_INFINITY) === slug
  );
}

/** A slug as a path segment: percent-encoded outside ASCII, as browsers send it back. */
export function slugSegment(slug: string): string {
  return encodeURIComponent(slug);
}
