import { rebuildAllListings, refreshTagAncestors } from "../content/listings.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import { preparedQuery } from "../db/prepared-query.ts";
import type { TagKind, TagRow } from "../db/schema.ts";
import { assertEditions } from "../editions/edition-service.ts";
import type { ChangeReason, ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { assertValidSlug, slugify } from "../shared/slug.ts";
import { nowIso, requiredText } from "../shared/validate.ts";
import { forgetTagSlug, rememberTagSlug } from "./tag-slug-history.ts";

export const TAG_KINDS: readonly TagKind[] = ["region", "country", "section", "topic"];

export interface TagInput {
  key: string;
  kind: TagKind;
  /** Key of the parent tag (a country's region). */
  parent?: string | null;
  /** Name per edition; the slug is made from it unless given. */
  names: Record<string, string | { name: string; slug?: string }>;
}

/** A tag as one edition shows it; `language` tells which edition the name came from. */
export interface TagLabel {
  id: number;
  key: string;
  kind: TagKind;
  name: string;
  slug: string;
  language: string;
}

/** A story's tags with their names in the given editions; every article page runs it (compiled once). */
const storyTagLabelsQuery = preparedQuery((db: Db, storyId: number, editions: readonly string[]) =>
  db
    .selectFrom("storyTags")
    .innerJoin("tags", "tags.id", "storyTags.tagId")
    .innerJoin("tagNames", "tagNames.tagId", "tags.id")
    .select([
      "tags.id",
      "tags.key",
      "tags.kind",
      "tagNames.name",
      "tagNames.slug",
      "tagNames.edition",
      "storyTags.position",
    ])
    .where("storyTags.storyId", "=", storyId)
    .where("tagNames.edition", "in", editions)
    .orderBy("storyTags.position"),
);

/** A tag with its names in every edition that names it. */
export interface TreeTag {
  id: number;
  key: string;
  kind: TagKind;
  parentId: number | null;
  names: { edition: string; name: string; slug: string; description: string | null }[];
}

/** One taxonomy of regions, countries, sections and topics, named per edition. */
export class TagService {
  constructor(
    private readonly db: Db,
    /** Told of every change readers can see, after it is committed (app.contentEvents). */
    private readonly events?: ContentEvents,
  ) {}

  /** Creates the tag or updates its kind, parent and names: running it twice changes nothing. */
  async upsertTag(input: TagInput): Promise<TagRow> {
    const key = assertValidSlug(input.key, "key");
    if (!TAG_KINDS.includes(input.kind)) {
      throw new ValidationError("kind", `"${input.kind}" is not one of ${TAG_KINDS.join(", ")}`);
    }
    const parentId = input.parent ? await this.parentIdFor(key, input.parent) : null;
    const names = Object.entries(input.names).map(([edition, value]) => {
      const name = requiredText(`names.${edition}`, typeof value === "string" ? value : value.name, 120);
      const slug = assertValidSlug(typeof value === "string" ? slugify(name) : (value.slug ?? slugify(name)));
      return { edition, name, slug };
    });
    await assertEditions(
      this.db,
      "names",
      names.map((n) => n.edition),
    );
    return changeContent(this.db, this.events, async (trx, log) => {
      const existing = await trx.selectFrom("tags").selectAll().where("key", "=", key).executeTakeFirst();
      const before = existing ? await namesAndAncestors(trx, existing.id) : undefined;
      const tag = existing
        ? await trx
            .updateTable("tags")
            .set({ kind: input.kind, parentId })
            .where("id", "=", existing.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await trx
            .insertInto("tags")
            .values({ key, kind: input.kind, parentId, createdAt: nowIso() })
            .returningAll()
            .executeTakeFirstOrThrow();
      for (const { edition, name, slug } of names) {
        const clash = await trx
          .selectFrom("tagNames")
          .select("tagId")
          .where("edition", "=", edition)
          .where("slug", "=", slug)
          .where("tagId", "!=", tag.id)
          .executeTakeFirst();
        if (clash)
          throw new ConflictError(`The ${edition} tag slug "${slug}" is already used by another tag.`);
        const former = before?.names.find((n) => n.edition === edition)?.slug;
        await forgetTagSlug(trx, edition, slug);
        if (former !== undefined && former !== slug) await rememberTagSlug(trx, edition, former, tag.id);
        await trx
          .insertInto("tagNames")
          .values({ tagId: tag.id, edition, name, slug })
          .onConflict((oc) => oc.columns(["tagId", "edition"]).doUpdateSet({ name, slug }))
          .execute();
      }
      if (!existing || existing.parentId !== parentId) {
        await refreshTagAncestors(trx);
        // A tag moved under another region: its stories now belong to that region's archive.
        if (existing) await rebuildAllListings(trx);
      }
      const change = await describeTagChange(trx, tag, existing, before, names);
      if (change) log.other(change);
      // The search index holds the names of a story's tags: the tagged stories are found by the new ones.
      const renamed = names.some((n) => before?.names.find((o) => o.edition === n.edition)?.name !== n.name);
      if (existing && renamed) {
        log.stories(null, await storiesTagged(trx, tag.id));
      }
      return tag;
    });
  }

  /** The parent's id; refuses the tag itself or a tag below it, which would make a loop. */
  private async parentIdFor(key: string, parentKey: string): Promise<number> {
    const parent = await this.getByKey(parentKey);
    const seen = new Set<number>();
    for (let tag: TagRow | undefined = parent; tag && !seen.has(tag.id); ) {
      if (tag.key === key) {
        throw new ValidationError("parent", `"${parentKey}" is "${key}" itself or a tag below it`);
      }
      seen.add(tag.id);
      const above: number | null = tag.parentId;
      tag =
        above === null
          ? undefined
          : await this.db.selectFrom("tags").selectAll().where("id", "=", above).executeTakeFirst();
    }
    return parent.id;
  }

  async getByKey(key: string): Promise<TagRow> {
    const tag = await this.db.selectFrom("tags").selectAll().where("key", "=", key).executeTakeFirst();
    if (!tag) throw new NotFoundError("tag", key);
    return tag;
  }

  /**
   * The tags of a story named in `edition`, in the story's order; a tag without a name in that
   * edition falls back to the fallback edition's name (its `language` says so).
   */
  async labelsForStory(storyId: number, edition: string, fallbackEdition: string): Promise<TagLabel[]> {
    const rows = await storyTagLabelsQuery(this.db, storyId, [edition, fallbackEdition]);
    return pickLanguage(rows, edition);
  }

  /** The tag whose slug in `edition` is `slug`, with its name and description in that edition. */
  async findBySlug(
    edition: string,
    slug: string,
  ): Promise<(TagLabel & { description: string | null }) | undefined> {
    const row = await this.db
      .selectFrom("tagNames")
      .innerJoin("tags", "tags.id", "tagNames.tagId")
      .select([
        "tags.id",
        "tags.key",
        "tags.kind",
        "tagNames.name",
        "tagNames.slug",
        "tagNames.edition",
        "tagNames.description",
      ])
      .where("tagNames.edition", "=", edition)
      .where("tagNames.slug", "=", slug)
      .executeTakeFirst();
    return row ? { ...row, language: row.edition } : undefined;
  }

  /** A tag's slug in every edition that names it (its archive's address there), by edition code. */
  async slugsByEdition(tagId: number): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom("tagNames")
      .select(["edition", "slug"])
      .where("tagId", "=", tagId)
      .execute();
    return new Map(rows.map((row) => [row.edition, row.slug]));
  }

  /**
   * The slug in `edition` of the tag that `slug` used to lead to (renamed, or merged into it), or
   * undefined when `slug` never was a tag's there, or the tag has no name in the edition now.
   */
  async findFormerSlug(edition: string, slug: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("tagSlugHistory")
      .innerJoin("tagNames", (join) =>
        join.onRef("tagNames.tagId", "=", "tagSlugHistory.tagId").on("tagNames.edition", "=", edition),
      )
      .select("tagNames.slug")
      .where("tagSlugHistory.edition", "=", edition)
      .where("tagSlugHistory.slug", "=", slug)
      .executeTakeFirst();
    return row?.slug;
  }

  /**
   * Every tag with its names and slugs in each edition that names it, parents before children
   * (the API's tree; clients nest by `parentId`).
   */
  async tree(): Promise<TreeTag[]> {
    const [tags, names] = await Promise.all([
      this.db.selectFrom("tags").select(["id", "key", "kind", "parentId"]).orderBy("id").execute(),
      this.db
        .selectFrom("tagNames")
        .innerJoin("editions", "editions.code", "tagNames.edition")
        .select([
          "tagNames.tagId",
          "tagNames.edition",
          "tagNames.name",
          "tagNames.slug",
          "tagNames.description",
        ])
        .orderBy("editions.position")
        .execute(),
    ]);
    const byId = new Map(tags.map((tag) => [tag.id, tag]));
    const depth = (id: number, seen = new Set<number>()): number => {
      const parent = byId.get(id)?.parentId;
      if (parent === null || parent === undefined || seen.has(id)) return 0;
      seen.add(id);
      return 1 + depth(parent, seen);
    };
    return tags
      .map((tag) => ({
        ...tag,
        names: names
          .filter((name) => name.tagId === tag.id)
          .map(({ edition, name, slug, description }) => ({ edition, name, slug, description })),
      }))
      .sort((a, b) => depth(a.id) - depth(b.id) || a.id - b.id);
  }

  /** Ids of a tag and of every tag below it (a region and its countries). */
  async withDescendants(tagId: number): Promise<number[]> {
    const ids = [tagId];
    let frontier = [tagId];
    while (frontier.length > 0) {
      const children = await this.db
        .selectFrom("tags")
        .select("id")
        .where("parentId", "in", frontier)
        .execute();
      frontier = children.map((c) => c.id).filter((id) => !ids.includes(id));
      ids.push(...frontier);
    }
    return ids;
  }
}

/** The stories tagged `tagId` itself (not through a tag below it). */
export async function storiesTagged(db: Db, tagId: number): Promise<number[]> {
  const rows = await db.selectFrom("storyTags").select("storyId").where("tagId", "=", tagId).execute();
  return rows.map((row) => row.storyId);
}

async function namesAndAncestors(db: Db, tagId: number) {
  const [names, ancestors] = await Promise.all([
    db.selectFrom("tagNames").select(["edition", "name", "slug"]).where("tagId", "=", tagId).execute(),
    db.selectFrom("tagAncestors").select("ancestorId").where("tagId", "=", tagId).execute(),
  ]);
  return { names, ancestorIds: ancestors.map((row) => row.ancestorId) };
}

/**
 * What an upsert changed for readers: a new tag (`tag.created`), a new parent or kind (`tag.moved`:
 * the archives above it, before and after), other names (`tag.renamed`) or slugs (`tag.reslugged`)
 * in some editions, or nothing. A name given to an edition that had none replaces the fallback
 * name pages of every edition may show.
 */
async function describeTagChange(
  db: Db,
  tag: TagRow,
  existing: TagRow | undefined,
  before: Awaited<ReturnType<typeof namesAndAncestors>> | undefined,
  names: { edition: string; name: string; slug: string }[],
): Promise<ContentChange | undefined> {
  const change = (reason: ChangeReason, tagIds: number[], editions: string[]): ContentChange => ({
    reasons: [reason],
    articleIds: [],
    storyIds: [],
    editions,
    tagIds: [...new Set(tagIds)].sort((a, b) => a - b),
  });
  if (!existing || !before) {
    return change(
      "tag.created",
      [tag.id],
      names.map((n) => n.edition),
    );
  }
  const allEditions = async () =>
    (await db.selectFrom("editions").select("code").execute()).map((e) => e.code);
  if (existing.parentId !== tag.parentId || existing.kind !== tag.kind) {
    const after = await namesAndAncestors(db, tag.id);
    return change("tag.moved", [...before.ancestorIds, ...after.ancestorIds], await allEditions());
  }
  const renamed = names.filter((n) => {
    const old = before.names.find((o) => o.edition === n.edition);
    return !old || old.name !== n.name || old.slug !== n.slug;
  });
  if (renamed.length === 0) return undefined;
  const added = renamed.some((n) => !before.names.some((o) => o.edition === n.edition));
  const reslugged = renamed.some((n) => before.names.find((o) => o.edition === n.edition)?.slug !== n.slug);
  return change(
    reslugged ? "tag.reslugged" : "tag.renamed",
    [tag.id],
    added ? await allEditions() : renamed.map((n) => n.edition),
  );
}

type NamedRow = { id: number; key: string; kind: TagKind; name: string; slug: string; edition: string };

function pickLanguage(rows: NamedRow[], edition: string): TagLabel[] {
  const byTag = new Map<number, TagLabel>();
  for (const row of rows) {
    const current = byTag.get(row.id);
    if (!current || (current.language !== edition && row.edition === edition)) {
      byTag.set(row.id, {
        id: row.id,
        key: row.key,
        kind: row.kind,
        name: row.name,
        slug: row.slug,
        language: row.edition,
      });
    }
  }
  return [...byTag.values()];
}
