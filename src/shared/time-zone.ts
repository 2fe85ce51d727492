import { ValidationError } from "./errors.ts";

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds to add to UTC to get the wall-clock time in `timeZone` at `instant`. */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The UTC instant at which the wall clock in `timeZone` shows `wall` (a wall-clock time written as
 * if it were UTC). Two passes settle the offset, also across a daylight-saving change: in the hour
 * a clock skips, the time after the jump; in the hour it repeats, the first of the two.
 */
export function wallClockToUtc(timeZone: string, wall: number): number {
  const instant = wall - zoneOffsetMs(timeZone, wall);
  return wall - zoneOffsetMs(timeZone, instant);
}

/** The UTC instant at which the wall clock in `timeZone` shows the given local midnight. */
export function zonedMidnight(timeZone: string, year: number, month: number, day: number): Date {
  return new Date(wallClockToUtc(timeZone, Date.UTC(year, month - 1, day)));
}

/** [start, end) in ISO UTC of a local day, or of a local month when `day` is absent. */
export function zonedRange(timeZone: string, year: number, month: number, day?: number): [string, string] {
  if (day === undefined) {
    const next = month === 12 ? [year + 1, 1] : [year, month + 1];
    return [
      zonedMidnight(timeZone, year, month, 1).toISOString(),
      zonedMidnight(timeZone, next[0] ?? year, next[1] ?? 1, 1).toISOString(),
    ];
  }
  const following = new Date(Date.UTC(year, month - 1, day + 1));
  return [
    zonedMidnight(timeZone, year, month, day).toISOString(),
    zonedMidnight(
      timeZone,
      following.getUTCFullYear(),
      following.getUTCMonth() + 1,
      following.getUTCDate(),
    ).toISOString(),
  ];
}

/** Whether year-month(-day) names a real calendar date. */
export function isCalendarDate(year: number, month: number, day = 1): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    year <= 9999 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `yyyy-mm-dd` of an instant in a time zone: the day of article URLs and day archives. */
export function localDay(timeZone: string, iso: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

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
  return new Date(wallClockToUtc(timeZone, wall)).toISOString();
}

/** An ISO instant as a `datetime-local` value ("2026-11-25T14:30") in `timeZone`. */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  const utc = Date.parse(iso);
  const local = new Date(utc + zoneOffsetMs(timeZone, utc));
  return local.toISOString().slice(0, 16);
}

/** The IANA name of a time zone as Intl spells it ("europe/lisbon" → "Europe/Lisbon"), or undefined. */
export function canonicalTimeZone(zone: string): string | undefined {
  if (zone.trim() === "") return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
