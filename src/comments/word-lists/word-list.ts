import { foldText } from "../../shared/text/fold.ts";
/**
 * A language's word list: phrases matched on whole words after folding (case, accents, invisible
 * characters, common digit-for-letter swaps). A trailing `*` matches any ending ("idiot*": idiots).
 * - reject: the reader is told to rephrase (threats, incitement);
 * - hold: kept for a moderator (insults, dehumanising words);
 * - spam: stored as spam, and the reader is told it awaits moderation (no hint for spammers).
 * Newsrooms extend these lists; they are a first net, and moderators the second.
 */
export interface WordList {
  reject: readonly string[];
  hold: readonly string[];
  spam: readonly string[];
}

export type WordAction = keyof WordList;

export interface WordMatch {
  action: WordAction;
  phrase: string;
}

const INVISIBLE = /\u034F|\p{Variation_Selector}|[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF]/gu;
const LEET: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
};

/** Text as word lists see it: compatibility-decomposed, without marks or invisible characters, lowercase. */
export function foldForMatching(text: string): string {
  return foldText(text.replace(INVISIBLE, ""));
}

/** The same text with digits and symbols read as the letters they stand in for ("1d10t"). */
export function unLeet(folded: string): string {
  return folded.replace(/[0134579@$!]/g, (c) => LEET[c] ?? c);
}

/** Compiles lists once; `match` returns the strongest action found (reject, then spam, then hold). */
export class WordMatcher {
  private readonly patterns: { action: WordAction; phrase: string; pattern: RegExp }[];

  constructor(lists: readonly WordList[]) {
    this.patterns = [];
    for (const action of ["reject", "spam", "hold"] as const) {
      for (const list of lists) {
        for (const phrase of list[action]) this.patterns.push({ action, phrase, pattern: compile(phrase) });
      }
    }
  }

  match(...texts: string[]): WordMatch | null {
    const folded = texts.map(foldForMatching);
    const variants = [...folded, ...folded.map(unLeet)];
    for (const { action, phrase, pattern } of this.patterns) {
      if (variants.some((text) => pattern.test(text))) return { action, phrase };
    }
    return null;
  }
}

function compile(phrase: string): RegExp {
  const wildcard = phrase.endsWith("*");
  const words = foldForMatching(wildcard ? phrase.slice(0, -1) : phrase)
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const body = words.join("[^\\p{L}\\p{N}]+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${wildcard ? "\\p{L}*" : ""}(?![\\p{L}\\p{N}])`, "u");
}
