import { type AuditMeta, recordActorAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { SourceRow } from "../db/schema.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { optionalText, optionalUrl, requiredText } from "../shared/validate.ts";

export interface ManagedSource extends SourceRow {
  /** Stories attributed to it. */
  storyCount: number;
}

export interface SourceForm {
  name: string;
  shortName: string;
  url: string;
}

/**
 * The newsroom's list of sources (editors and admins, `source.edit`): create, edit, delete one no
 * story uses, merge one into another. A change to a source that stories show goes through the unit
 * of work: their article pages are purged and their search entries (which hold the source's name)
 * refreshed.
 */
export class SourceManager {
  constructor(
    private readonly db: Db,
    private readonly events?: ContentEvents,
  ) {}

  async list(actor: Actor): Promise<ManagedSource[]> {
    assertCan(actor, "source.edit");
    return loadSources(this.db);
  }

  async get(actor: Actor, sourceId: number): Promise<ManagedSource> {
    assertCan(actor, "source.edit");
    const [source] = await loadSources(this.db, sourceId);
    if (!source) throw new NotFoundError("source", sourceId);
    return source;
  }

  async create(actor: Actor, form: SourceForm, meta: AuditMeta = {}): Promise<SourceRow> {
    assertCan(actor, "source.edit");
    const values = sourceValues(form);
    return changeContent(this.db, this.events, async (trx) => {
      await assertNameFree(trx, values.name, null);
      const source = await trx.insertInto("sources").values(values).returningAll().executeTakeFirstOrThrow();
      await recordActorAudit(
        trx,
        actor,
        "source.create",
        { type: "source", id: source.id },
        { ...values },
        meta,
      );
      return source;
    });
  }

  /** Name, short name and address; the stories attributed to it show the new ones at once. */
  async update(actor: Actor, sourceId: number, form: SourceForm, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "source.edit");
    const values = sourceValues(form);
    await changeContent(this.db, this.events, async (trx, log) => {
      const before = await sourceById(trx, sourceId, "source");
      await assertNameFree(trx, values.name, sourceId);
      const unchanged =
        before.name === values.name && before.shortName === values.shortName && before.url === values.url;
      if (unchanged) return;
      await trx.updateTable("sources").set(values).where("id", "=", sourceId).execute();
      log.stories("story.source", await storiesAttributed(trx, sourceId));
      const { id: _id, ...old } = before;
      await recordActorAudit(
        trx,
        actor,
        "source.edit",
        { type: "source", id: sourceId },
        { before: old, after: values },
        meta,
      );
    });
  }

  /** Deletes a source no story is attributed to; one in use is refused (409): merge it instead. */
  async delete(actor: Actor, sourceId: number, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "source.edit");
    await changeContent(this.db, this.events, async (trx) => {
      const source = await sourceById(trx, sourceId, "source");
      const used = (await storiesAttributed(trx, sourceId)).length;
      if (used > 0) {
        throw new ConflictError(
          `"${source.name}" is the source of ${used} ${used === 1 ? "story" : "stories"}; merge it into another source instead.`,
        );
      }
      await trx.deleteFrom("sources").where("id", "=", sourceId).execute();
      await recordActorAudit(
        trx,
        actor,
        "source.delete",
        { type: "source", id: sourceId },
        { name: source.name },
        meta,
      );
    });
  }

  /** Attributes `fromId`'s stories to `intoId` and deletes `fromId`. */
  async merge(actor: Actor, fromId: number, intoId: number, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "source.edit");
    if (fromId === intoId) throw new ValidationError("into", "a source cannot be merged into itself");
    await changeContent(this.db, this.events, async (trx, log) => {
      const from = await sourceById(trx, fromId, "source");
      const into = await sourceById(trx, intoId, "into");
      const storyIds = await storiesAttributed(trx, fromId);
      await trx.updateTable("stories").set({ sourceId: intoId }).where("sourceId", "=", fromId).execute();
      await trx.deleteFrom("sources").where("id", "=", fromId).execute();
      log.stories("story.source", storyIds);
      await recordActorAudit(
        trx,
        actor,
        "source.merge",
        { type: "source", id: intoId },
        { mergedSourceId: fromId, mergedName: from.name, into: into.name, stories: storyIds },
        meta,
      );
    });
  }
}

function sourceValues(form: SourceForm) {
  return {
    name: requiredText("name", form.name, 120),
    shortName: optionalText("shortName", form.shortName, 20),
    url: optionalUrl("url", form.url),
  };
}

async function assertNameFree(db: Db, name: string, exceptId: number | null): Promise<void> {
  let query = db.selectFrom("sources").select("id").where("name", "=", name);
  if (exceptId !== null) query = query.where("id", "!=", exceptId);
  if (await query.executeTakeFirst()) {
    throw new ConflictError(`A source called "${name}" exists already; merge into it instead.`);
  }
}

async function sourceById(db: Db, id: number, field: string): Promise<SourceRow> {
  const source = await db.selectFrom("sources").selectAll().where("id", "=", id).executeTakeFirst();
  if (source) return source;
  if (field === "source") throw new NotFoundError("source", id);
  throw new ValidationError(field, `there is no source ${id}`);
}

async function storiesAttributed(db: Db, sourceId: number): Promise<number[]> {
  const rows = await db.selectFrom("stories").select("id").where("sourceId", "=", sourceId).execute();
  return rows.map((row) => row.id);
}

async function loadSources(db: Db, sourceId?: number): Promise<ManagedSource[]> {
  let query = db
    .selectFrom("sources")
    .leftJoin("stories", "stories.sourceId", "sources.id")
    .select((eb) => [
      "sources.id",
      "sources.name",
      "sources.shortName",
      "sources.url",
      eb.fn.count<number | string>("stories.id").as("stories"),
    ])
    .groupBy(["sources.id", "sources.name", "sources.shortName", "sources.url"])
    .orderBy("sources.name");
  if (sourceId !== undefined) query = query.where("sources.id", "=", sourceId);
  const rows = await query.execute();
  return rows.map(({ stories, ...source }) => ({ ...source, storyCount: Number(stories) }));
}
