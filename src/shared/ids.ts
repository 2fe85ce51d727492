/**
 * The largest id a row can have: ids are PostgreSQL `integer` columns (and SQLite follows the same
 * rule so both databases answer alike). A larger number in a URL or form names nothing, and must
 * never reach the database, which would refuse it with an error instead of "not found".
 */
export const MAX_ID = 2_147_483_647;

/** Whether `value` can be the id of a row: a whole number from 1 to MAX_ID. */
export function isRowId(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_ID;
}

/** The id a URL or form spells (digits only, no sign, no leading zero), or null. */
export function rowIdFrom(text: string | null | undefined): number | null {
  if (!text || !/^[1-9]\d{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_ID ? id : null;
}
