import { en } from "./en.ts";
import { es } from "./es.ts";
import { pt } from "./pt.ts";
import { type WordList, WordMatcher } from "./word-list.ts";

const LISTS: Readonly<Record<string, WordList>> = { en, pt, es };
const matchers = new Map<string, WordMatcher>();

/**
 * The matcher for an edition's language: its own list, plus the English spam list everywhere
 * (spam arrives in English whatever the edition).
 */
export function wordMatcherFor(language: string): WordMatcher {
  let matcher = matchers.get(language);
  if (!matcher) {
    const own = LISTS[language];
    const lists: WordList[] = own ? [own] : [];
    if (language !== "en") lists.push({ reject: [], hold: [], spam: en.spam });
    else if (!own) lists.push(en);
    matcher = new WordMatcher(lists);
    matchers.set(language, matcher);
  }
  return matcher;
}
