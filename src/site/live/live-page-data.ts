import type { LiveService } from "../../live/live-service.ts";
import type { LivePageData } from "./live-updates.tsx";

/** The live part of an article page, or undefined when its story was never covered live. */
export async function livePageData(
  live: LiveService,
  article: { id: number; storyId: number },
): Promise<(LivePageData & { lastChangedAt: string }) | undefined> {
  const coverage = await live.coverageOfStory(article.storyId);
  if (!coverage) return undefined;
  const [updates, latest] = await Promise.all([live.updatesOf(article.id), live.latestEvent(article.id)]);
  // ISO times sort as text: the latest of the three.
  const times = [coverage.startedAt, coverage.endedAt ?? "", latest?.createdAt ?? ""].sort();
  return {
    coverage,
    updates,
    lastEventId: latest?.id ?? 0,
    // The page's Last-Modified: a deletion leaves no update behind, but its event has a time.
    lastChangedAt: times.at(-1) ?? coverage.startedAt,
  };
}
