import type { Outline } from "./event-outlines.ts";
import type { Random } from "./random.ts";
import { isDraftStory } from "./story-time.ts";
import type { Voice } from "./text-bank.ts";
import { EN } from "./text-en.ts";

/** Sentence and quote references below this are the event's own; from it up, the generic ones. */
export const GENERIC = 100;

export type PlanBlock =
  | { kind: "paragraph"; sentences: number[] }
  | { kind: "heading"; heading: number }
  /** `form` indexes the language's quote forms; null sets the quote apart as a blockquote. */
  | { kind: "quote"; quote: number; voice: Voice; form: number | null }
  | { kind: "read"; target: number };

export interface BodyPlan {
  blocks: PlanBlock[];
  /** For each paragraph, the number of blocks up to and including it (and what follows it). */
  ends: number[];
  /** Paragraphs in each revision of the original, the last being all of them. */
  paragraphCuts: number[];
}

interface BodyContext {
  seed: number;
  index: number;
  /** The event sentences and quotes that fit the story's title. */
  outline: Outline;
  /** The voice of each quote: the event's two, then the generic ones. */
  quoteVoices: Voice[];
  revisions: number;
}

const MIN_PARAGRAPHS = 6;
const genericSentences = EN.sentences.length;
const eventQuotes = EN.events.diplomacy.quotes.length;

/**
 * The shape of a body: 6–26 paragraphs of one to three sentences (the event's own sentences early,
 * background after), a quote every nine paragraphs or so (at most 30 paragraphs in all), headings in
 * long pieces, and up to two READ callouts to earlier stories.
 */
export function planBody(random: Random, context: BodyContext): BodyPlan {
  const paragraphs = MIN_PARAGRAPHS + Math.floor(21 * random.next() ** 1.8);
  const queue = sentenceQueue(random, context.outline.sentences);
  let next = 0;
  const take = (): number => {
    if (next >= queue.length) {
      queue.push(...random.shuffle(range(genericSentences)).map((g) => g + GENERIC));
    }
    return queue[next++] as number;
  };

  const quoteCount = 1 + Math.floor(paragraphs / 9);
  const genericQuotes = random.shuffle(range(EN.quotes.length).map((q) => q + GENERIC));
  const quoteRefs = [...random.shuffle(context.outline.quotes), ...genericQuotes];
  const quoteAt = new Map<number, number>();
  for (const at of distinctPositions(random, quoteCount, 1, paragraphs - 1)) {
    quoteAt.set(at, quoteRefs[quoteAt.size] as number);
  }
  const headingAt = new Map<number, number>();
  if (paragraphs >= 10) {
    const headings = random.shuffle(range(EN.headings.length));
    for (let at = random.int(4, 6); at < paragraphs - 2; at += random.int(5, 8)) {
      headingAt.set(at, headings[headingAt.size % headings.length] as number);
    }
  }
  const readAt = new Map<number, number>();
  const targets = calloutTargets(random, context.seed, context.index);
  const readPositions = distinctPositions(random, targets.length, 1, paragraphs - 2);
  for (const [i, target] of targets.entries()) readAt.set(readPositions[i] as number, target);

  const blocks: PlanBlock[] = [];
  const ends: number[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const heading = headingAt.get(p);
    if (heading !== undefined) blocks.push({ kind: "heading", heading });
    const count = p === 0 ? 1 : random.weightedIndex([55, 40, 5]) + 1;
    blocks.push({ kind: "paragraph", sentences: Array.from({ length: count }, take) });
    const quote = quoteAt.get(p);
    if (quote !== undefined) {
      const voice = context.quoteVoices[quote < GENERIC ? quote : eventQuotes + quote - GENERIC] ?? "analyst";
      const form = random.chance(0.3) ? null : random.int(0, EN.quoteForms.length - 1);
      blocks.push({ kind: "quote", quote, voice, form });
    }
    const target = readAt.get(p);
    if (target !== undefined) blocks.push({ kind: "read", target });
    ends.push(blocks.length);
  }

  // Earlier revisions of the original stop one to three paragraphs short: updates add to the end.
  const paragraphCuts = [paragraphs];
  for (let k = 1; k < context.revisions; k++) {
    const later = paragraphCuts[0] as number;
    paragraphCuts.unshift(Math.max(MIN_PARAGRAPHS, later - random.int(1, 3)));
  }
  return { blocks, ends, paragraphCuts };
}

/** The lead, then the event's other sentences spread through the first half, background around them. */
function sentenceQueue(random: Random, own: readonly number[]): number[] {
  const [lead, ...rest] = own;
  const others = random.shuffle(rest);
  const background = random.shuffle(range(genericSentences)).map((g) => g + GENERIC);
  const queue = lead === undefined ? [] : [lead];
  while (others.length > 0 || background.length > 0) {
    const b = background.shift();
    if (b !== undefined) queue.push(b);
    const o = others.shift();
    if (o !== undefined) queue.push(o);
  }
  return queue;
}

/** Zero to two earlier, published stories of the same seed, mostly recent ones. */
function calloutTargets(random: Random, seed: number, index: number): number[] {
  const wanted = index === 0 ? 0 : random.weightedIndex([45, 40, 15]);
  const targets: number[] = [];
  for (let attempt = 0; targets.length < wanted && attempt < 6; attempt++) {
    const target = index - 1 - Math.floor(random.next() ** 3 * Math.min(index, 3000));
    if (target >= 0 && !targets.includes(target) && !isDraftStory(seed, target)) targets.push(target);
  }
  return targets;
}

function distinctPositions(random: Random, count: number, min: number, max: number): number[] {
  const span = range(Math.max(0, max - min + 1)).map((i) => i + min);
  return random.shuffle(span).slice(0, count);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
