import type { Edition } from "../../editions/edition.ts";
import { languageName } from "../../shared/i18n/format.ts";

/** One language version of what is being read (an article's translations, a page's). */
export interface LanguageVersion {
  edition: Edition;
  href: string;
  absoluteUrl: string;
  /** The version being read. */
  current: boolean;
}

/**
 * Links to the other language versions of what is being read, named in the page's language; none
 * when there is no other. `label` names the list ("Read this story in").
 */
export function LanguageSwitcher(props: {
  versions: readonly LanguageVersion[];
  /** The locale of the page being read: the languages are named in it. */
  locale: string;
  label: string;
}) {
  const { versions, locale } = props;
  if (versions.length < 2) return null;
  // Other languages first, the one being read last, as on the seed page.
  const ordered = [...versions.filter((v) => !v.current), ...versions.filter((v) => v.current)];
  return (
    <nav class="language-switcher" aria-label={props.label}>
      {ordered.map((version, index) => (
        <span key={version.edition.code}>
          {/* The slash separates the names for the eye; screen readers need not say "slash". */}
          {index > 0 ? <span aria-hidden="true"> / </span> : null}
          {version.current ? (
            <span aria-current="page">{languageName(locale, version.edition.code)}</span>
          ) : (
            <a href={version.href} hreflang={version.edition.code} lang={locale}>
              {languageName(locale, version.edition.code)}
            </a>
          )}
        </span>
      ))}
    </nav>
  );
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
