import { type AuditMeta, recordAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { TagKind, TagRow } from "../db/schema.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { slugify } from "../shared/slug.ts";
import { optionalText } from "../shared/validate.ts";
import { mergeTag } from "./tag-merge.ts";
import { TAG_KINDS, TagService } from "./tag-service.ts";

/** A tag's name, slug and description in one edition. */
export interface TagEditionName {
  name: string;
  slug: string;
  description: string | null;
}

/** A tag as the newsroom's tag pages show it. */
export interface ManagedTag {
  id: number;
  key: string;
  kind: TagKind;
  parentId: number | null;
  /** Per edition code; editions without a name are absent. */
  names: Record<string, TagEditionName>;
  /** Stories tagged with it directly. */
  storyCount: number;
}

/** What the edit form sends per edition: an empty name leaves an edition that has none without one. */
export type TagNamesForm = Record<string, { name: string; slug: string; description: string }>;

const DESCRIPTION_LIMIT = 1000;

/**
 * The newsroom's tag manager (editors and admins, `tag.edit`): create, rename and reslug per edition,
 * describe, move under another tag, merge into another. Each change is one unit of work with its
 * audit entry; old archive addresses keep answering (tag slug history), the search index follows.
 */
export class TagManager {
  constructor(
    private readonly db: Db,
    private readonly events?: ContentEvents,
  ) {}

  /** Every tag with its names and story count, for the tree of /newsroom/tags. */
  async list(actor: Actor): Promise<ManagedTag[]> {
    assertCan(actor, "tag.edit");
    return loadTags(this.db);
  }

  /** One tag, or a NotFoundError. */
  async get(actor: Actor, tagId: number): Promise<ManagedTag> {
    assertCan(actor, "tag.edit");
    const [tag] = await loadTags(this.db, tagId);
    if (!tag) throw new NotFoundError("tag", tagId);
    return tag;
  }

  /** A new tag named in the editions given (at least one), its key made from the first name. */
  async create(
    actor: Actor,
    input: { kind: string; parentId: number | null; names: Record<string, string> },
    meta: AuditMeta = {},
  ): Promise<TagRow> {
    assertCan(actor, "tag.create");
    const kind = tagKind(input.kind);
    const names = Object.fromEntries(Object.entries(input.names).filter(([, name]) => name.trim() !== ""));
    const first = Object.values(names)[0];
    if (first === undefined)
      throw new ValidationError("names", "give the tag a name in at least one edition");
    return changeContent(this.db, this.events, async (trx) => {
      const parent = input.parentId === null ? null : await tagById(trx, input.parentId, "parent");
      const key = await freeKey(trx, slugify(first) || "tag");
      const tag = await new TagService(trx).upsertTag({ key, kind, parent: parent?.key ?? null, names });
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "tag.create",
        subjectType: "tag",
        subjectId: tag.id,
        details: { key, kind, parentId: parent?.id ?? null, names },
        ip: meta.ip ?? null,
      });
      return tag;
    });
  }

  /**
   * Names, slugs and descriptions per edition. A name cannot be taken away from an edition that
   * has one; an old slug keeps leading to the tag; the tagged stories are reindexed by the new name.
   */
  async edit(actor: Actor, tagId: number, form: TagNamesForm, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "tag.edit");
    await changeContent(this.db, this.events, async (trx, log) => {
      const tag = await tagById(trx, tagId, "tag");
      const [current] = await loadTags(trx, tagId);
      const before = current?.names ?? {};
      const names: Record<string, { name: string; slug?: string }> = {};
      const descriptions: Record<string, string | null> = {};
      for (const [edition, fields] of Object.entries(form)) {
        const description = optionalText(`${edition}.description`, fields.description, DESCRIPTION_LIMIT);
        if (fields.name.trim() === "" && !before[edition]) {
          if (description !== null) {
            throw new ValidationError(`${edition}.description`, "needs a name in the same edition first");
          }
          continue;
        }
        if (fields.name.trim() === "") {
          throw new ValidationError(`${edition}.name`, "is required: a name cannot be taken away");
        }
        const slug = fields.slug.trim();
        names[edition] = slug === "" ? { name: fields.name } : { name: fields.name, slug };
        descriptions[edition] = description;
      }
      await new TagService(trx).upsertTag({
        key: tag.key,
        kind: tag.kind,
        parent: tag.parentId === null ? null : (await tagById(trx, tag.parentId, "parent")).key,
        names,
      });
      const described = Object.entries(descriptions).filter(
        ([edition, description]) => (before[edition]?.description ?? null) !== description,
      );
      for (const [edition, description] of described) {
        await trx
          .updateTable("tagNames")
          .set({ description })
          .where("tagId", "=", tagId)
          .where("edition", "=", edition)
          .execute();
      }
      if (described.length > 0) {
        log.other({
          reasons: ["tag.described"],
          articleIds: [],
          storyIds: [],
          editions: described.map(([edition]) => edition),
          tagIds: [tagId],
        });
      }
      const [after] = await loadTags(trx, tagId);
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "tag.edit",
        subjectType: "tag",
        subjectId: tagId,
        details: { before, after: after?.names ?? {} },
        ip: meta.ip ?? null,
      });
    });
  }

  /** A new kind or parent (null: top level); a parent below the tag itself is refused (400). */
  async move(
    actor: Actor,
    tagId: number,
    input: { kind: string; parentId: number | null },
    meta: AuditMeta = {},
  ): Promise<void> {
    assertCan(actor, "tag.edit");
    const kind = tagKind(input.kind);
    await changeContent(this.db, this.events, async (trx) => {
      const tag = await tagById(trx, tagId, "tag");
      const parent = input.parentId === null ? null : await tagById(trx, input.parentId, "parent");
      if (parent?.id === tag.id) throw new ValidationError("parent", "a tag cannot be its own parent");
      await new TagService(trx).upsertTag({
        key: tag.key,
        kind,
        parent: parent?.key ?? null,
        names: await currentNames(trx, tagId),
      });
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "tag.move",
        subjectType: "tag",
        subjectId: tagId,
        details: {
          before: { kind: tag.kind, parentId: tag.parentId },
          after: { kind, parentId: parent?.id ?? null },
        },
        ip: meta.ip ?? null,
      });
    });
  }

  /**
   * Merges tag `fromId` into `intoId`: its stories carry `intoId` instead, the tags below it move
   * under `intoId`, and its archive addresses in every edition redirect to `intoId`'s. `fromId` is
   * deleted.
   */
  async merge(actor: Actor, fromId: number, intoId: number, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "tag.edit");
    await changeContent(this.db, this.events, async (trx, log) => {
      const from = await tagById(trx, fromId, "tag");
      const into = await tagById(trx, intoId, "into");
      const [fromNames] = await loadTags(trx, fromId);
      const moved = await mergeTag(trx, log, from, into);
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "tag.merge",
        subjectType: "tag",
        subjectId: intoId,
        details: { mergedTagId: fromId, mergedKey: from.key, names: fromNames?.names ?? {}, stories: moved },
        ip: meta.ip ?? null,
      });
    });
  }
}

function tagKind(value: string): TagKind {
  const kind = TAG_KINDS.find((known) => known === value);
  if (!kind) throw new ValidationError("kind", `must be one of ${TAG_KINDS.join(", ")}`);
  return kind;
}

async function tagById(db: Db, id: number, field: string): Promise<TagRow> {
  const tag = await db.selectFrom("tags").selectAll().where("id", "=", id).executeTakeFirst();
  if (tag) return tag;
  if (field === "tag") throw new NotFoundError("tag", id);
  throw new ValidationError(field, `there is no tag ${id}`);
}

/** `base`, or `base-2`, `base-3`… whichever no tag has as its key yet. */
async function freeKey(db: Db, base: string): Promise<string> {
  for (let n = 1; n <= 50; n++) {
    const key = n === 1 ? base : `${base.slice(0, 76)}-${n}`;
    const taken = await db.selectFrom("tags").select("id").where("key", "=", key).executeTakeFirst();
    if (!taken) return key;
  }
  throw new ConflictError(`Too many tags are called "${base}"; choose another name.`);
}

async function currentNames(db: Db, tagId: number): Promise<Record<string, { name: string; slug: string }>> {
  const rows = await db
    .selectFrom("tagNames")
    .select(["edition", "name", "slug"])
    .where("tagId", "=", tagId)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.edition, { name: row.name, slug: row.slug }]));
}

/** Tags with their names per edition and how many stories carry each (one tag when `tagId` is given). */
async function loadTags(db: Db, tagId?: number): Promise<ManagedTag[]> {
  let tags = db.selectFrom("tags").select(["id", "key", "kind", "parentId"]).orderBy("id");
  let names = db.selectFrom("tagNames").select(["tagId", "edition", "name", "slug", "description"]);
  let counts = db
    .selectFrom("storyTags")
    .select((eb) => ["tagId", eb.fn.countAll<number | string>().as("stories")])
    .groupBy("tagId");
  if (tagId !== undefined) {
    tags = tags.where("id", "=", tagId);
    names = names.where("tagId", "=", tagId);
    counts = counts.where("tagId", "=", tagId);
  }
  const [tagRows, nameRows, countRows] = await Promise.all([
    tags.execute(),
    names.execute(),
    counts.execute(),
  ]);
  const storyCount = new Map(countRows.map((row) => [row.tagId, Number(row.stories)]));
  return tagRows.map((tag) => ({
    ...tag,
    names: Object.fromEntries(
      nameRows
        .filter((row) => row.tagId === tag.id)
        .map((row) => [row.edition, { name: row.name, slug: row.slug, description: row.description }]),
    ),
    storyCount: storyCount.get(tag.id) ?? 0,
  }));
}
