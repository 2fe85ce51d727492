import type { AgencyFeedPollRow } from "../db/schema.ts";

/** The fields of the feed form, as typed (the same for a new feed and an edited one). */
export interface FeedForm {
  name: string;
  url: string;
  edition: string;
  /** A source's id, as the select sends it; "" for none. */
  sourceId: string;
  credit: string;
  pollMinutes: string;
  enabled: boolean;
}

/** A feed as the newsroom lists it. */
export interface FeedSummary {
  id: number;
  name: string;
  url: string;
  edition: string;
  sourceId: number | null;
  sourceName: string | null;
  credit: string | null;
  pollMinutes: number;
  enabled: boolean;
  nextPollAt: string;
  lastPoll: AgencyFeedPollRow | null;
}

/** An agency draft waiting in an edition's queue, or taken by an editor. */
export interface QueuedItem {
  id: number;
  feedName: string | null;
  edition: string;
  title: string;
  link: string | null;
  articleId: number | null;
  createdAt: string;
  takenBy: string | null;
}

export const POLL_MINUTES_MIN = 1;
export const POLL_MINUTES_MAX = 1440;

export function formOf(feed: FeedSummary): FeedForm {
  return {
    name: feed.name,
    url: feed.url,
    edition: feed.edition,
    sourceId: feed.sourceId === null ? "" : String(feed.sourceId),
    credit: feed.credit ?? "",
    pollMinutes: String(feed.pollMinutes),
    enabled: feed.enabled,
  };
}
