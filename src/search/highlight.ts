import type { ParsedQuery } from "../shared/text/query-parser.ts";
import { type AnalyzedWord, analyzerFor } from "../shared/text/text-analysis.ts";

/**
 * Highlighting as data: text cut into runs, the matching ones marked. Views render each run as text
 * (escaped by preact), a marked one inside <mark>: no HTML is ever built from article text here.
 * A word matches when its term (stemmed, folded) is one the query looks for, so `retiradas` in the
 * text is marked for a search of `retirada`, whichever engine found the article.
 */
export type Highlighted = readonly HighlightRun[];

export interface HighlightRun {
  text: string;
  mark: boolean;
}

/** The terms of the query's wanted words and phrases, in the edition's language. */
export function highlightTerms(language: string, query: ParsedQuery): Set<string> {
  const analyzer = analyzerFor(language);
  const terms = new Set<string>();
  for (const word of [...query.terms, ...query.phrases.flat()]) {
    const term = analyzer.term(word);
    if (term !== null) terms.add(term);
  }
  return terms;
}

/** The whole text with its matching words marked (for titles). */
export function highlightAll(language: string, text: string, terms: ReadonlySet<string>): Highlighted {
  return runs(text, analyzerFor(language).words(text), terms, 0, text.length);
}

const SNIPPET_WORDS = 30;

/**
 * About thirty words of `text` around its densest cluster of matches, marked, with an ellipsis where
 * it was cut. Falls back to the opening words when nothing matches (the match was in the title).
 */
export function snippet(language: string, text: string, terms: ReadonlySet<string>): Highlighted {
  const words = analyzerFor(language).words(text);
  if (words.length === 0) return [];
  let best = 0;
  let bestCount = 0;
  let count = 0;
  const matches = words.map((word) => word.term !== null && terms.has(word.term));
  for (let index = 0; index < words.length; index++) {
    if (matches[index]) count += 1;
    if (index >= SNIPPET_WORDS && matches[index - SNIPPET_WORDS]) count -= 1;
    if (count > bestCount) {
      bestCount = count;
      best = Math.max(0, index - SNIPPET_WORDS + 1);
    }
  }
  // Start a few words before the first match, so it is read in context.
  const firstMatch = matches.indexOf(true, best);
  const startWord = bestCount === 0 ? 0 : Math.max(0, Math.min(best, firstMatch - 4));
  const endWord = Math.min(words.length, startWord + SNIPPET_WORDS);
  const start = startWord === 0 ? 0 : (words[startWord] as AnalyzedWord).start;
  const end = endWord === words.length ? text.length : (words[endWord - 1] as AnalyzedWord).end;
  const body = runs(text, words.slice(startWord, endWord), terms, start, end).map((run) => ({
    text: run.text.replace(/\s+/g, " "),
    mark: run.mark,
  }));
  return [
    ...(start > 0 ? [{ text: "… ", mark: false }] : []),
    ...body,
    ...(end < text.length ? [{ text: " …", mark: false }] : []),
  ];
}

function runs(
  text: string,
  words: readonly AnalyzedWord[],
  terms: ReadonlySet<string>,
  start: number,
  end: number,
): HighlightRun[] {
  const out: HighlightRun[] = [];
  let position = start;
  for (const word of words) {
    if (word.term === null || !terms.has(word.term)) continue;
    if (word.start > position) out.push({ text: text.slice(position, word.start), mark: false });
    out.push({ text: text.slice(word.start, word.end), mark: true });
    position = word.end;
  }
  if (position < end) out.push({ text: text.slice(position, end), mark: false });
  return out;
}
