/** A phrase in each plural form a language has (`other` is the one every language has). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<string, Intl.PluralRules>();

/**
 * The form of `forms` that `count` takes in `locale`, by the Unicode plural rules: English has
 * one and other, Portuguese counts 0 and 1 as one, Russian and Arabic have more forms. Give the
 * forms the language uses; a missing one falls back to `other`.
 */
export function plural(locale: string, count: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  return forms[rule.select(count)] ?? forms.other;
}
