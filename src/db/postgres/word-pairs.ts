/**
 * What PostgreSQL's search documents' word pairs (migration 0039: every two lexemes at consecutive
 * positions, "a b") tell of a query's quoted phrases: the pairs every matching document holds, and
 * whether holding them, with the query's words, is matching.
 */
export interface PhrasePairs {
  /** Held by every document that matches the phrases. */
  readonly pairs: readonly string[];
  /**
   * True when a document with the words and these pairs matches: no phrase needs more than one
   * pair of adjacent words, and no phrase is excluded. Otherwise the positions must still be checked.
   */
  readonly exact: boolean;
}

/**
 * `phrases`: the text of each positive phrase's tsquery (phraseto_tsquery: `'trade' <-> 'agreement'`,
 * `'alto' <2> 'fueg'` where a stop word stood between); `excludesPhrase`: the query leaves out a
 * phrase of several words. Anything but such a chain of lexemes adds no pair and is not exact.
 */
export function phrasePairsOf(phrases: readonly string[], excludesPhrase: boolean): PhrasePairs {
  const pairs = new Set<string>();
  let exact = !excludesPhrase;
  for (const text of phrases) {
    const chain = parseChain(text);
    if (chain === null) {
      exact = false;
      continue;
    }
    // In a chain `a <-> b <N> c` each operator measures from the lexeme just before it.
    chain.distances.forEach((distance, i) => {
      if (distance === 1) pairs.add(`${chain.lexemes[i]} ${chain.lexemes[i + 1]}`);
    });
    const onePairAtMost =
      chain.lexemes.length < 2 || (chain.lexemes.length === 2 && chain.distances[0] === 1);
    if (!onePairAtMost) exact = false;
  }
  return { pairs: [...pairs], exact };
}

interface Chain {
  lexemes: string[];
  /** distances[i] is the operator between lexemes[i] and lexemes[i + 1]. */
  distances: number[];
}

/** A tsquery's text as a chain of quoted lexemes joined by `<->` or `<N>`; null if it is anything else. */
function parseChain(text: string): Chain | null {
  const chain: Chain = { lexemes: [], distances: [] };
  let at = skipSpaces(text, 0);
  if (at === text.length) return chain; // stop words only: no lexeme, no position to check
  for (;;) {
    const lexeme = readLexeme(text, at);
    if (lexeme === null) return null;
    chain.lexemes.push(lexeme.value);
    at = skipSpaces(text, lexeme.end);
    if (at === text.length) return chain;
    const operator = /^<(-|\d+)>/.exec(text.slice(at));
    if (!operator) return null;
    chain.distances.push(operator[1] === "-" ? 1 : Number(operator[1]));
    at = skipSpaces(text, at + operator[0].length);
  }
}

/** A quoted lexeme at `start` (`''` a quote, a backslash escaping the next character). */
function readLexeme(text: string, start: number): { value: string; end: number } | null {
  if (text[start] !== "'") return null;
  let value = "";
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at] as string;
    if (char === "\\" && at + 1 < text.length) {
      value += text[++at];
    } else if (char === "'") {
      if (text[at + 1] !== "'") return value === "" ? null : { value, end: at + 1 };
      value += "'";
      at++;
    } else {
      value += char;
    }
  }
  return null;
}

function skipSpaces(text: string, at: number): number {
  while (at < text.length && text[at] === " ") at++;
  return at;
}
