import { randomBytes } from "node:crypto";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { StoryRow } from "../db/schema.ts";
import { assertEditions } from "../editions/edition-service.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import { assertValidSlug } from "../shared/slug.ts";
import { nowIso, positiveId } from "../shared/validate.ts";

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
    return changeContent(this.db, this.events, async (trx) => {
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
    await changeContent(this.db, this.events, async (db, log) => {
      await assertAllExist(db, "tags", "tagIds", ids);
      const former = await db
        .selectFrom("storyTags")
        .select("tagId")
        .where("storyId", "=", storyId)
        .execute();
      await db.deleteFrom("storyTags").where("storyId", "=", storyId).execute();
      if (ids.length > 0) {
        await db
          .insertInto("storyTags")
          .values(ids.map((tagId, position) => ({ storyId, tagId, position })))
          .execute();
      }
      log.stories("story.tags", [storyId], { formerTagIds: former.map((row) => row.tagId) });
    });
  }

  /** Replaces the story's related stories, keeping the given order. */
  async setRelated(storyId: number, relatedStoryIds: number[]): Promise<void> {
    const ids = unique("relatedStoryIds", relatedStoryIds);
    if (ids.includes(storyId))
      throw new ValidationError("relatedStoryIds", "a story cannot be related to itself");
    await changeContent(this.db, this.events, async (db, log) => {
      await assertAllExist(db, "stories", "relatedStoryIds", ids);
      await db.deleteFrom("storyRelated").where("storyId", "=", storyId).execute();
      log.stories("story.related", [storyId], { reindex: false });
      if (ids.length === 0) return;
      await db
        .insertInto("storyRelated")
        .values(ids.map((relatedStoryId, position) => ({ storyId, relatedStoryId, position })))
        .execute();
    });
  }

  async setHero(storyId: number, heroMediaId: number | null): Promise<void> {
    await changeContent(this.db, this.events, async (db, log) => {
      await db
        .updateTable("stories")
        .set({ heroMediaId, updatedAt: nowIso() })
        .where("id", "=", storyId)
        .execute();
      log.stories("story.hero", [storyId], { reindex: false });
    });
  }

  /** The source is among the words the search index holds of each article. */
  async setSource(storyId: number, sourceId: number | null): Promise<void> {
    await changeContent(this.db, this.events, async (db, log) => {
      await db
        .updateTable("stories")
        .set({ sourceId, updatedAt: nowIso() })
        .where("id", "=", storyId)
        .execute();
      log.stories("story.source", [storyId]);
    });
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
