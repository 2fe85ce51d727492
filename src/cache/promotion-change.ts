import type { Db } from "../db/database.ts";
import type { ChangeReason, ContentChange } from "../shared/content-events.ts";

/** Where a promotion may show: its editions, and the tags it is limited to (none: everywhere). */
export interface PromotionTargets {
  editions: readonly string[];
  tagIds: readonly number[];
}

/**
 * The change that drops the pages a promotion showed on (before) and shows on (after): a change
 * naming no tags drops every article page of the editions (a promotion shown everywhere was or is
 * one of their candidates), one naming tags only the pages of stories under them
 * (surrogate-keys.ts, `promo:` and `promotag:`). Promotion services and the schedule
 * watcher both describe their changes with it.
 */
export function promotionChange(reason: ChangeReason, targets: readonly PromotionTargets[]): ContentChange {
  const everywhere = targets.some((target) => target.tagIds.length === 0);
  return {
    reasons: [reason],
    articleIds: [],
    storyIds: [],
    editions: [...new Set(targets.flatMap((target) => target.editions))].sort(),
    tagIds: everywhere ? [] : [...new Set(targets.flatMap((target) => target.tagIds))].sort((a, b) => a - b),
  };
}

/** The editions and tags of each promotion named. */
export async function promotionTargets(db: Db, ids: readonly number[]): Promise<PromotionTargets[]> {
  if (ids.length === 0) return [];
  const [editions, tags] = await Promise.all([
    db
      .selectFrom("promotionEditions")
      .select(["promotionId", "edition"])
      .where("promotionId", "in", ids)
      .execute(),
    db.selectFrom("promotionTags").select(["promotionId", "tagId"]).where("promotionId", "in", ids).execute(),
  ]);
  return ids.map((id) => ({
    editions: editions.filter((row) => row.promotionId === id).map((row) => row.edition),
    tagIds: tags.filter((row) => row.promotionId === id).map((row) => row.tagId),
  }));
}
