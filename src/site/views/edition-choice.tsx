import { renderToString } from "preact-render-to-string";
import type { Edition } from "../../editions/edition.ts";
import { languageName } from "../../shared/i18n/format.ts";

/**
 * The body of the site root's redirect: every edition's front page, each named in its own language,
 * so a crawler (or a browser that does not follow the redirect) finds them all.
 */
export function editionChoicePage(chosen: Edition, editions: readonly Edition[]): string {
  const href = (edition: Edition) =>
    edition.host ? `//${edition.host}${edition.prefix}/` : `${edition.prefix}/`;
  return `<!doctype html>${renderToString(
    <html lang={chosen.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{languageName(chosen.locale, chosen.code)}</title>
      </head>
      <body>
        <ul>
          {editions.map((edition) => (
            <li key={edition.code}>
              <a href={href(edition)} hreflang={edition.locale} lang={edition.locale}>
                {languageName(edition.locale, edition.code)}
              </a>
            </li>
          ))}
        </ul>
      </body>
    </html>,
  )}`;
}
