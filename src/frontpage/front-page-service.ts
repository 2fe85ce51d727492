import { recordAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { Edition } from "../editions/edition.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { ValidationError } from "../shared/errors.ts";
import { isoInstant, nowIso } from "../shared/validate.ts";
import { type FrontBlockTag, frontBlockTags } from "./front-page-blocks.ts";
import { LAST_POSITION, LEAD_POSITION } from "./front-page-pins.ts";

/** A story pinned to a front page, as stored: readers see it while its article is visible and its time lasts. */
export interface FrontPin {
  position: number;
  storyId: number;
  pinnedUntil: string | null;
  pinnedByUserId: number | null;
  pinnedAt: string;
}

/** A stored pin with its story's article in the edition, for the newsroom's list of pins. */
export interface FrontPinView extends FrontPin {
  title: string;
  /** Whether readers see it now; if not, why: its time ran out, or its article is not visible. */
  state: "shown" | "ran out" | "not published";
}

export interface PinRequest {
  storyId: number;
  /** 1 is the lead; 2 to LAST_POSITION the top slots. */
  position: number;
  /** An ISO instant after now, or null: until an editor unpins it. */
  until?: string | null | undefined;
}

export type BlockMove = "up" | "down";

/** What the audit log keeps of one change to a front page. */
interface ArrangementAudit {
  action: string;
  subject: { type: "story" | "tag" | "frontPage"; id: number | string };
  details: Record<string, unknown>;
}

const MESSAGES = {
  position: `must be a whole number from ${LEAD_POSITION} (the lead) to ${LAST_POSITION}`,
  untilPast: "must be later than now: a pin that has already run out would show nothing",
  notVisible: (storyId: number, edition: string) =>
    `story ${storyId} has no article readers can see in the "${edition}" edition; only published stories can be pinned to its front page`,
  notPinned: (storyId: number, edition: string) =>
    `story ${storyId} is not pinned to the "${edition}" front page`,
  notABlock: (tagId: number, edition: string) =>
    `tag ${tagId} is not a section or featured region with a block on the "${edition}" front page`,
  repeated: (tagId: number) => `tag ${tagId} is named more than once`,
};

/**
 * Editors' control of an edition's front page: which story leads, which stories hold the top slots
 * and until when, and in which order the section and region blocks come. Every change is audited
 * and announced as `front.arranged`, which purges that edition's front page and nothing else.
 */
export class FrontPageService {
  constructor(
    private readonly db: Db,
    /** Told of every change readers can see, after it is committed (app.contentEvents). */
    private readonly events?: ContentEvents,
    private readonly now: () => string = nowIso,
  ) {}

  /** Every stored pin of the edition by position, including those readers no longer see. */
  async pins(edition: string): Promise<FrontPin[]> {
    return this.db
      .selectFrom("frontPageSlots")
      .select(["position", "storyId", "pinnedUntil", "pinnedByUserId", "pinnedAt"])
      .where("edition", "=", edition)
      .orderBy("position")
      .execute();
  }

  /** The stored pins with their stories' titles and whether readers see them at `now`. */
  async pinsWithStories(edition: string, now: string): Promise<FrontPinView[]> {
    const rows = await this.db
      .selectFrom("frontPageSlots")
      .innerJoin("articles", (join) =>
        join
          .onRef("articles.storyId", "=", "frontPageSlots.storyId")
          .onRef("articles.edition", "=", "frontPageSlots.edition"),
      )
      .select([
        "frontPageSlots.position",
        "frontPageSlots.storyId",
        "frontPageSlots.pinnedUntil",
        "frontPageSlots.pinnedByUserId",
        "frontPageSlots.pinnedAt",
        "articles.title",
        (eb) => visibleToReaders(now)(eb).as("visible"),
      ])
      .where("frontPageSlots.edition", "=", edition)
      .orderBy("frontPageSlots.position")
      .execute();
    return rows.map(({ visible, ...pin }) => ({
      ...pin,
      state:
        pin.pinnedUntil !== null && pin.pinnedUntil <= now ? "ran out" : visible ? "shown" : "not published",
    }));
  }

  /**
   * Pins a story at a position. A story already pinned elsewhere on this front page moves, and
   * the story it displaces takes its former place; otherwise the displaced story is unpinned.
   */
  async pin(actor: Actor, edition: string, request: PinRequest, ip?: string | null): Promise<void> {
    assertCan(actor, "frontPage.arrange", { edition });
    const position = assertPosition(request.position);
    const now = this.now();
    const until = request.until == null ? null : isoInstant("until", request.until);
    if (until !== null && until <= now) throw new ValidationError("until", MESSAGES.untilPast);
    await this.arrange(actor, edition, ip, async (trx) => {
      await assertVisibleIn(trx, edition, request.storyId, now);
      const pins = await new FrontPageService(trx).pins(edition);
      const former = pins.find((pin) => pin.storyId === request.storyId);
      const displaced = pins.find((pin) => pin.position === position && pin.storyId !== request.storyId);
      await removePins(trx, edition, [former?.position, displaced?.position]);
      const pinned = { storyId: request.storyId, position, pinnedUntil: until, pinnedAt: now };
      await trx
        .insertInto("frontPageSlots")
        .values({ edition, ...pinned, pinnedByUserId: actor.id })
        .execute();
      if (displaced && former) {
        await trx
          .insertInto("frontPageSlots")
          .values({ ...displaced, edition, position: former.position })
          .execute();
      }
      return {
        action: "frontPage.pin",
        subject: { type: "story", id: request.storyId },
        details: {
          position,
          until,
          ...(former ? { from: former.position } : {}),
          ...(displaced
            ? { displacedStoryId: displaced.storyId, displacedTo: former?.position ?? null }
            : {}),
        },
      };
    });
  }

  /** Moves a pinned story to another position, keeping its time; a story there swaps places with it. */
  async move(actor: Actor, edition: string, storyId: number, to: number, ip?: string | null): Promise<void> {
    const pin = (await this.pins(edition)).find((p) => p.storyId === storyId);
    if (!pin) throw new ValidationError("storyId", MESSAGES.notPinned(storyId, edition));
    await this.pin(actor, edition, { storyId, position: to, until: pin.pinnedUntil }, ip);
  }

  /** Unpins a story: the front page fills its place with the newest stories again. */
  async unpin(actor: Actor, edition: string, storyId: number, ip?: string | null): Promise<void> {
    assertCan(actor, "frontPage.arrange", { edition });
    await this.arrange(actor, edition, ip, async (trx) => {
      const removed = await trx
        .deleteFrom("frontPageSlots")
        .where("edition", "=", edition)
        .where("storyId", "=", storyId)
        .returning("position")
        .executeTakeFirst();
      if (!removed) throw new ValidationError("storyId", MESSAGES.notPinned(storyId, edition));
      return {
        action: "frontPage.unpin",
        subject: { type: "story", id: storyId },
        details: { position: removed.position },
      };
    });
  }

  /** The blocks in the given order, first; the blocks not named follow in the default order. */
  async setBlockOrder(actor: Actor, edition: Edition, tagIds: readonly number[], ip?: string | null) {
    assertCan(actor, "frontPage.arrange", { edition: edition.code });
    await this.arrange(actor, edition.code, ip, async (trx) => {
      const blocks = await frontBlockTags(trx, edition);
      assertBlocks(blocks, tagIds, edition.code);
      await writeBlockOrder(trx, edition.code, tagIds);
      return {
        action: "frontPage.blockOrder",
        subject: { type: "frontPage", id: edition.code },
        details: { tagIds: [...tagIds] },
      };
    });
  }

  /** Moves one block a place up or down the front page. */
  async moveBlock(actor: Actor, edition: Edition, tagId: number, move: BlockMove, ip?: string | null) {
    assertCan(actor, "frontPage.arrange", { edition: edition.code });
    await this.arrange(actor, edition.code, ip, async (trx) => {
      const order = (await frontBlockTags(trx, edition)).map((block) => block.id);
      const from = order.indexOf(tagId);
      if (from === -1) throw new ValidationError("tagId", MESSAGES.notABlock(tagId, edition.code));
      const to = Math.max(0, Math.min(order.length - 1, move === "up" ? from - 1 : from + 1));
      order.splice(from, 1);
      order.splice(to, 0, tagId);
      await writeBlockOrder(trx, edition.code, order);
      return {
        action: "frontPage.blockMove",
        subject: { type: "tag", id: tagId },
        details: { move, from: from + 1, to: to + 1 },
      };
    });
  }

  /** One unit of work: the change, its audit entry and the announcement that purges the front page. */
  private async arrange(
    actor: Actor,
    edition: string,
    ip: string | null | undefined,
    work: (trx: Db) => Promise<ArrangementAudit>,
  ): Promise<void> {
    await changeContent(this.db, this.events, async (trx, log) => {
      // Two editors arranging one edition at once take turns: this write locks the edition's row
      // on PostgreSQL until the end of the transaction (SQLite already writes one at a time), so
      // the second reads the pins the first left instead of colliding with them on a unique key.
      await trx
        .updateTable("editions")
        .set((eb) => ({ position: eb.ref("position") }))
        .where("code", "=", edition)
        .execute();
      const { action, subject, details } = await work(trx);
      log.other({
        reasons: ["front.arranged"],
        articleIds: [],
        storyIds: [],
        editions: [edition],
        tagIds: [],
      });
      await recordAudit(trx, {
        actorUserId: actor.id,
        action,
        subjectType: subject.type,
        subjectId: subject.id,
        details: { edition, ...details },
        ip: ip ?? null,
      });
    });
  }
}

function assertPosition(position: number): number {
  if (!Number.isInteger(position) || position < LEAD_POSITION || position > LAST_POSITION) {
    throw new ValidationError("position", MESSAGES.position);
  }
  return position;
}

async function assertVisibleIn(db: Db, edition: string, storyId: number, now: string): Promise<void> {
  const article = await db
    .selectFrom("articles")
    .select("id")
    .where("storyId", "=", storyId)
    .where("edition", "=", edition)
    .where(visibleToReaders(now))
    .executeTakeFirst();
  if (!article) throw new ValidationError("storyId", MESSAGES.notVisible(storyId, edition));
}

async function removePins(db: Db, edition: string, positions: readonly (number | undefined)[]) {
  const present = positions.filter((p): p is number => p !== undefined);
  if (present.length === 0) return;
  await db
    .deleteFrom("frontPageSlots")
    .where("edition", "=", edition)
    .where("position", "in", present)
    .execute();
}

function assertBlocks(blocks: readonly FrontBlockTag[], tagIds: readonly number[], edition: string): void {
  const known = new Set(blocks.map((block) => block.id));
  const seen = new Set<number>();
  for (const tagId of tagIds) {
    if (!known.has(tagId)) throw new ValidationError("tagIds", MESSAGES.notABlock(tagId, edition));
    if (seen.has(tagId)) throw new ValidationError("tagIds", MESSAGES.repeated(tagId));
    seen.add(tagId);
  }
}

async function writeBlockOrder(db: Db, edition: string, tagIds: readonly number[]): Promise<void> {
  await db.deleteFrom("frontPageBlocks").where("edition", "=", edition).execute();
  if (tagIds.length === 0) return;
  await db
    .insertInto("frontPageBlocks")
    .values(tagIds.map((tagId, index) => ({ edition, tagId, position: index + 1 })))
    .execute();
}
