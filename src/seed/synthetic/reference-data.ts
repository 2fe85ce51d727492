import type { Db } from "../../db/database.ts";
import { slugify } from "../../shared/slug.ts";
import type { Lang } from "./noun-phrase.ts";
import { AUTHORS, SOURCES } from "./people.ts";
import { TAXONOMY } from "./taxonomy.ts";

export interface ReferenceIds {
  tags: Map<string, number>;
  /** Database ids of AUTHORS and SOURCES, in their order. */
  authors: number[];
  sources: number[];
  /** How many tags this call created (the rest existed, from an earlier run or the demo). */
  createdTags: number;
}

/**
 * Creates the taxonomy, authors and sources once: each is looked up by its key (tag key, author slug,
 * source name) and left alone when it exists, so the demo and several seeds can share a database.
 */
export async function ensureReferenceData(
  db: Db,
  langs: readonly Lang[],
  createdAt: string,
): Promise<ReferenceIds> {
  return db.transaction().execute(async (trx) => {
    const keys = TAXONOMY.map((t) => t.key);
    const before = await trx.selectFrom("tags").select("key").where("key", "in", keys).execute();

    // Parents first, so that countries can point at their region.
    const roots = TAXONOMY.filter((t) => t.parent === null);
    await trx
      .insertInto("tags")
      .values(roots.map((t) => ({ key: t.key, kind: t.kind, parentId: null, createdAt })))
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const rootIds = await idsByKey(
      trx,
      roots.map((t) => t.key),
    );
    const children = TAXONOMY.filter((t) => t.parent !== null);
    await trx
      .insertInto("tags")
      .values(
        children.map((t) => ({
          key: t.key,
          kind: t.kind,
          parentId: rootIds.get(t.parent ?? "") ?? null,
          createdAt,
        })),
      )
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const tags = await idsByKey(trx, keys);

    // A tag the demo already named keeps its names; a clash of slugs leaves that one name out.
    const names = TAXONOMY.flatMap((t) =>
      langs.map((edition) => ({
        tagId: tags.get(t.key) as number,
        edition,
        name: t.names[edition],
        slug: slugify(t.names[edition]),
      })),
    );
    for (let start = 0; start < names.length; start += 500) {
      await trx
        .insertInto("tagNames")
        .values(names.slice(start, start + 500))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }

    await trx
      .insertInto("authors")
      .values(AUTHORS.map((a) => ({ slug: a.slug, name: a.name, bio: a.bio, createdAt })))
      .onConflict((oc) => oc.column("slug").doNothing())
      .execute();
    const authorRows = await trx
      .selectFrom("authors")
      .select(["id", "slug"])
      .where(
        "slug",
        "in",
        AUTHORS.map((a) => a.slug),
      )
      .execute();
    const authorIds = new Map(authorRows.map((r) => [r.slug, r.id]));

    await trx
      .insertInto("sources")
      .values(SOURCES.map((s) => ({ name: s.name, shortName: s.shortName, url: s.url })))
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
    const sourceRows = await trx
      .selectFrom("sources")
      .select(["id", "name"])
      .where(
        "name",
        "in",
        SOURCES.map((s) => s.name),
      )
      .execute();
    const sourceIds = new Map(sourceRows.map((r) => [r.name, r.id]));

    return {
      tags,
      authors: AUTHORS.map((a) => authorIds.get(a.slug) as number),
      sources: SOURCES.map((s) => sourceIds.get(s.name) as number),
      createdTags: keys.length - before.length,
    };
  });
}

async function idsByKey(db: Db, keys: string[]): Promise<Map<string, number>> {
  const rows = await db.selectFrom("tags").select(["id", "key"]).where("key", "in", keys).execute();
  return new Map(rows.map((r) => [r.key, r.id]));
}
