import { type AuditMeta, recordActorAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import { promotionChange, promotionTargets } from "../cache/promotion-change.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { PromotionRow } from "../db/schema.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import { slugify } from "../shared/slug.ts";
import { replaceTargets } from "./promotion-service.ts";
import { type PromotionFields, promotionValues } from "./promotion-values.ts";

/** Where a promotion stands at a given time. */
export type PromotionStatus = "running" | "scheduled" | "ended";

export interface ManagedPromotion extends PromotionRow {
  editions: string[];
  /** The tags it is limited to, with their names in the edition asked for (or any). */
  tags: { id: number; name: string }[];
  status: PromotionStatus;
}

/**
 * The newsroom's promotions (editors and admins, `promotion.manage`): list, read, create, edit and
 * delete by id, each change audited and announced for exactly the pages that showed or show it.
 */
export class PromotionManager {
  constructor(
    private readonly db: Db,
    private readonly events?: ContentEvents,
    /** The edition whose tag names the lists show (the site's default). */
    private readonly edition = "en",
  ) {}

  /** Every promotion, running ones first, then scheduled, then ended; newest first within each. */
  async list(actor: Actor, now = new Date().toISOString()): Promise<ManagedPromotion[]> {
    assertCan(actor, "promotion.manage");
    const rows = await this.db.selectFrom("promotions").selectAll().orderBy("id", "desc").execute();
    const order: Record<PromotionStatus, number> = { running: 0, scheduled: 1, ended: 2 };
    const promotions = await this.withTargets(rows, now);
    return promotions.sort((a, b) => order[a.status] - order[b.status]);
  }

  async get(actor: Actor, id: number, now = new Date().toISOString()): Promise<ManagedPromotion> {
    assertCan(actor, "promotion.manage");
    const row = await promotionById(this.db, id);
    const [promotion] = await this.withTargets([row], now);
    if (!promotion) throw new NotFoundError("promotion", id);
    return promotion;
  }

  async create(actor: Actor, fields: PromotionFields, meta: AuditMeta = {}): Promise<PromotionRow> {
    assertCan(actor, "promotion.manage");
    const values = await promotionValues(this.db, fields);
    return changeContent(this.db, this.events, async (trx, log) => {
      const key = await freeKey(trx, values.row.headline);
      const promotion = await trx
        .insertInto("promotions")
        .values({ key, ...values.row })
        .returningAll()
        .executeTakeFirstOrThrow();
      await replaceTargets(trx, promotion.id, values);
      log.other(promotionChange("promotion.changed", [values]));
      await recordActorAudit(
        trx,
        actor,
        "promotion.create",
        { type: "promotion", id: promotion.id },
        { ...values },
        meta,
      );
      return promotion;
    });
  }

  async update(actor: Actor, id: number, fields: PromotionFields, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "promotion.manage");
    const values = await promotionValues(this.db, fields);
    await changeContent(this.db, this.events, async (trx, log) => {
      const before = await promotionById(trx, id);
      const [targets] = await promotionTargets(trx, [id]);
      await trx.updateTable("promotions").set(values.row).where("id", "=", id).execute();
      await replaceTargets(trx, id, values);
      log.other(promotionChange("promotion.changed", [...(targets ? [targets] : []), values]));
      const { id: _id, key: _key, ...old } = before;
      await recordActorAudit(
        trx,
        actor,
        "promotion.edit",
        { type: "promotion", id: id },
        { before: { ...old, ...targets }, after: values },
        meta,
      );
    });
  }

  /** Deletes the promotion: the pages that showed it stop at once. */
  async delete(actor: Actor, id: number, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "promotion.manage");
    await changeContent(this.db, this.events, async (trx, log) => {
      const before = await promotionById(trx, id);
      const targets = await promotionTargets(trx, [id]);
      await trx.deleteFrom("promotions").where("id", "=", id).execute();
      log.other(promotionChange("promotion.changed", targets));
      await recordActorAudit(
        trx,
        actor,
        "promotion.delete",
        { type: "promotion", id: id },
        { headline: before.headline, key: before.key },
        meta,
      );
    });
  }

  /**
   * The ids of the tags named, matched without regard to case in any edition (a name of the default
   * edition first); a name that is no tag's is refused, naming it.
   */
  async tagIdsByName(actor: Actor, names: readonly string[]): Promise<number[]> {
    assertCan(actor, "promotion.manage");
    const wanted = [...new Set(names.map((name) => name.trim()).filter((name) => name !== ""))];
    if (wanted.length === 0) return [];
    const rows = await this.db.selectFrom("tagNames").select(["tagId", "edition", "name"]).execute();
    return wanted.map((name) => {
      const folded = name.toLocaleLowerCase();
      const matches = rows.filter((row) => row.name.toLocaleLowerCase() === folded);
      const match = matches.find((row) => row.edition === this.edition) ?? matches[0];
      if (!match) throw new ValidationError("tags", `no tag is called "${name.slice(0, 80)}"`);
      return match.tagId;
    });
  }

  /** Every tag's name in the default edition (or another), for the form's suggestions. */
  async tagNames(actor: Actor): Promise<string[]> {
    assertCan(actor, "promotion.manage");
    const rows = await this.db.selectFrom("tagNames").select(["tagId", "edition", "name"]).execute();
    const byTag = new Map<number, string>();
    for (const row of rows) {
      if (row.edition === this.edition || !byTag.has(row.tagId)) byTag.set(row.tagId, row.name);
    }
    return [...byTag.values()].sort((a, b) => a.localeCompare(b));
  }

  private async withTargets(rows: readonly PromotionRow[], now: string): Promise<ManagedPromotion[]> {
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return [];
    const [targets, names] = await Promise.all([
      promotionTargets(this.db, ids),
      this.db
        .selectFrom("promotionTags")
        .innerJoin("tagNames", "tagNames.tagId", "promotionTags.tagId")
        .select(["promotionTags.tagId", "tagNames.edition", "tagNames.name"])
        .where("promotionTags.promotionId", "in", ids)
        .execute(),
    ]);
    return rows.map((row, index) => {
      const target = targets[index] ?? { editions: [], tagIds: [] };
      const nameOf = (tagId: number) => {
        const own = names.filter((name) => name.tagId === tagId);
        return (own.find((name) => name.edition === this.edition) ?? own[0])?.name ?? `#${tagId}`;
      };
      return {
        ...row,
        editions: [...target.editions],
        tags: target.tagIds.map((id) => ({ id, name: nameOf(id) })),
        status: statusAt(row, now),
      };
    });
  }
}

/** Scheduled before its start, ended from its end, running in between (and when open). */
export function statusAt(promotion: Pick<PromotionRow, "startsAt" | "endsAt">, now: string): PromotionStatus {
  if (promotion.startsAt && promotion.startsAt > now) return "scheduled";
  if (promotion.endsAt && promotion.endsAt <= now) return "ended";
  return "running";
}

async function promotionById(db: Db, id: number): Promise<PromotionRow> {
  const row = await db.selectFrom("promotions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError("promotion", id);
  return row;
}

/** A key from the headline, made unique with a number when another promotion has it. */
async function freeKey(db: Db, headline: string): Promise<string> {
  const base = slugify(headline, 60) || "promotion";
  const taken = new Set(
    (await db.selectFrom("promotions").select("key").where("key", "like", `${base}%`).execute()).map(
      (row) => row.key,
    ),
  );
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  return key;
}
