import { randomBytes } from "node:crypto";
import { describeStoryChange } from "../cache/story-change.ts";
import type { Db } from "../db/database.ts";
import type { StoryRow } from "../db/schema.ts";
import { assertEditions } from "../editions/edition-service.ts";
import { refreshStorySearch } from "../search/search-index.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import { assertValidSlug } from "../shared/slug.ts";
import { nowIso, positiveId } from "../shared/validate.ts";
import { refreshStoryListings } from "./listings.ts";

export interface StoryInput {
  /** A stable key (imports, demo content); generated when absent. */
  key?: string;
  originalEdition: string;
  heroMediaId?: number | null;
  sourceId?: number | null;
  tagIds?: number[];
  relatedStoryIds?: number[];
}

/** A story groups the articles that tell the same news in each edition, and what they share. */
export class StoryService {
  constructor(
    private readonly db: Db,
    /** Told of every change readers can see, after it is committed (app.contentEvents). */
    private readonly events?: ContentEvents,
  ) {}

  /**
   * A new story with its tags and related stories, in one transaction (this service's own, or the
   * one it was made with: a story should come with its first article, see createStoryWithArticle).
   */
  async createStory(input: StoryInput): Promise<StoryRow> {
    const key = assertValidSlug(input.key ?? `story-${randomBytes(5).toString("hex")}`, "key");
    const now = nowIso();
    return this.inTransaction(async (trx) => {
      await assertEditions(trx, "originalEdition", [input.originalEdition]);
      const story = await trx
        .insertInto("stories")
        .values({
          key,
          originalEdition: input.originalEdition,
          heroMediaId: input.heroMediaId ?? null,
          sourceId: input.sourceId ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const scoped = new StoryService(trx);
      if (input.tagIds) await scoped.setTags(story.id, input.tagIds);
      if (input.relatedStoryIds) await scoped.setRelated(story.id, input.relatedStoryIds);
      return story;
    });
  }

  async findByKey(key: string): Promise<StoryRow | undefined> {
    return this.db.selectFrom("stories").selectAll().where("key", "=", key).executeTakeFirst();
  }

  async getById(id: number): Promise<StoryRow> {
    const story = await this.db.selectFrom("stories").selectAll().where("id", "=", id).executeTakeFirst();
    if (!story) throw new NotFoundError("story", id);
    return story;
  }

  /** Replaces the story's tags, keeping the given order. */
  async setTags(storyId: number, tagIds: number[]): Promise<void> {
    const ids = unique("tagIds", tagIds);
    let formerTagIds: number[] = [];
    await this.inTransaction(async (db) => {
      await assertAllExist(db, "tags", "tagIds", ids);
      const former = await db
        .selectFrom("storyTags")
        .select("tagId")
        .where("storyId", "=", storyId)
        .execute();
      formerTagIds = former.map((row) => row.tagId);
      await db.deleteFrom("storyTags").where("storyId", "=", storyId).execute();
      if (ids.length > 0) {
        await db
          .insertInto("storyTags")
          .values(ids.map((tagId, position) => ({ storyId, tagId, position })))
          .execute();
      }
      await refreshStoryListings(db, storyId);
      await refreshStorySearch(db, storyId);
    });
    await this.announce("story.tags", storyId, formerTagIds);
  }

  /** Replaces the story's related stories, keeping the given order. */
  async setRelated(storyId: number, relatedStoryIds: number[]): Promise<void> {
    const ids = unique("relatedStoryIds", relatedStoryIds);
    if (ids.includes(storyId))
      throw new ValidationError("relatedStoryIds", "a story cannot be related to itself");
    await this.inTransaction(async (db) => {
      await assertAllExist(db, "stories", "relatedStoryIds", ids);
      await db.deleteFrom("storyRelated").where("storyId", "=", storyId).execute();
      if (ids.length === 0) return;
      await db
        .insertInto("storyRelated")
        .values(ids.map((relatedStoryId, position) => ({ storyId, relatedStoryId, position })))
        .execute();
    });
    await this.announce("story.related", storyId);
  }

  async setHero(storyId: number, heroMediaId: number | null): Promise<void> {
    await this.db
      .updateTable("stories")
      .set({ heroMediaId, updatedAt: nowIso() })
      .where("id", "=", storyId)
      .execute();
    await this.announce("story.hero", storyId);
  }

  async setSource(storyId: number, sourceId: number | null): Promise<void> {
    await this.db
      .updateTable("stories")
      .set({ sourceId, updatedAt: nowIso() })
      .where("id", "=", storyId)
      .execute();
    await this.announce("story.source", storyId);
  }

  /**
   * Tells the listeners (page cache, cache in front) about a committed change. A service made on
   * a transaction stays silent: whoever owns the transaction announces after committing it.
   */
  private async announce(reason: string, storyId: number, formerTagIds?: number[]): Promise<void> {
    if (!this.events || this.db.isTransaction) return;
    const change = await describeStoryChange(this.db, {
      reason,
      storyIds: [storyId],
      ...(formerTagIds ? { formerTagIds } : {}),
    });
    await this.events.announce(change);
  }

  /** Runs `work` in a transaction: its own, or the one this service was made with. */
  private inTransaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? work(this.db) : this.db.transaction().execute(work);
  }
}

/** Names the first id that does not exist, instead of letting a foreign key fail obscurely. */
async function assertAllExist(
  db: Db,
  table: "tags" | "stories",
  field: string,
  ids: number[],
): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.selectFrom(table).select("id").where("id", "in", ids).execute();
  const missing = ids.find((id) => !found.some((row) => row.id === id));
  if (missing !== undefined)
    throw new ValidationError(field, `there is no ${table === "tags" ? "tag" : "story"} #${missing}`);
}

function unique(field: string, ids: number[]): number[] {
  for (const [index, id] of ids.entries()) positiveId(`${field}[${index}]`, id);
  return [...new Set(ids)];
}
