import type { Db } from "../db/database.ts";
import type { PromotionPlacement } from "../db/schema.ts";
import { assertEditions } from "../editions/edition-service.ts";
import { ValidationError } from "../shared/errors.ts";
import { isoInstant, optionalText, optionalUrl, requiredText } from "../shared/validate.ts";

export const PLACEMENTS: readonly PromotionPlacement[] = ["after-article", "sidebar", "banner"];

/** What a promotion says and where it shows, as a service is given it (the key aside). */
export interface PromotionFields {
  placement: PromotionPlacement;
  headline: string;
  text?: string | null;
  cta: string;
  /** An http(s) address, or a path on the site ("/pt/livro"). */
  href: string;
  /** Editions it is shown in. */
  editions: readonly string[];
  /** A picture of the media library shown with it; none when absent. */
  mediaId?: number | null;
  /** Shown only beside stories with one of these tags or a tag below one; everywhere when empty. */
  tagIds?: readonly number[];
  startsAt?: string | null;
  endsAt?: string | null;
  weight?: number;
}

/** The promotions row's columns, checked; and the editions and tags it targets. */
export interface PromotionValues {
  row: {
    placement: PromotionPlacement;
    headline: string;
    text: string | null;
    cta: string;
    href: string;
    mediaId: number | null;
    startsAt: string | null;
    endsAt: string | null;
    weight: number;
  };
  editions: string[];
  tagIds: number[];
}

/**
 * Checks what a promotion is given, field by field (each refusal a 400 naming the field), against
 * the editions, tags and pictures that exist. Nothing is written.
 */
export async function promotionValues(db: Db, fields: PromotionFields): Promise<PromotionValues> {
  if (!PLACEMENTS.includes(fields.placement)) {
    throw new ValidationError("placement", `"${fields.placement}" is not one of ${PLACEMENTS.join(", ")}`);
  }
  const row = {
    placement: fields.placement,
    headline: requiredText("headline", fields.headline, 200),
    text: optionalText("text", fields.text, 500),
    cta: requiredText("cta", fields.cta, 100),
    href: promotionHref(fields.href),
    mediaId: fields.mediaId ?? null,
    startsAt: fields.startsAt ? isoInstant("startsAt", fields.startsAt) : null,
    endsAt: fields.endsAt ? isoInstant("endsAt", fields.endsAt) : null,
    weight: fields.weight ?? 1,
  };
  if (!Number.isInteger(row.weight) || row.weight < 1 || row.weight > 100) {
    throw new ValidationError("weight", "must be a whole number from 1 to 100");
  }
  if (row.startsAt && row.endsAt && row.endsAt <= row.startsAt) {
    throw new ValidationError("endsAt", "must come after startsAt");
  }
  const editions = [...new Set(fields.editions)];
  if (editions.length === 0) throw new ValidationError("editions", "name at least one edition");
  await assertEditions(db, "editions", editions);
  const tagIds = [...new Set(fields.tagIds ?? [])];
  await assertExist(db, "tags", "tagIds", tagIds, "tag");
  if (row.mediaId !== null) await assertExist(db, "media", "mediaId", [row.mediaId], "picture");
  return { row, editions, tagIds };
}

/** An absolute http(s) address, or a path on the site itself ("/pt/livro", not "//elsewhere"). */
export function promotionHref(value: unknown): string {
  const text = optionalText("href", value, 2000);
  if (text === null) throw new ValidationError("href", "is required");
  if (text.startsWith("/")) {
    if (text.startsWith("//") || text.includes("\\") || /\s/.test(text)) {
      throw new ValidationError(
        "href",
        `"${text.slice(0, 100)}" is not a path on the site such as /pt/livro`,
      );
    }
    return text;
  }
  const url = optionalUrl("href", text);
  if (url === null) throw new ValidationError("href", "is required");
  return url;
}

async function assertExist(
  db: Db,
  table: "tags" | "media",
  field: string,
  ids: readonly number[],
  what: string,
): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.selectFrom(table).select("id").where("id", "in", ids).execute();
  const missing = ids.find((id) => !found.some((row) => row.id === id));
  if (missing !== undefined) throw new ValidationError(field, `there is no ${what} ${missing}`);
}
