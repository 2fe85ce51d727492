import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { PromotionPlacement, PromotionRow } from "../db/schema.ts";
import { assertEditions } from "../editions/edition-service.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { ValidationError } from "../shared/errors.ts";
import { assertValidSlug } from "../shared/slug.ts";
import { isoInstant, optionalText, optionalUrl, requiredText } from "../shared/validate.ts";

export const PLACEMENTS: readonly PromotionPlacement[] = ["after-article", "sidebar", "banner"];

export interface PromotionInput {
  key: string;
  placement: PromotionPlacement;
  headline: string;
  text?: string | null;
  cta: string;
  href: string;
  /** Editions it is shown in. */
  editions: string[];
  startsAt?: string | null;
  endsAt?: string | null;
  weight?: number;
}

/** House promotions (a book, a newsletter, an event), targeted by edition and date window. */
export class PromotionService {
  constructor(
    private readonly db: Db,
    /** Told of every change readers can see, after it is committed (app.contentEvents). */
    private readonly events?: ContentEvents,
  ) {}

  /** Creates or updates the promotion with this key; running it twice changes nothing. */
  async upsertPromotion(input: PromotionInput): Promise<PromotionRow> {
    const key = assertValidSlug(input.key, "key");
    if (!PLACEMENTS.includes(input.placement)) {
      throw new ValidationError("placement", `"${input.placement}" is not one of ${PLACEMENTS.join(", ")}`);
    }
    const href = optionalUrl("href", input.href);
    if (!href) throw new ValidationError("href", "is required");
    if (input.editions.length === 0) throw new ValidationError("editions", "name at least one edition");
    await assertEditions(this.db, "editions", input.editions);
    const weight = input.weight ?? 1;
    if (!Number.isInteger(weight) || weight < 1 || weight > 100) {
      throw new ValidationError("weight", "must be a whole number from 1 to 100");
    }
    const values = {
      key,
      placement: input.placement,
      headline: requiredText("headline", input.headline, 200),
      text: optionalText("text", input.text, 500),
      cta: requiredText("cta", input.cta, 100),
      href,
      mediaId: null,
      startsAt: input.startsAt ? isoInstant("startsAt", input.startsAt) : null,
      endsAt: input.endsAt ? isoInstant("endsAt", input.endsAt) : null,
      weight,
    };
    if (values.startsAt && values.endsAt && values.endsAt <= values.startsAt) {
      throw new ValidationError("endsAt", "must come after startsAt");
    }
    return changeContent(this.db, this.events, async (trx, log) => {
      const former = await trx
        .selectFrom("promotionEditions")
        .innerJoin("promotions", "promotions.id", "promotionEditions.promotionId")
        .select("promotionEditions.edition")
        .where("promotions.key", "=", key)
        .execute();
      log.other({
        reasons: ["promotion.changed"],
        articleIds: [],
        storyIds: [],
        // Pages of editions it left stop showing it; pages of editions it joined start.
        editions: [...new Set([...former.map((row) => row.edition), ...input.editions])],
        tagIds: [],
      });
      const promotion = await trx
        .insertInto("promotions")
        .values(values)
        .onConflict((oc) => oc.column("key").doUpdateSet({ ...values, key: undefined }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.deleteFrom("promotionEditions").where("promotionId", "=", promotion.id).execute();
      await trx
        .insertInto("promotionEditions")
        .values([...new Set(input.editions)].map((edition) => ({ promotionId: promotion.id, edition })))
        .execute();
      return promotion;
    });
  }

  /**
   * The promotion to show in a placement of an edition at `now`: among those running, one chosen
   * by weight; `pick` (0 ≤ pick < 1) makes the choice repeatable for a given page.
   */
  async choose(
    edition: string,
    placement: PromotionPlacement,
    now: string,
    pick = 0,
  ): Promise<PromotionRow | undefined> {
    const running = await this.db
      .selectFrom("promotions")
      .innerJoin("promotionEditions", "promotionEditions.promotionId", "promotions.id")
      .selectAll("promotions")
      .where("promotionEditions.edition", "=", edition)
      .where("promotions.placement", "=", placement)
      .where((eb) => eb.or([eb("promotions.startsAt", "is", null), eb("promotions.startsAt", "<=", now)]))
      .where((eb) => eb.or([eb("promotions.endsAt", "is", null), eb("promotions.endsAt", ">", now)]))
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
}
