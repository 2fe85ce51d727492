import { promotionChange, promotionTargets } from "../cache/promotion-change.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { PromotionPlacement, PromotionRow } from "../db/schema.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { assertValidSlug } from "../shared/slug.ts";
import { type PromotionFields, type PromotionValues, promotionValues } from "./promotion-values.ts";

export { PLACEMENTS } from "./promotion-values.ts";

export interface PromotionInput extends PromotionFields {
  /** Names the promotion for the seed and imports: upserting the same key twice changes nothing. */
  key: string;
}

/** Where a page asks for a promotion: its edition and placement, and the story's tags. */
export interface PromotionSlot {
  edition: string;
  placement: PromotionPlacement;
  /** The story's tags and every tag above them (`storyTagIds`); none on pages that show no story. */
  tagIds: readonly number[];
}

/** House promotions (a book, a newsletter, an event), targeted by edition, tags and date window. */
export class PromotionService {
  constructor(
    private readonly db: Db,
    /** Told of every change readers can see, after it is committed (app.contentEvents). */
    private readonly events?: ContentEvents,
  ) {}

  /** Creates or updates the promotion with this key; running it twice changes nothing. */
  async upsertPromotion(input: PromotionInput): Promise<PromotionRow> {
    const key = assertValidSlug(input.key, "key");
    const values = await promotionValues(this.db, input);
    return changeContent(this.db, this.events, async (trx, log) => {
      const former = await trx
        .selectFrom("promotions")
        .select("id")
        .where("key", "=", key)
        .executeTakeFirst();
      const before = former ? await promotionTargets(trx, [former.id]) : [];
      const promotion = await trx
        .insertInto("promotions")
        .values({ key, ...values.row })
        .onConflict((oc) => oc.column("key").doUpdateSet(values.row))
        .returningAll()
        .executeTakeFirstOrThrow();
      await replaceTargets(trx, promotion.id, values);
      log.other(promotionChange("promotion.changed", [...before, values]));
      return promotion;
    });
  }

  /**
   * The promotion to show in a slot at `now`: among those running in the edition and placement, and
   * limited to none of the tags or to one of `slot.tagIds`, one chosen by weight; `pick`
   * (0 ≤ pick < 1) makes the choice repeatable for a given page.
   */
  async choose(slot: PromotionSlot, now: string, pick = 0): Promise<PromotionRow | undefined> {
    const running = await this.db
      .selectFrom("promotions")
      .innerJoin("promotionEditions", "promotionEditions.promotionId", "promotions.id")
      .selectAll("promotions")
      .where("promotionEditions.edition", "=", slot.edition)
      .where("promotions.placement", "=", slot.placement)
      .where((eb) => eb.or([eb("promotions.startsAt", "is", null), eb("promotions.startsAt", "<=", now)]))
      .where((eb) => eb.or([eb("promotions.endsAt", "is", null), eb("promotions.endsAt", ">", now)]))
      .where((eb) => {
        const limitedTo = eb
          .selectFrom("promotionTags")
          .select("promotionTags.tagId")
          .whereRef("promotionTags.promotionId", "=", "promotions.id");
        const unlimited = eb.not(eb.exists(limitedTo));
        if (slot.tagIds.length === 0) return unlimited;
        return eb.or([unlimited, eb.exists(limitedTo.where("promotionTags.tagId", "in", [...slot.tagIds]))]);
      })
      .orderBy("promotions.id")
      .execute();
    const total = running.reduce((sum, p) => sum + p.weight, 0);
    let threshold = pick * total;
    for (const promotion of running) {
      threshold -= promotion.weight;
      if (threshold < 0) return promotion;
    }
    return running[0];
  }

  /** The story's tags and every tag above them: what promotions limited to tags are matched with. */
  async storyTagIds(storyId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom("storyTags")
      .innerJoin("tagAncestors", "tagAncestors.tagId", "storyTags.tagId")
      .select("tagAncestors.ancestorId")
      .distinct()
      .where("storyTags.storyId", "=", storyId)
      .orderBy("tagAncestors.ancestorId")
      .execute();
    return rows.map((row) => row.ancestorId);
  }
}

/** Sets the promotion's editions and tags to those given. */
export async function replaceTargets(db: Db, promotionId: number, values: PromotionValues): Promise<void> {
  await db.deleteFrom("promotionEditions").where("promotionId", "=", promotionId).execute();
  await db.deleteFrom("promotionTags").where("promotionId", "=", promotionId).execute();
  await db
    .insertInto("promotionEditions")
    .values(values.editions.map((edition) => ({ promotionId, edition })))
    .execute();
  if (values.tagIds.length > 0) {
    await db
      .insertInto("promotionTags")
      .values(values.tagIds.map((tagId) => ({ promotionId, tagId })))
      .execute();
  }
}
