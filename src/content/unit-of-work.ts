import type { Db } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import type { ChangeReason, ContentChange, ContentEvents } from "../shared/content-events.ts";
import { refreshStoryListings } from "./listings.ts";
import { refreshStorySearch } from "./search-index.ts";
import { describeStoryChanges, type StoryChangeOptions } from "./story-change.ts";

export interface StoryChangeNote {
  /** Only these articles' pages and lists are concerned (all the stories' articles when absent). */
  readonly articleIds?: readonly number[];
  /** Tags the stories had before the change (a retag): their archives lose the stories. */
  readonly formerTagIds?: readonly number[];
  /** Bylines the stories had before the change: their authors' archives lose the stories. */
  readonly formerAuthorIds?: readonly number[];
  /** False when nothing the listings or the search index hold changed (related stories, say). */
  readonly reindex?: boolean;
}

/** What the work of a unit tells it about what it changed, as it goes. */
export interface ContentChangeLog {
  /**
   * Stories (or some of their articles) changed. Their listings, search entries and "more on this"
   * terms are refreshed before the commit, and the change is announced for `reason` after it; a
   * null reason refreshes without announcing (a draft's text: readers see nothing of it).
   */
  stories(reason: ChangeReason | null, storyIds: readonly number[], note?: StoryChangeNote): void;
  /**
   * Like `stories`, described now rather than after the commit: for work about to remove what
   * says where the articles showed (their rows, for a deletion).
   */
  storiesBeforeRemoval(
    reason: ChangeReason,
    storyIds: readonly number[],
    note?: StoryChangeNote,
  ): Promise<void>;
  /** A change that is not about stories (tags, promotions, pictures, comments), as the work describes it. */
  other(change: ContentChange): void;
}

/**
 * Work that must commit or fail with the change it follows: an outbox row (a webhook delivery, the
 * content outbox's row) that a restart must not lose. It runs inside the unit's transaction, after
 * the indexes are refreshed, with each change the unit will announce (as logged, before they are
 * merged) and the merged one, the very object announced after the commit; a participant that
 * throws rolls the whole change back.
 */
export type CommitParticipant = (
  trx: Db,
  changes: readonly ContentChange[],
  merged: ContentChange,
) => Promise<void>;

interface Participant {
  readonly run: CommitParticipant;
  readonly last: boolean;
}

const participants = new WeakMap<ContentEvents, Set<Participant>>();

/**
 * Makes `participant` run inside every unit of work that announces on `events`; returns the
 * function that removes it. Units that do not announce (no events, a seed's transaction) skip it.
 * Participants run in the order they joined, those joined `last` after all the others: the content
 * outbox's row, whose id is taken as short a time before the commit as can be.
 */
export function joinCommits(
  events: ContentEvents,
  participant: CommitParticipant,
  options: { last?: boolean } = {},
): () => void {
  const set = participants.get(events) ?? new Set<Participant>();
  participants.set(events, set);
  const entry = { run: participant, last: options.last === true };
  set.add(entry);
  return () => set.delete(entry);
}

/** Stories whose indexes are refreshed by one set of statements (an import batch changes ~100). */
const STORIES_REFRESHED_TOGETHER = 100;

/** The units of work open on each transaction, so that services called inside one join it. */
const openUnits = new WeakMap<Db, UnitLog>();

/**
 * The one path of a change readers can see: runs `work` in a transaction (the one `db` is, or a new
 * one), refreshes the indexes of the stories it changed before committing, then announces what it
 * changed, once, after the commit. Called on a transaction that already runs a unit, it joins that
 * unit: the outermost one refreshes and announces. On a transaction opened some other way (a seed,
 * a test), it refreshes and stays silent: whoever opened the transaction owns what follows its commit.
 */
export async function changeContent<T>(
  db: Db,
  events: ContentEvents | undefined,
  work: (trx: Db, log: ContentChangeLog) => Promise<T>,
): Promise<T> {
  const joined = openUnits.get(db);
  if (joined) return work(db, joined);
  const announces = events !== undefined && !db.isTransaction;
  const joining = announces
    ? [...(participants.get(events) ?? [])].sort((a, b) => Number(a.last) - Number(b.last))
    : [];
  const { value, unit, merged } = await inTransaction(db, async (trx) => {
    const unit = new UnitLog(trx);
    openUnits.set(trx, unit);
    try {
      const value = await work(trx, unit);
      await unit.refreshIndexes();
      // Participants need the change before the commit: it is described once, in the transaction.
      const described = joining.length > 0 ? await unit.describeEach(trx) : [];
      const merged = described.length > 0 ? mergeChanges(described) : undefined;
      if (merged) {
        for (const participant of joining) await participant.run(trx, described, merged);
      }
      return { value, unit, merged };
    } finally {
      openUnits.delete(trx);
    }
  });
  if (events && announces) {
    if (merged) {
      await events.announce(merged);
    } else if (joining.length === 0) {
      const changes = await unit.describeEach(db);
      if (changes.length > 0) await events.announce(mergeChanges(changes));
    }
  }
  return value;
}

interface StoryRecord extends StoryChangeNote {
  readonly reason: ChangeReason;
  readonly storyIds: readonly number[];
}

class UnitLog implements ContentChangeLog {
  private readonly records: StoryRecord[] = [];
  private readonly described: ContentChange[] = [];
  private readonly reindexed = new Set<number>();

  constructor(private readonly trx: Db) {}

  stories(reason: ChangeReason | null, storyIds: readonly number[], note: StoryChangeNote = {}): void {
    if (note.reindex !== false) for (const id of storyIds) this.reindexed.add(id);
    if (reason !== null && storyIds.length > 0) this.records.push({ ...note, reason, storyIds });
  }

  async storiesBeforeRemoval(
    reason: ChangeReason,
    storyIds: readonly number[],
    note: StoryChangeNote = {},
  ): Promise<void> {
    this.stories(null, storyIds, note);
    const [change] = await describeStoryChanges(this.trx, [
      storyChangeOptions({ ...note, reason, storyIds }),
    ]);
    if (change) this.described.push(change);
  }

  other(change: ContentChange): void {
    this.described.push(change);
  }

  /**
   * Inside the transaction, once the work is done: the changed stories' listings and search entries,
   * a slice of stories at a time (their rows written together, the statements' parameters bounded).
   */
  async refreshIndexes(): Promise<void> {
    const storyIds = [...this.reindexed];
    for (let i = 0; i < storyIds.length; i += STORIES_REFRESHED_TOGETHER) {
      const slice = storyIds.slice(i, i + STORIES_REFRESHED_TOGETHER);
      await refreshStoryListings(this.trx, slice);
      await refreshStorySearch(this.trx, slice);
    }
  }

  /** The changes the unit logged, described (after the commit, or inside it for participants). */
  async describeEach(db: Db): Promise<ContentChange[]> {
    return [...this.described, ...(await describeStoryChanges(db, this.records.map(storyChangeOptions)))];
  }
}

function storyChangeOptions(record: StoryRecord): StoryChangeOptions {
  return {
    reasons: [record.reason],
    storyIds: [...record.storyIds],
    ...(record.articleIds ? { articleIds: [...record.articleIds] } : {}),
    ...(record.formerTagIds ? { formerTagIds: [...record.formerTagIds] } : {}),
    ...(record.formerAuthorIds ? { formerAuthorIds: [...record.formerAuthorIds] } : {}),
  };
}

/** One change naming everything `changes` name. */
export function mergeChanges(changes: readonly ContentChange[]): ContentChange {
  const union = <T>(pick: (change: ContentChange) => readonly T[] | undefined) => [
    ...new Set(changes.flatMap((change) => pick(change) ?? [])),
  ];
  const mediaIds = union((change) => change.mediaIds);
  const authorIds = union((change) => change.authorIds);
  const pageIds = union((change) => change.pageIds);
  const pageGroupIds = union((change) => change.pageGroupIds);
  const postedCommentIds = union((change) => change.postedCommentIds);
  return {
    reasons: union((change) => change.reasons),
    articleIds: union((change) => change.articleIds),
    storyIds: union((change) => change.storyIds),
    editions: union((change) => change.editions),
    tagIds: union((change) => change.tagIds).sort((a, b) => a - b),
    ...(mediaIds.length > 0 ? { mediaIds } : {}),
    ...(authorIds.length > 0 ? { authorIds } : {}),
    ...(pageIds.length > 0 ? { pageIds } : {}),
    ...(pageGroupIds.length > 0 ? { pageGroupIds } : {}),
    ...(postedCommentIds.length > 0 ? { postedCommentIds } : {}),
  };
}
