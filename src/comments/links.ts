/** A link found in a comment's text. */
export interface FoundLink {
  /** Where it starts and ends in the text (UTF-16 offsets). */
  start: number;
  end: number;
  /** The absolute http(s) URL it points to. */
  href: string;
}

// http(s):// or www. followed by anything that is not space, quotes or angle brackets.
const CANDIDATE = /(?:\bhttps?:\/\/|\bwww\.)[^\s<>"'`]+/giu;
const TRAILING = /[.,;:!?'"»”’)\]}*_~]+$/u;

/**
 * The links of a plain text: only http(s) URLs and www. addresses become links (never
 * javascript:, data: or any other scheme); trailing punctuation stays outside the link, except a
 * closing parenthesis that has its opening one inside (Wikipedia-style URLs).
 */
export function findLinks(text: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    let raw = match[0];
    const trailing = TRAILING.exec(raw)?.[0] ?? "";
    raw = raw.slice(0, raw.length - trailing.length);
    for (const char of trailing) {
      if (char === ")" && count(raw, "(") > count(raw, ")")) raw += char;
      else break;
    }
    const href = toHref(raw);
    if (!href) continue;
    const start = match.index;
    links.push({ start, end: start + raw.length, href });
  }
  return links;
}

function toHref(raw: string): string | null {
  const candidate = /^www\./i.test(raw) ? `https://${raw}` : raw;
  try {
    const url = new URL(candidate);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (!url.hostname.includes(".") || url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
