import type { Catalogue } from "./catalogue.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { pt } from "./pt.ts";

const catalogues: Readonly<Record<string, Catalogue>> = { en, pt, es };

export function hasCatalogue(language: string): boolean {
  return Object.hasOwn(catalogues, language);
}

export function supportedUiLanguages(): string[] {
  return Object.keys(catalogues);
}

/** The interface strings of a language; config validation guarantees one exists for every edition. */
export function messagesFor(language: string): Catalogue {
  const catalogue = catalogues[language];
  if (!catalogue) throw new Error(`No interface strings for "${language}"`);
  return catalogue;
}
