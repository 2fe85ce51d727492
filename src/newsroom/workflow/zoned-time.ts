import { ValidationError } from "../../shared/errors.ts";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The offset of `timeZone` from UTC at the instant `utcMs`, in ms (positive east of Greenwich). */
function offsetAt(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * A wall-clock time typed in a `datetime-local` field ("2026-11-25T14:30"), read in `timeZone`, as
 * an ISO instant. In the hour a clock skips, the time after the jump; in the hour it repeats, the
 * first of the two.
 */
export function zonedLocalToIso(field: string, local: string, timeZone: string): string {
  const match = LOCAL.exec(local.trim());
  if (!match)
    throw new ValidationError(field, `"${local.slice(0, 40)}" is not a date and time (yyyy-mm-ddThh:mm)`);
  const [, y, mo, d, h, mi, s] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) throw new ValidationError(field, `"${local}" is not a date and time`);
  // Two passes settle the offset, also across a daylight-saving change.
  let utc = wall - offsetAt(timeZone, wall);
  utc = wall - offsetAt(timeZone, utc);
  return new Date(utc).toISOString();
}

/** An ISO instant as a `datetime-local` value ("2026-11-25T14:30") in `timeZone`. */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  const utc = Date.parse(iso);
  const local = new Date(utc + offsetAt(timeZone, utc));
  return local.toISOString().slice(0, 16);
}
