import { ValidationError } from "../../shared/errors.ts";
import { MAX_ID, rowIdFrom } from "../../shared/ids.ts";
import { MAX_PAGE_SIZE } from "./media-queries.ts";

const ID_RANGE = `must be an id: a whole number from 1 to ${MAX_ID}`;

/**
 * An id given in the query (`before`): undefined when absent or empty; anything but a whole number
 * from 1 to MAX_ID is a 400 naming the field, so the database never sees it.
 */
export function queryId(field: string, value: unknown): number | undefined {
  if (value === undefined || value === "") return undefined;
  const id = typeof value === "string" ? rowIdFrom(value) : null;
  if (id === null) throw new ValidationError(field, ID_RANGE);
  return id;
}

/** The `limit` of a page of the library: 1 to MAX_PAGE_SIZE, or undefined for the default. */
export function pageLimit(value: unknown): number | undefined {
  if (value === undefined || value === "") return undefined;
  const limit = typeof value === "string" && /^\d{1,3}$/.test(value) ? Number(value) : 0;
  if (limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError("limit", `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return limit;
}

/**
 * The picture a URL's `:id` names. Not a number at all (`/media/abc`) names no page: undefined, for a
 * 404. A number that cannot be an id (0, 2147483648, twenty digits) is a 400 naming `id`.
 */
export function pictureId(value: string): number | undefined {
  if (!/^\d+$/.test(value)) return undefined;
  const id = rowIdFrom(value);
  if (id === null) throw new ValidationError("id", ID_RANGE);
  return id;
}
