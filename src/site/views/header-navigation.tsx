import type { Edition } from "../../editions/edition.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import { languageName } from "../../shared/i18n/format.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";

/** A link of the section menu, ready to show. */
export interface SectionLink {
  name: string;
  href: string;
  /** This page is the tag's archive. */
  current: boolean;
}

/** Another edition (or this one) as the switcher shows it. */
export interface EditionLink {
  edition: Edition;
  href: string;
  /** The page has no counterpart there: the link leads to that edition's front, and says so. */
  front: boolean;
  current: boolean;
}

export interface HeaderNavigationProps {
  messages: Catalogue;
  sections: readonly SectionLink[];
  editions: readonly EditionLink[];
}

/**
 * The header's second line: the section menu and the edition switcher. On phones the menu folds
 * into a <details> that opens without script; on wide screens site.css shows it inline.
 */
export function HeaderNavigation({ messages, sections, editions }: HeaderNavigationProps) {
  if (sections.length === 0 && editions.length < 2) return null;
  return (
    <div class="site-nav wrap">
      {sections.length > 0 ? (
        <details class="section-menu">
          <summary>{messages.menuButton}</summary>
          <nav aria-label={messages.sectionMenu}>
            <ul>
              {sections.map((section) => (
                <li key={section.href}>
                  <a href={section.href} aria-current={section.current ? "page" : undefined}>
                    {section.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </details>
      ) : null}
      {editions.length > 1 ? <EditionSwitcher messages={messages} editions={editions} /> : null}
    </div>
  );
}

/** Every edition named in its own language; the one being read is marked, not linked. */
function EditionSwitcher({ messages, editions }: { messages: Catalogue; editions: readonly EditionLink[] }) {
  return (
    <nav class="edition-switcher" aria-label={messages.editionSwitcher}>
      <ul>
        {editions.map(({ edition, href, front, current }) => {
          const name = languageName(edition.locale, edition.code);
          return (
            <li key={edition.code}>
              {current ? (
                <span aria-current="page" lang={edition.locale}>
                  {name}
                </span>
              ) : (
                <a href={href} hreflang={edition.code} lang={edition.locale}>
                  {name}
                  {front ? (
                    <span class="edition-note"> ({messagesFor(edition.code).editionFrontNote})</span>
                  ) : null}
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
