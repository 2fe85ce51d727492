import type { Edition } from "../editions/edition.ts";

/**
 * The edition a browser's `Accept-Language` prefers (RFC 9110 §12.5.4): its ranges by weight, the
 * first that names an edition's language (`pt-BR` and `pt` both name Portuguese); the default
 * edition when none does, `*` included. Only editions on the main host are candidates (those with
 * a host of their own are reached there).
 */
export function preferredEdition(
  acceptLanguage: string | undefined,
  editions: readonly Edition[],
  fallback: Edition,
): Edition {
  const candidates = editions.filter((edition) => edition.host === null);
  for (const range of languageRanges(acceptLanguage ?? "")) {
    const language = range.split("-")[0] ?? "";
    const found = candidates.find(
      (edition) => edition.code === language || edition.locale.toLowerCase() === range,
    );
    if (found) return found;
  }
  return fallback;
}

/** The ranges of an Accept-Language header, lowercased, highest weight first (ties keep their order). */
export function languageRanges(header: string): string[] {
  return header
    .split(",")
    .slice(0, 32)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((param) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(param)?.[1]).find(Boolean);
      return { range: tag.trim().toLowerCase(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => /^[a-z]{1,8}(?:-[a-z0-9]{1,8})*$/.test(entry.range) && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.range);
}
