import type { Db } from "../db/database.ts";
import { nowIso } from "../shared/validate.ts";

/**
 * The slugs tags used to have, per edition: a renamed tag's old archive URL, or a merged tag's,
 * answers with a 301 to the archive of the tag that has it now (see TagService.findFormerSlug).
 */

/** `slug` led to tag `tagId` in `edition`: it keeps leading there. */
export async function rememberTagSlug(db: Db, edition: string, slug: string, tagId: number): Promise<void> {
  await db
    .insertInto("tagSlugHistory")
    .values({ edition, slug, tagId, createdAt: nowIso() })
    .onConflict((oc) => oc.columns(["edition", "slug"]).doUpdateSet({ tagId, createdAt: nowIso() }))
    .execute();
}

/** A slug a tag takes (back) stops being history: the URL is that tag's archive again. */
export async function forgetTagSlug(db: Db, edition: string, slug: string): Promise<void> {
  await db.deleteFrom("tagSlugHistory").where("edition", "=", edition).where("slug", "=", slug).execute();
}

/** The old slugs of `fromTagId` now lead to `toTagId` (a merge). */
export async function moveTagSlugHistory(db: Db, fromTagId: number, toTagId: number): Promise<void> {
  await db.updateTable("tagSlugHistory").set({ tagId: toTagId }).where("tagId", "=", fromTagId).execute();
}
