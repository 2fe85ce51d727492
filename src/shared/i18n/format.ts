/** Where and how an edition's readers read dates: its locale and its time zone. */
export interface ReaderLocale {
  readonly locale: string;
  readonly timeZone: string;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date and time as readers of an edition expect it, in the edition's time zone. */
export function formatDateTime(edition: ReaderLocale, iso: string): string {
  const key = `${edition.locale}|${edition.timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(edition.locale, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: edition.timeZone,
    });
    dateFormats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** The name of a language in the reader's language, capitalised as a label ("Portuguese", "Inglês"). */
export function languageName(displayLocale: string, language: string): string {
  const name = languageNameInSentence(displayLocale, language);
  return name.charAt(0).toLocaleUpperCase(displayLocale) + name.slice(1);
}

/** The name of a language as it is written inside a sentence ("English", "inglês"). */
export function languageNameInSentence(displayLocale: string, language: string): string {
  const key = `${displayLocale}|${language}`;
  let name = languageNames.get(key);
  if (name === undefined) {
    name = new Intl.DisplayNames(displayLocale, { type: "language" }).of(language) ?? language;
    languageNames.set(key, name);
  }
  return name;
}

/** Names by display locale and language: the editions' few pairs, each looked up once. */
const languageNames = new Map<string, string>();
