/** The languages the synthetic newsroom writes in. */
export type Lang = "en" | "pt" | "es";
export const LANGS: readonly Lang[] = ["en", "pt", "es"];

export function isLang(code: string): code is Lang {
  return (LANGS as readonly string[]).includes(code);
}

/** The ways a template may use a noun phrase: `{c}`, `{of:c}`, `{in:c}`, `{to:c}`, `{by:c}`, `{bare:c}`. */
export type NounForm = "base" | "of" | "in" | "to" | "by" | "bare";
export const NOUN_FORMS: readonly NounForm[] = ["base", "of", "in", "to", "by", "bare"];

type Prepositions = Record<Exclude<NounForm, "base" | "bare">, Record<string, string>>;

// Portuguese and Spanish fuse prepositions with articles (do Irã, na Turquia, al Líbano); names are
// written "article|name" so templates can say {of:c} and stay grammatical whatever country is drawn.
const PREPOSITIONS: Record<Lang, Prepositions> = {
  en: {
    of: { the: "of the", "": "of" },
    in: { the: "in the", "": "in" },
    to: { the: "to the", "": "to" },
    by: { the: "by the", "": "by" },
  },
  pt: {
    of: { o: "do", a: "da", os: "dos", as: "das", "": "de" },
    in: { o: "no", a: "na", os: "nos", as: "nas", "": "em" },
    to: { o: "ao", a: "à", os: "aos", as: "às", "": "a" },
    by: { o: "pelo", a: "pela", os: "pelos", as: "pelas", "": "por" },
  },
  es: {
    of: { el: "del", la: "de la", los: "de los", las: "de las", "": "de" },
    in: { el: "en el", la: "en la", los: "en los", las: "en las", "": "en" },
    to: { el: "al", la: "a la", los: "a los", las: "a las", "": "a" },
    by: { el: "por el", la: "por la", los: "por los", las: "por las", "": "por" },
  },
};

/** The name without its article ("Irã" from "o|Irã"): what a tag is called. */
export function bareName(phrase: string): string {
  const bar = phrase.indexOf("|");
  return bar < 0 ? phrase : phrase.slice(bar + 1);
}

/** One form of an "article|name" phrase in a language: nounForm("o|Irã", "pt", "of") is "do Irã". */
export function nounForm(phrase: string, lang: Lang, form: NounForm): string {
  const bar = phrase.indexOf("|");
  const article = bar < 0 ? "" : phrase.slice(0, bar);
  const name = bar < 0 ? phrase : phrase.slice(bar + 1);
  if (form === "bare") return name;
  if (form === "base") return article ? `${article} ${name}` : name;
  const preposition = PREPOSITIONS[lang][form][article];
  if (preposition === undefined) throw new Error(`Unknown ${lang} article "${article}" in "${phrase}"`);
  return `${preposition} ${name}`;
}
