import type { Db } from "../db/database.ts";
import type { Edition } from "../editions/edition.ts";

/** A section or region whose newest stories the front page shows as a block. */
export interface FrontBlockTag {
  id: number;
  key: string;
  kind: string;
  name: string;
  slug: string;
}

/** Position of a key in the configured order; unlisted keys keep their place after the listed. */
function orderOf(order: readonly string[], key: string): number {
  const index = order.indexOf(key);
  return index === -1 ? order.length : index;
}

/**
 * The blocks of an edition's front page, in order: those the editors ordered first, by their
 * position; then the others in the default order (sections by creation, then the featured regions
 * in the configured order). One query.
 */
export async function frontBlockTags(db: Db, edition: Edition): Promise<FrontBlockTag[]> {
  const rows = await db
    .selectFrom("tags")
    .innerJoin("tagNames", "tagNames.tagId", "tags.id")
    .leftJoin("frontPageBlocks", (join) =>
      join.onRef("frontPageBlocks.tagId", "=", "tags.id").on("frontPageBlocks.edition", "=", edition.code),
    )
    .select([
      "tags.id",
      "tags.key",
      "tags.kind",
      "tagNames.name",
      "tagNames.slug",
      "frontPageBlocks.position",
    ])
    .where("tagNames.edition", "=", edition.code)
    .where("tags.kind", "in", ["section", "region"])
    .orderBy("tags.id")
    .execute();
  const featured = (key: string) =>
    edition.featuredRegions.length === 0 || edition.featuredRegions.includes(key);
  const defaultOrder = [
    ...rows.filter((t) => t.kind === "section"),
    ...rows
      .filter((t) => t.kind === "region" && featured(t.key))
      .sort((a, b) => orderOf(edition.featuredRegions, a.key) - orderOf(edition.featuredRegions, b.key)),
  ];
  const ordered = defaultOrder
    .filter((t) => t.position !== null)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const rest = defaultOrder.filter((t) => t.position === null);
  return [...ordered, ...rest].map(({ position: _position, ...tag }) => tag);
}
