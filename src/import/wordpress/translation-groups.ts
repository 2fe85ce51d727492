import type { Db } from "../../db/database.ts";

/**
 * Which stories the translation groups of one batch of posts already became, and in which editions,
 * read in one query before the batch and kept up to date as its posts are written: finding the story
 * a translation joins is then a lookup, not a query per post. A group the batch can no longer vouch
 * for (a post already imported moved to it from another story) answers `undefined`, and the caller
 * asks the database.
 */
export class BatchTranslationGroups {
  /** Group key → its stories; a group absent here is one this batch does not know. */
  readonly #storiesOf = new Map<string, Set<number>>();
  /** Story → the editions it has an article in. */
  readonly #editionsOf = new Map<number, Set<string>>();

  static async load(db: Db, source: string, groupKeys: readonly string[]): Promise<BatchTranslationGroups> {
    const groups = new BatchTranslationGroups();
    const keys = [...new Set(groupKeys)];
    for (const key of keys) groups.#storiesOf.set(key, new Set());
    if (keys.length === 0) return groups;
    const rows = await db
      .selectFrom("importItems")
      .innerJoin("articles", "articles.id", "importItems.tribuneId")
      .innerJoin("articles as translation", "translation.storyId", "articles.storyId")
      .select(["importItems.groupKey", "articles.storyId", "translation.edition"])
      .where("importItems.source", "=", source)
      .where("importItems.kind", "=", "post")
      .where("importItems.groupKey", "in", keys)
      .execute();
    for (const { groupKey, storyId, edition } of rows) {
      if (groupKey === null) continue;
      groups.#storiesOf.get(groupKey)?.add(storyId);
      groups.#edition(storyId).add(edition);
    }
    return groups;
  }

  /**
   * The oldest story of the group without an article in `edition` (null when every one has one), or
   * undefined when this batch does not know the group.
   */
  storyWithout(groupKey: string, edition: string): number | null | undefined {
    const stories = this.#storiesOf.get(groupKey);
    if (!stories) return undefined;
    const free = [...stories].filter((storyId) => !this.#edition(storyId).has(edition));
    return free.length === 0 ? null : Math.min(...free);
  }

  /**
   * A post was written: its article (`storyId`, `edition`) and its record in `groupKey`. `newStory`:
   * the story was made for it (it has no other article).
   */
  wrote(groupKey: string | null, storyId: number, edition: string, newStory: boolean): void {
    const known = this.#editionsOf.has(storyId);
    if (known || newStory) this.#edition(storyId).add(edition);
    if (groupKey === null) return;
    const stories = this.#storiesOf.get(groupKey);
    if (!stories || stories.has(storyId)) return;
    // A story whose other articles this batch has not read: the database answers for its group.
    if (known || newStory) stories.add(storyId);
    else this.#storiesOf.delete(groupKey);
  }

  #edition(storyId: number): Set<string> {
    const editions = this.#editionsOf.get(storyId) ?? new Set<string>();
    this.#editionsOf.set(storyId, editions);
    return editions;
  }
}
