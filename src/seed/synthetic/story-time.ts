import { mixSeed, Random } from "./random.ts";

const MINUTE = 60_000;
/** Mean time between two stories: five an hour, so 100,000 stories span about two and a half years. */
export const STORY_GAP_MS = 12 * MINUTE;

/** When story `index` of `count` was last touched: the newest at `until`, older ones going back in time. */
export function storyTime(seed: number, count: number, until: number, index: number): number {
  const jitter = Math.floor(new Random(mixSeed(seed, index, 1)).next() * 10 * MINUTE);
  return until - (count - 1 - index) * STORY_GAP_MS - jitter;
}

/** About one story in seventy stays an unpublished, untranslated draft (and is never a READ target). */
export function isDraftStory(seed: number, index: number): boolean {
  return new Random(mixSeed(seed, index, 2)).chance(0.015);
}
