import type { Db } from "../db/database.ts";
import type { DigestFrequency, NewsletterScheduleTable } from "../db/schema.ts";
import { ValidationError } from "../shared/errors.ts";
import { wallClockToUtc, zoneOffsetMs } from "../shared/time-zone.ts";

export interface DigestSchedule {
  frequency: DigestFrequency;
  /** ISO weekday, 1 Monday … 7 Sunday (weekly). */
  weekday: number | null;
  /** `HH:MM` on the edition's clock. */
  time: string;
}

export const NO_SCHEDULE: DigestSchedule = { frequency: "off", weekday: null, time: "08:00" };

const DAY_MS = 86_400_000;

/** The schedule as a form gave it, checked: a bad value is a ValidationError naming its field. */
export function parseSchedule(input: {
  frequency?: string;
  weekday?: string;
  time?: string;
}): DigestSchedule {
  const frequency = input.frequency ?? "off";
  if (frequency !== "off" && frequency !== "daily" && frequency !== "weekly") {
    throw new ValidationError("frequency", "Choose off, daily or weekly.");
  }
  const time = (input.time ?? "08:00").trim();
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(time);
  if (!match) throw new ValidationError("time", "Give the time as HH:MM, such as 07:30.");
  let weekday: number | null = null;
  if (frequency === "weekly") {
    weekday = Number(input.weekday);
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new ValidationError("weekday", "Choose a day of the week.");
    }
  }
  return { frequency, weekday, time };
}

/**
 * The latest time at or before `now` the schedule was due, as a UTC instant, on the edition's clock
 * (`timeZone`): today's or yesterday's HH:MM (daily), the last such weekday's (weekly). Null when off.
 */
export function latestDueSlot(schedule: DigestSchedule, timeZone: string, now: Date): Date | null {
  if (schedule.frequency === "off") return null;
  const [hours, minutes] = schedule.time.split(":").map(Number) as [number, number];
  const localNow = new Date(now.getTime() + zoneOffsetMs(timeZone, now.getTime()));
  const slotOn = (daysBack: number) => {
    const day = new Date(localNow.getTime() - daysBack * DAY_MS);
    const wall = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours, minutes);
    return { instant: wallClockToUtc(timeZone, wall), weekday: ((day.getUTCDay() + 6) % 7) + 1 };
  };
  for (let back = 0; back <= 7; back++) {
    const slot = slotOn(back);
    if (slot.instant > now.getTime()) continue;
    if (schedule.frequency === "weekly" && slot.weekday !== schedule.weekday) continue;
    return new Date(slot.instant);
  }
  return null;
}

/** The editions' schedules as editors set them in the newsroom. */
export class ScheduleStore {
  constructor(private readonly db: Db) {}

  async get(
    edition: string,
  ): Promise<DigestSchedule & { lastSlot: string | null; updatedAt: string | null }> {
    const row = await this.db
      .selectFrom("newsletterSchedules")
      .selectAll()
      .where("edition", "=", edition)
      .executeTakeFirst();
    return row ? toSchedule(row) : { ...NO_SCHEDULE, lastSlot: null, updatedAt: null };
  }

  async set(edition: string, schedule: DigestSchedule, now: Date): Promise<void> {
    const at = now.toISOString();
    const values = {
      frequency: schedule.frequency,
      weekday: schedule.weekday,
      time: schedule.time,
      updatedAt: at,
    };
    await this.db
      .insertInto("newsletterSchedules")
      .values({ edition, ...values, lastSlot: null })
      .onConflict((conflict) => conflict.column("edition").doUpdateSet(values))
      .execute();
  }

  /**
   * Takes a due slot for sending: true once per slot and edition, however many processes ask. A
   * slot before the schedule was last set is not taken (setting 07:00 at 09:00 sends tomorrow).
   */
  async takeSlot(edition: string, slot: Date): Promise<boolean> {
    const iso = slot.toISOString();
    const taken = await this.db
      .updateTable("newsletterSchedules")
      .set({ lastSlot: iso })
      .where("edition", "=", edition)
      .where("updatedAt", "<=", iso)
      .where((eb) => eb.or([eb("lastSlot", "is", null), eb("lastSlot", "<", iso)]))
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1;
  }
}

function toSchedule(row: NewsletterScheduleTable) {
  return {
    frequency: row.frequency,
    weekday: row.weekday,
    time: row.time,
    lastSlot: row.lastSlot,
    updatedAt: row.updatedAt,
  };
}
