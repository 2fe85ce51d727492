import { localDay, zonedMidnight } from "../../shared/time-zone.ts";

/** The periods the audience page offers: the last 24 hours by hour, the last 7 or 30 days by day. */
export const PERIODS = ["24h", "7d", "30d"] as const;
export type Period = (typeof PERIODS)[number];

export function isPeriod(value: string): value is Period {
  return (PERIODS as readonly string[]).includes(value);
}

const HOUR_MS = 3_600_000;
const DAYS: Record<Exclude<Period, "24h">, number> = { "7d": 7, "30d": 30 };

/** An edition the report looks at, with its clock. */
export interface EditionClock {
  code: string;
  timeZone: string;
}

/** One edition's part of a period: from `from` (inclusive, an hour's start, UTC) to the window's end. */
export interface EditionWindow extends EditionClock {
  from: string;
  /** The buckets of this edition's numbers, oldest first: hours (24 h) or its own local days. */
  buckets: readonly string[];
}

/**
 * What a period covers, edition by edition. Hours are counted as they are stored (UTC, by the
 * hour's start); days are each edition's own days, so a view at 01:00 UTC is the day before's in
 * the pt edition (UTC-3). `to` is the end of the current hour: the hour under way is counted.
 */
export interface PeriodWindow {
  period: Period;
  unit: "hour" | "day";
  to: string;
  editions: readonly EditionWindow[];
}

/** `2026-12-07T14:00:00Z`: an hour's start as audience_views stores it. */
export function hourKey(instant: number): string {
  return `${new Date(Math.floor(instant / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13)}:00:00Z`;
}

export function periodWindow(period: Period, editions: readonly EditionClock[], now: Date): PeriodWindow {
  const hourStart = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const to = hourKey(hourStart + HOUR_MS);
  if (period === "24h") {
    const buckets = Array.from({ length: 24 }, (_, index) => hourKey(hourStart - (23 - index) * HOUR_MS));
    const from = buckets[0] ?? to;
    return { period, unit: "hour", to, editions: editions.map((edition) => ({ ...edition, from, buckets })) };
  }
  const days = DAYS[period];
  return {
    period,
    unit: "day",
    to,
    editions: editions.map((edition) => {
      const today = localDay(edition.timeZone, now.toISOString());
      const buckets = Array.from({ length: days }, (_, index) => shiftDay(today, index - (days - 1)));
      const [year, month, day] = (buckets[0] ?? today).split("-").map(Number);
      const from = hourKey(zonedMidnight(edition.timeZone, year ?? 0, month ?? 1, day ?? 1).getTime());
      return { ...edition, from, buckets };
    }),
  };
}

/** The bucket an hour (UTC) falls in for an edition: the hour itself, or its day on the edition's clock. */
export function bucketOf(window: PeriodWindow, timeZone: string, hour: string): string {
  return window.unit === "hour" ? hour : localDay(timeZone, hour);
}

/** Every bucket of the window, oldest first: editions on different clocks may not share all their days. */
export function allBuckets(window: PeriodWindow): string[] {
  return [...new Set(window.editions.flatMap((edition) => edition.buckets))].sort();
}

/** `yyyy-mm-dd` moved by whole days. */
function shiftDay(day: string, by: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (date ?? 1) + by)).toISOString().slice(0, 10);
}
