import { Type } from "typebox";
import { PAGE_SLUG_SOURCE } from "../pages/page.ts";
import { MAX_SLUG_LENGTH, SLUG_SOURCE } from "../shared/slug.ts";

/**
 * The path and query parameters the reader site's routes declare (src/site/edition-router.ts).
 * A path parameter that does not match is a page that does not exist: the edition's 404.
 */

/** A slug in a path, percent-decoded: words of any script joined by single hyphens. */
export const Slug = Type.String({ pattern: `^${SLUG_SOURCE}$`, maxLength: MAX_SLUG_LENGTH * 4 });

/** A page's slug: plain ASCII words, one path segment (src/pages/page.ts). */
export const PageSlug = Type.String({ pattern: `^${PAGE_SLUG_SOURCE}$`, maxLength: MAX_SLUG_LENGTH });

export const Year = Type.String({ pattern: "^\\d{4}$" });
export const Month = Type.String({ pattern: "^\\d{2}$" });
export const Day = Type.String({ pattern: "^\\d{2}$" });

/** `/{yyyy}/{mm}/{dd}/{slug}`: an article's address, and its thread's below it. */
export const ArticleParams = Type.Object({ year: Year, month: Month, day: Day, slug: Slug });

/** A row id in a path: a positive integer that fits the database's. */
export const RowIdParam = Type.String({ pattern: "^[1-9]\\d{0,9}$" });

/** Pages whose address is all they read: links may still carry tracking parameters, ignored. */
export const IgnoredQuery = Type.Object({}, { additionalProperties: true });

/** Files that read no query parameter at all (feeds, icons, assets): anything else is a 400. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/** Archives' pagination: the cursor of the last story seen (src/site/archive-service.ts). */
export const ArchiveQuery = Type.Object(
  { before: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: true },
);
