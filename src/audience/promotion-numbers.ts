import type { Db } from "../db/database.ts";
import { hourOf } from "./audience-counter.ts";

export interface PromotionTally {
  impressions: number;
  clicks: number;
}

/** Each promotion's impressions and clicks over the last 7 and 30 days (whole UTC hours), all editions. */
export interface PromotionNumbers {
  last7: PromotionTally;
  last30: PromotionTally;
}

const DAY_MS = 86_400_000;

/** The numbers shown beside each promotion in the newsroom; a promotion never counted has none. */
export async function promotionNumbers(db: Db, now: Date): Promise<Map<number, PromotionNumbers>> {
  const since = (days: number) => hourOf(new Date(now.getTime() - days * DAY_MS));
  const [week, month] = await Promise.all([tallies(db, since(7)), tallies(db, since(30))]);
  const numbers = new Map<number, PromotionNumbers>();
  for (const [id, last30] of month) {
    numbers.set(id, { last30, last7: week.get(id) ?? { impressions: 0, clicks: 0 } });
  }
  return numbers;
}

/** Clicks per hundred impressions, one decimal ("4.2%"); a dash before any impression. */
export function clickThroughRate(tally: PromotionTally): string {
  if (tally.impressions === 0) return "–";
  return `${((100 * tally.clicks) / tally.impressions).toFixed(1)}%`;
}

async function tallies(db: Db, since: string): Promise<Map<number, PromotionTally>> {
  const rows = await db
    .selectFrom("promotionCounts")
    .select((eb) => [
      "promotionId",
      eb.fn.sum<number | string>("impressions").as("impressions"),
      eb.fn.sum<number | string>("clicks").as("clicks"),
    ])
    .where("hour", ">=", since)
    .groupBy("promotionId")
    .execute();
  return new Map(
    rows.map((row) => [
      row.promotionId,
      { impressions: Number(row.impressions), clicks: Number(row.clicks) },
    ]),
  );
}
