import type { Edition } from "../../editions/edition.ts";

/** One language version of what is being read (an article's translations, a page's). */
export interface LanguageVersion {
  edition: Edition;
  href: string;
  absoluteUrl: string;
  /** The version being read. */
  current: boolean;
}

/** hreflang links between language versions, the original as x-default; none without another version. */
export function hreflangAlternates(
  versions: readonly LanguageVersion[],
  originalEdition: string,
): { hreflang: string; href: string }[] {
  if (versions.length < 2) return [];
  const original = versions.find((v) => v.edition.code === originalEdition) ?? versions[0];
  return [
    ...versions.map((v) => ({ hreflang: v.edition.code, href: v.absoluteUrl })),
    ...(original ? [{ hreflang: "x-default", href: original.absoluteUrl }] : []),
  ];
}
