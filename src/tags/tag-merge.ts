import { rebuildAllListings, refreshTagAncestors } from "../content/listings.ts";
import type { ContentChangeLog } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { TagRow } from "../db/schema.ts";
import { ValidationError } from "../shared/errors.ts";
import { storiesTagged } from "./tag-service.ts";
import { moveTagSlugHistory, rememberTagSlug } from "./tag-slug-history.ts";

/**
 * Merges `from` into `into` inside a unit of work: the stories tagged `from` carry `into` (once,
 * where they had both), the tags below `from` move under `into`, `from`'s slugs (current and
 * former) lead to `into` in every edition (an edition where `into` has no name takes `from`'s), and
 * `from` is deleted. Returns the ids of the stories that were tagged `from`.
 */
export async function mergeTag(
  trx: Db,
  log: ContentChangeLog,
  from: TagRow,
  into: TagRow,
): Promise<number[]> {
  if (from.id === into.id) throw new ValidationError("into", "a tag cannot be merged into itself");
  const fromAncestors = await ancestorsOf(trx, from.id);
  const intoAncestors = await ancestorsOf(trx, into.id);
  if (intoAncestors.includes(from.id)) {
    throw new ValidationError(
      "into",
      "the tag is below the one being merged; move it out first, or merge the other way round",
    );
  }
  const storyIds = await storiesTagged(trx, from.id);

  // Stories that already carry `into` just lose `from`; the others swap one for the other.
  await trx
    .deleteFrom("storyTags")
    .where("tagId", "=", from.id)
    .where("storyId", "in", (eb) => eb.selectFrom("storyTags").select("storyId").where("tagId", "=", into.id))
    .execute();
  await trx.updateTable("storyTags").set({ tagId: into.id }).where("tagId", "=", from.id).execute();
  const children = await trx
    .updateTable("tags")
    .set({ parentId: into.id })
    .where("parentId", "=", from.id)
    .returning("id")
    .execute();

  await moveTagSlugHistory(trx, from.id, into.id);
  const fromNames = await trx.selectFrom("tagNames").selectAll().where("tagId", "=", from.id).execute();
  const intoEditions = new Set(
    (await trx.selectFrom("tagNames").select("edition").where("tagId", "=", into.id).execute()).map(
      (row) => row.edition,
    ),
  );
  await trx.deleteFrom("tagNames").where("tagId", "=", from.id).execute();
  const adopted: string[] = [];
  for (const name of fromNames) {
    if (intoEditions.has(name.edition)) {
      await rememberTagSlug(trx, name.edition, name.slug, into.id);
    } else {
      adopted.push(name.edition);
      await trx
        .insertInto("tagNames")
        .values({
          tagId: into.id,
          edition: name.edition,
          name: name.name,
          slug: name.slug,
          description: name.description,
        })
        .execute();
    }
  }
  const promotionsMoved = await movePromotionTags(trx, from.id, into.id);
  await trx.deleteFrom("tags").where("id", "=", from.id).execute();

  await refreshTagAncestors(trx);
  // Tags that moved under `into` take their stories into its archives (and out of `from`'s).
  if (children.length > 0) await rebuildAllListings(trx);
  const editions = (await trx.selectFrom("editions").select("code").execute()).map((row) => row.code);
  log.other({
    reasons: ["tag.merged"],
    articleIds: [],
    storyIds: [],
    editions,
    tagIds: [...new Set([...fromAncestors, ...intoAncestors])].sort((a, b) => a - b),
  });
  log.stories("story.tags", storyIds);
  // The merged tag's promotions now show beside the other tag's stories too.
  if (promotionsMoved) {
    log.other({ reasons: ["promotion.changed"], articleIds: [], storyIds: [], editions, tagIds: [into.id] });
  }
  // Pages of `into`'s other stories showed another edition's name where it had none of its own.
  if (adopted.length > 0) {
    log.other({ reasons: ["tag.renamed"], articleIds: [], storyIds: [], editions, tagIds: [into.id] });
  }
  return storyIds;
}

/**
 * Promotions limited to `from` are limited to `into` instead: deleting `from` would otherwise take
 * their last tag away and show them beside every story.
 */
async function movePromotionTags(trx: Db, fromId: number, intoId: number): Promise<boolean> {
  const limited = await trx
    .selectFrom("promotionTags")
    .select("promotionId")
    .where("tagId", "=", fromId)
    .execute();
  if (limited.length === 0) return false;
  await trx
    .deleteFrom("promotionTags")
    .where("tagId", "=", fromId)
    .where("promotionId", "in", (eb) =>
      eb.selectFrom("promotionTags").select("promotionId").where("tagId", "=", intoId),
    )
    .execute();
  await trx.updateTable("promotionTags").set({ tagId: intoId }).where("tagId", "=", fromId).execute();
  return true;
}

async function ancestorsOf(db: Db, tagId: number): Promise<number[]> {
  const rows = await db.selectFrom("tagAncestors").select("ancestorId").where("tagId", "=", tagId).execute();
  return rows.map((row) => row.ancestorId);
}
