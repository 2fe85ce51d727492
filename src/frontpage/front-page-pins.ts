import { LISTED_COLUMNS, type ListedRow } from "../articles/listed-article.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import type { Db } from "../db/database.ts";
import { preparedQuery } from "../db/prepared-query.ts";

/** Position 1 of an edition's front page: the lead story. */
export const LEAD_POSITION = 1;
/** The top slots under the lead: positions 2 to 1 + TOP_SLOTS. */
export const TOP_SLOTS = 4;
export const LAST_POSITION = LEAD_POSITION + TOP_SLOTS;

/** A pinned story as the front page shows it: its article in the edition, and where it is pinned. */
export interface PinnedRow extends ListedRow {
  position: number;
  pinnedUntil: string | null;
}

// The reader front page runs it on every render: compiled once.
const pinnedQuery = preparedQuery((db: Db, edition: string, now: string) =>
  db
    .selectFrom("frontPageSlots")
    .innerJoin("articles", (join) =>
      join
        .onRef("articles.storyId", "=", "frontPageSlots.storyId")
        .onRef("articles.edition", "=", "frontPageSlots.edition"),
    )
    .select([...LISTED_COLUMNS, "frontPageSlots.position", "frontPageSlots.pinnedUntil"])
    .where("frontPageSlots.edition", "=", edition)
    .where((eb) =>
      eb.or([eb("frontPageSlots.pinnedUntil", "is", null), eb("frontPageSlots.pinnedUntil", ">", now)]),
    )
    .where(visibleToReaders(now))
    .orderBy("frontPageSlots.position"),
);

/**
 * The stories pinned to an edition's front page that readers see at `now`, by position: a pin whose
 * time ran out, or whose story's article is not (or no longer) visible, drops out by itself — no
 * job unpins it. One indexed query (the slots' primary key, then the article by story and edition).
 */
export function pinnedStories(db: Db, edition: string, now: string): Promise<PinnedRow[]> {
  return pinnedQuery(db, edition, now) as Promise<PinnedRow[]>;
}
