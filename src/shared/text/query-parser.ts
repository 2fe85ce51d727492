import { WORD_PATTERN } from "./text-analysis.ts";

/**
 * What a reader typed, made safe: words, quoted phrases and excluded words or phrases. Only the words
 * (letters, marks and digits) survive, so no operator, quote or SQL fragment of the input ever reaches
 * FTS5's MATCH or PostgreSQL's tsquery parser: the engines build those from these words alone.
 */
export interface ParsedQuery {
  /** Words every result must contain (in any form: they are stemmed by the engine). */
  terms: string[];
  /** Phrases (two or more words in that order) every result must contain. */
  phrases: string[][];
  /** Words or phrases no result may contain. */
  excluded: string[][];
  /** The query as understood, written back: `retirada "acordo nuclear" -Irã`. */
  text: string;
  /** True when part of the input was ignored (too long, too many words). */
  truncated: boolean;
}

/** Only the start of a long input is read. */
export const MAX_QUERY_CHARACTERS = 200;
/** Words beyond this many are ignored. */
export const MAX_QUERY_WORDS = 32;
/** A single word longer than this is cut (no language has such words; hostile input does). */
const MAX_WORD = 60;

/** True when the query asks for something: at least one word or phrase to find. */
export function hasPositivePart(query: ParsedQuery): boolean {
  return query.terms.length > 0 || query.phrases.length > 0;
}

/** Reads user input into a {@link ParsedQuery}; never throws, whatever the input. */
export function parseQuery(input: unknown): ParsedQuery {
  const raw = typeof input === "string" ? input : "";
  const text = raw.normalize("NFC");
  const considered = text.slice(0, MAX_QUERY_CHARACTERS);
  const query: ParsedQuery = { terms: [], phrases: [], excluded: [], text: "", truncated: false };
  let budget = MAX_QUERY_WORDS;

  const add = (chunk: string, negated: boolean) => {
    const words = wordsOf(chunk).slice(0, budget);
    if (words.length === 0) return;
    budget -= words.length;
    if (negated) query.excluded.push(words);
    else if (words.length === 1) query.terms.push(words[0] as string);
    else query.phrases.push(words);
  };

  // A quote opens a phrase that runs to the next quote, or to the end when it is never closed.
  let position = 0;
  while (position < considered.length && budget > 0) {
    const char = considered[position] as string;
    if (/\s/u.test(char)) {
      position += 1;
      continue;
    }
    const negated = char === "-" || char === "\u2212";
    const start = negated ? position + 1 : position;
    if (isQuote(considered[start])) {
      const close = findQuote(considered, start + 1);
      add(considered.slice(start + 1, close), negated);
      position = close + 1;
      continue;
    }
    let end = start;
    while (end < considered.length && !/\s/u.test(considered[end] as string) && !isQuote(considered[end])) {
      end += 1;
    }
    // A word joined by hyphens or apostrophes ("Al-Sadr", "Iraq's") is a phrase of its parts.
    add(considered.slice(start, end), negated);
    position = end === start ? end + 1 : end;
  }

  query.truncated = text.length > MAX_QUERY_CHARACTERS || budget === 0;
  query.text = describe(query);
  return query;
}

function wordsOf(chunk: string): string[] {
  return [...chunk.matchAll(WORD_PATTERN)].map((match) => match[0].slice(0, MAX_WORD));
}

function isQuote(char: string | undefined): boolean {
  return char === '"' || char === "\u201c" || char === "\u201d" || char === "\u00ab" || char === "\u00bb";
}

function findQuote(text: string, from: number): number {
  for (let index = from; index < text.length; index++) if (isQuote(text[index])) return index;
  return text.length;
}

function describe(query: ParsedQuery): string {
  const phrase = (words: string[]) => (words.length === 1 ? (words[0] as string) : `"${words.join(" ")}"`);
  return [
    ...query.terms,
    ...query.phrases.map(phrase),
    ...query.excluded.map((words) => `-${phrase(words)}`),
  ].join(" ");
}
