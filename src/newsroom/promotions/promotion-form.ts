import type { Actor } from "../../accounts/authorization/policy.ts";
import type { PromotionPlacement } from "../../db/schema.ts";
import type { ManagedPromotion, PromotionManager } from "../../promotions/promotion-manager.ts";
import type { PromotionFields } from "../../promotions/promotion-values.ts";
import { ValidationError } from "../../shared/errors.ts";
import { isoToZonedLocal, zonedLocalToIso } from "../../shared/time-zone.ts";
import { formList, formText, idParam } from "../http/form.ts";

/** The promotion form as typed: every field kept as text, so a refused form comes back as it was. */
export interface PromotionForm {
  headline: string;
  text: string;
  cta: string;
  href: string;
  /** The chosen picture's id, or "" for none. */
  mediaId: string;
  /** Words the picture list was searched for. */
  mediaQuery: string;
  placement: string;
  editions: string[];
  /** Tag names, separated by commas. */
  tags: string;
  /** `datetime-local` values in the form's time zone; "" for open. */
  startsAt: string;
  endsAt: string;
  weight: string;
}

export const EMPTY_PROMOTION_FORM: PromotionForm = {
  headline: "",
  text: "",
  cta: "",
  href: "",
  mediaId: "",
  mediaQuery: "",
  placement: "after-article",
  editions: [],
  tags: "",
  startsAt: "",
  endsAt: "",
  weight: "1",
};

/** The form as a browser posted it (urlencoded); missing fields read as empty. */
export function promotionFormOf(body: unknown): PromotionForm {
  const field = (name: keyof PromotionForm) => formText(body, name).slice(0, 4000);
  return {
    headline: field("headline"),
    text: field("text"),
    cta: field("cta"),
    href: field("href"),
    mediaId: field("mediaId"),
    mediaQuery: field("mediaQuery").slice(0, 200),
    placement: field("placement"),
    editions: formList(body, "editions").slice(0, 50),
    tags: field("tags"),
    startsAt: field("startsAt"),
    endsAt: field("endsAt"),
    weight: field("weight"),
  };
}

/** A stored promotion as the form shows it, its times in `timeZone`. */
export function formOfPromotion(promotion: ManagedPromotion, timeZone: string): PromotionForm {
  return {
    headline: promotion.headline,
    text: promotion.text ?? "",
    cta: promotion.cta,
    href: promotion.href,
    mediaId: promotion.mediaId === null ? "" : String(promotion.mediaId),
    mediaQuery: "",
    placement: promotion.placement,
    editions: promotion.editions,
    tags: promotion.tags.map((tag) => tag.name).join(", "),
    startsAt: promotion.startsAt ? isoToZonedLocal(promotion.startsAt, timeZone) : "",
    endsAt: promotion.endsAt ? isoToZonedLocal(promotion.endsAt, timeZone) : "",
    weight: String(promotion.weight),
  };
}

/**
 * What the service is given for a typed form: times read in `timeZone`, tag names resolved to
 * tags, the picture and weight read as numbers; each refusal a ValidationError naming the field.
 */
export async function promotionFieldsOf(
  form: PromotionForm,
  timeZone: string,
  manager: PromotionManager,
  actor: Actor,
): Promise<PromotionFields> {
  const mediaId = form.mediaId.trim() === "" ? null : idParam(form.mediaId.trim());
  if (mediaId === undefined) throw new ValidationError("mediaId", "choose a picture from the list");
  const weightText = form.weight.trim();
  return {
    headline: form.headline,
    text: form.text,
    cta: form.cta,
    href: form.href.trim(),
    mediaId,
    placement: form.placement as PromotionPlacement,
    editions: form.editions,
    tagIds: await manager.tagIdsByName(actor, form.tags.split(",")),
    startsAt: form.startsAt.trim() === "" ? null : zonedLocalToIso("startsAt", form.startsAt, timeZone),
    endsAt: form.endsAt.trim() === "" ? null : zonedLocalToIso("endsAt", form.endsAt, timeZone),
    weight: weightText === "" ? 1 : /^\d{1,4}$/.test(weightText) ? Number(weightText) : Number.NaN,
  };
}
