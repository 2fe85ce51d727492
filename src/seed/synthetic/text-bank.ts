/**
 * The shape of the per-language word banks. Every language holds the same templates in the same order,
 * so a story planned once can be written in each edition as a faithful translation.
 *
 * Templates name their slots in braces: {c} and {c2} (countries), {city} and {city2} (their capitals),
 * {org}, {role}, each also as {of:…}, {in:…}, {to:…}, {by:…} or {bare:…}; {day} ("on Tuesday"),
 * {few} (2–12), {n} (12–95), {big} (thousands), {pct} and {share} (percentages), {money}, {year}; {official}, {witness} and
 * {analyst} (a named person with who they are); {q} and {who} in quote forms.
 */
export type EventKind =
  | "diplomacy"
  | "conflict"
  | "protest"
  | "politics"
  | "economy"
  | "humanitarian"
  | "justice"
  | "climate"
  | "health"
  | "energy"
  | "culture";

export interface EventTexts {
  titles: string[];
  summaries: string[];
  sentences: string[];
  quotes: string[];
}

/** Who says a quote: the government's spokesperson, someone affected, or an outside analyst. */
export type Voice = "official" | "witness" | "analyst";

export interface LanguageBank {
  events: Record<EventKind, EventTexts>;
  /** Background and reaction sentences that fit any story. */
  sentences: string[];
  quotes: string[];
  headings: string[];
  /** A quote as a paragraph of its own, e.g. `“{q},” said {who}.` */
  quoteForms: string[];
  /** A quote set apart as a blockquote. */
  blockquote: string;
  /** "On Sunday" … "on Saturday", Sunday first. */
  days: string[];
  /** Government roles as "article|name", male and female. */
  roles: [string, string][];
  /** Organisations as "article|name". */
  orgs: string[];
  /** What a witness is, male and female ("a resident", "moradora"). */
  resident: [string, string];
  /** What an analyst is, male and female, before {in:city}. */
  analyst: [string, string];
  formatNumber(value: number): string;
  /** An amount given in millions of US dollars. */
  formatMoney(millions: number): string;
}

export interface EventMeta {
  /** How often stories of this kind run, relative to the others. */
  weight: number;
  /** Indexes into `roles` of the officials who speak on it. */
  roles: number[];
  /** Indexes into `orgs` of the organisations involved. */
  orgs: number[];
  /** The voice of each event quote, in order. */
  quoteVoices: Voice[];
}

export const EVENTS: Record<EventKind, EventMeta> = {
  diplomacy: { weight: 14, roles: [0, 1, 2], orgs: [0, 1, 2, 3, 12], quoteVoices: ["official", "official"] },
  conflict: { weight: 16, roles: [5, 6], orgs: [0, 7, 2, 3], quoteVoices: ["witness", "official"] },
  protest: { weight: 9, roles: [3, 6], orgs: [8, 14, 0], quoteVoices: ["witness", "witness"] },
  politics: { weight: 11, roles: [1, 2, 6], orgs: [1, 2, 12], quoteVoices: ["official", "official"] },
  economy: { weight: 12, roles: [4, 1], orgs: [5, 6], quoteVoices: ["witness", "official"] },
  humanitarian: { weight: 9, roles: [6, 3], orgs: [9, 10, 7, 11], quoteVoices: ["witness", "analyst"] },
  justice: { weight: 9, roles: [6, 3], orgs: [8, 14, 13], quoteVoices: ["witness", "witness"] },
  climate: { weight: 6, roles: [6, 1], orgs: [0, 6, 10], quoteVoices: ["witness", "analyst"] },
  health: { weight: 6, roles: [7, 6], orgs: [4, 11], quoteVoices: ["official", "witness"] },
  energy: { weight: 5, roles: [9, 4], orgs: [5, 6, 1], quoteVoices: ["official", "witness"] },
  culture: { weight: 3, roles: [8], orgs: [15], quoteVoices: ["official", "witness"] },
};

export const EVENT_KINDS = Object.keys(EVENTS) as EventKind[];

/** The voice of each generic quote, in order. */
export const GENERIC_QUOTE_VOICES: Voice[] = [
  "analyst",
  "witness",
  "official",
  "witness",
  "official",
  "analyst",
];

/** Groups digits by thousands with the given separator. */
export function groupDigits(value: number, separator: string): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}
