import { foldText, hasNonAscii } from "./fold.ts";

/**
 * Text as comparable terms: lowercase, accents folded ("Irã" and "ira" compare equal), a small
 * stopword list per language, and a crude plural strip. Enough to tell which stories talk about the
 * same things; full-text search, with real stemming, lives in src/search/.
 */

const FOLDED_WORD = /[\p{L}\p{N}]+/gu;
const ASCII_WORD = /[a-z0-9]+/g;

/** The folded words of a text, in order. */
export function foldedWords(text: string): string[] {
  const folded = foldText(text);
  return folded.match(hasNonAscii(folded) ? FOLDED_WORD : ASCII_WORD) ?? [];
}

// Folded, so they match folded text; articles, pronouns, prepositions, conjunctions and the commonest
// verbs, which every story shares.
const STOP_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(
    (
      "a an the and or but if then than so as at by for from in into of off on onto out over to up with " +
      "about after against before between during under until while via per " +
      "i me my we our you your he him his she her it its they them their this that these those who whom " +
      "which what when where why how all any both each few more most other some such no nor not only own " +
      "same too very can will just should would could may might must shall " +
      "is are was were be been being have has had having do does did doing said says say also " +
      "there here now one two new"
    ).split(" "),
  ),
  pt: new Set(
    (
      "a o as os um uma uns umas e ou mas se que de do da dos das em no na nos nas num numa por pelo pela " +
      "pelos pelas para com sem sob sobre entre ate apos ante ao aos a as ele ela eles elas seu sua seus suas " +
      "lhe lhes isso isto esse essa este esta aquele aquela nao sim ja tambem mais menos muito como quando " +
      "onde quem qual quais ser foi foram era eram sao e esta estao tem ter tinha havia ha sera seria " +
      "disse diz afirmou segundo um dois"
    ).split(" "),
  ),
  es: new Set(
    (
      "a el la los las un una unos unas y e o u pero si que de del en al por para con sin sobre entre " +
      "hasta tras ante bajo desde su sus le les lo se esto eso este esta ese esa aquel no ya tambien mas " +
      "menos muy como cuando donde quien cual ser fue fueron era eran es son esta estan ha han habia hay " +
      "sera seria dijo dice afirmo segun uno dos"
    ).split(" "),
  ),
};

const ALL_STOP_WORDS: ReadonlySet<string> = new Set(Object.values(STOP_WORDS).flatMap((set) => [...set]));

/** The stop words of a language (folded); every known language's for one without a list. */
export function stopWordsFor(language: string): ReadonlySet<string> {
  return STOP_WORDS[language] ?? ALL_STOP_WORDS;
}

/** A term's weight per term. */
export type TermCounts = Map<string, number>;

/**
 * Adds the terms of `text` to `counts`, each occurrence worth `weight`: folded words of two or more
 * characters that are not stop words nor bare numbers, a final "s" dropped from longer words so that
 * singular and plural meet ("ataque", "ataques").
 */
export function addTerms(
  counts: TermCounts,
  text: string,
  weight: number,
  stopWords: ReadonlySet<string>,
): void {
  for (const word of foldedWords(text)) {
    if (word.length < 2 || stopWords.has(word) || /^\d+$/.test(word)) continue;
    const term = word.length > 4 && word.endsWith("s") ? word.slice(0, -1) : word;
    counts.set(term, (counts.get(term) ?? 0) + weight);
  }
}

/**
 * Cosine similarity (0 to 1) of the first document to each of the others, terms weighted by tf-idf
 * with the document frequencies taken from the documents given (the story and its candidates): words
 * every candidate shares ("Iraq" among Iraq stories) count for little, the rarer shared ones for much.
 */
export function similarities(query: TermCounts, others: readonly TermCounts[]): number[] {
  const documents = [query, ...others];
  const frequency = new Map<string, number>();
  for (const counts of documents) {
    for (const term of counts.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const idf = (term: string) => Math.log(1 + documents.length / (frequency.get(term) ?? 1));
  const queryWeights = new Map<string, number>();
  let queryNorm = 0;
  for (const [term, count] of query) {
    const weight = Math.log1p(count) * idf(term);
    queryWeights.set(term, weight);
    queryNorm += weight * weight;
  }
  queryNorm = Math.sqrt(queryNorm);
  return others.map((counts) => {
    let dot = 0;
    let norm = 0;
    for (const [term, count] of counts) {
      const weight = Math.log1p(count) * idf(term);
      norm += weight * weight;
      const shared = queryWeights.get(term);
      if (shared !== undefined) dot += weight * shared;
    }
    return queryNorm === 0 || norm === 0 ? 0 : dot / (queryNorm * Math.sqrt(norm));
  });
}
