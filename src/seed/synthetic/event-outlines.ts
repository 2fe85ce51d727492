import type { EventKind } from "./text-bank.ts";

/** What fits under one title template: the event's sentences (the first leads), summaries and quotes. */
export interface Outline {
  sentences: number[];
  summaries: number[];
  quotes: number[];
}

const o = (sentences: number[], summaries: number[], quotes: number[]): Outline => ({
  sentences,
  summaries,
  quotes,
});

/**
 * For each event, one outline per title template, so that a story about a film festival does not go on
 * about a football match: indexes into the event's sentences, summaries and quotes of every language.
 */
export const OUTLINES: Record<EventKind, Outline[]> = {
  diplomacy: [
    o([1, 2, 3, 4, 5], [0, 1], [0, 1]),
    o([0, 1, 2, 4, 3], [0, 1], [0, 1]),
    o([3, 2, 4, 5], [1], [1]),
    o([3, 5], [1], [1]),
  ],
  conflict: [
    o([0, 1, 2, 3, 4, 5], [0, 1], [0, 1]),
    o([0, 1, 2, 3, 4], [0, 1], [0, 1]),
    o([5, 1, 2, 4], [0, 1], [0, 1]),
    o([4, 0, 1, 3, 2], [1], [0, 1]),
  ],
  protest: [
    o([0, 1, 2, 3, 4, 5], [0, 1], [0, 1]),
    o([4, 1, 3, 0, 5], [0, 1], [0, 1]),
    o([2, 3, 5], [0], [0, 1]),
    o([1, 3, 4, 0], [0, 1], [0, 1]),
  ],
  politics: [o([0, 1, 2, 4], [0], [0]), o([4, 1, 2], [0, 1], [0]), o([2, 5], [1], [0]), o([3], [1], [1])],
  economy: [o([0, 2, 4], [0], [0]), o([1, 5], [1], [1]), o([4, 0, 2], [0], [0]), o([2, 0, 4], [0], [0])],
  humanitarian: [
    o([3, 1, 5, 0], [0, 1], [0, 1]),
    o([4, 0, 5], [1], [0, 1]),
    o([1, 2, 0, 3, 4, 5], [0, 1], [0, 1]),
    o([0, 2, 3, 5], [0, 1], [0, 1]),
  ],
  justice: [
    o([0, 3, 5, 2], [0], [0, 1]),
    o([1, 3, 2], [1], [1]),
    o([1, 3, 2], [1], [1]),
    o([4, 5], [1], [1]),
  ],
  climate: [
    o([0, 4, 5], [0, 1], [0, 1]),
    o([1, 3, 2, 5], [1], [1]),
    o([2, 3, 4], [1], [1]),
    o([5], [1], [1]),
  ],
  health: [o([0, 1, 3], [0], [0]), o([1, 0, 3], [0], [0]), o([2, 5], [2], [1]), o([4, 3], [1], [0])],
  energy: [o([0, 5], [0], [0]), o([1, 5], [2], []), o([2], [3], []), o([3, 4], [1], [1])],
  culture: [o([0, 4], [2], [0]), o([1, 5], [0], [0]), o([2], [1], [1]), o([3], [3], [])],
};
