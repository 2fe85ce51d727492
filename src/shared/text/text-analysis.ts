import snowball from "snowball-stemmers";
import { foldText } from "./fold.ts";
import { STOP_WORDS } from "./stop-words.ts";

/**
 * How text becomes index terms in one language: words are lower-cased, stripped of accents, stop words
 * dropped and the rest reduced to their Snowball stem. The index and the query go through the same
 * steps, so `ataques` finds `ataque` and `Ira` finds `Irã`. PostgreSQL does the same with unaccent and
 * its Snowball dictionaries; SQLite's FTS5 is given the terms this module makes.
 */

/** Snowball algorithm per edition language; other languages are folded but not stemmed. */
const STEMMER_NAMES: Readonly<Record<string, string>> = {
  en: "english",
  pt: "portuguese",
  es: "spanish",
};

/** A run of letters (with their combining marks) and digits: what both engines call a word. */
export const WORD_PATTERN = /[\p{L}\p{M}\p{N}]+/gu;

/** Words longer than this are not indexed or searched (no language needs them; PostgreSQL caps too). */
const MAX_WORD_LENGTH = 60;

/** A word of a text and where it is, with the term it becomes (null for a stop word). */
export interface AnalyzedWord {
  start: number;
  end: number;
  term: string | null;
}

export interface Analyzer {
  readonly language: string;
  /** The index term of one word, or null when the word is a stop word or too long. */
  term(word: string): string | null;
  /** The index terms of a text, in order, stop words left out. */
  terms(text: string): string[];
  /** Every word of a text with its position, for highlighting. */
  words(text: string): AnalyzedWord[];
}

const analyzers = new Map<string, Analyzer>();

/** The analyzer of an edition's language (one per language, with a cache of stems). */
export function analyzerFor(language: string): Analyzer {
  let analyzer = analyzers.get(language);
  if (!analyzer) {
    analyzer = createAnalyzer(language);
    analyzers.set(language, analyzer);
  }
  return analyzer;
}

/** Stems are cached: news text repeats its vocabulary, and stemming is the costly step of indexing. */
const CACHE_LIMIT = 200_000;

function createAnalyzer(language: string): Analyzer {
  const algorithm = STEMMER_NAMES[language];
  const stemmer = algorithm ? snowball.newStemmer(algorithm) : null;
  const stopWords = new Set((STOP_WORDS[language] ?? []).flatMap((word) => [word, foldText(word)]));
  let cache = new Map<string, string | null>();

  const term = (word: string): string | null => {
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const folded = foldText(word);
    const result =
      folded.length === 0 || folded.length > MAX_WORD_LENGTH || stopWords.has(folded)
        ? null
        : // The Snowball stemmers expect accented text, but PostgreSQL stems after unaccent too;
          // stemming the folded word keeps both engines' terms the same.
          foldText(stemmer ? stemmer.stem(folded) : folded);
    if (cache.size >= CACHE_LIMIT) cache = new Map();
    cache.set(word, result);
    return result;
  };

  return {
    language,
    term,
    terms(text) {
      const out: string[] = [];
      for (const match of text.matchAll(WORD_PATTERN)) {
        const value = term(match[0]);
        if (value !== null) out.push(value);
      }
      return out;
    },
    words(text) {
      const out: AnalyzedWord[] = [];
      for (const match of text.matchAll(WORD_PATTERN)) {
        out.push({ start: match.index, end: match.index + match[0].length, term: term(match[0]) });
      }
      return out;
    },
  };
}
