import { ValidationError } from "./errors.ts";

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 120;

/** A readable URL slug from any text: accents folded, lowercase, words joined by hyphens. */
export function slugify(text: string, maxLength = 80): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(/&/g, " ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  const lastHyphen = cut.lastIndexOf("-");
  return (lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, "");
}

/** Checks a slug given by a person; the message says what a valid one looks like. */
export function assertValidSlug(slug: string, field = "slug"): string {
  if (!SLUG_PATTERN.test(slug) || slug.length > MAX_SLUG_LENGTH) {
    throw new ValidationError(
      field,
      `"${slug.slice(0, 140)}" is not a valid slug; use lowercase letters, digits and single hyphens, at most ${MAX_SLUG_LENGTH} characters (e.g. iran-backed-groups-stop-attacks)`,
    );
  }
  return slug;
}
