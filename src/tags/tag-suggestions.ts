import type { Db } from "../db/database.ts";
import type { TagKind, TagRow } from "../db/schema.ts";
import { foldText } from "../shared/text/fold.ts";
import {
  BLOCKED_PHRASES,
  COUNTRIES,
  demonymForms,
  GAZETTEER_LANGUAGES,
  type GazetteerCountry,
  type GazetteerLanguage,
  type GazetteerRegion,
  gazetteerRegion,
  REGIONS,
} from "./gazetteer.ts";
import { type TagInput, TagService } from "./tag-service.ts";

/** A tag the text suggests, existing or to be created with one call to `acceptTagSuggestion`. */
export interface TagSuggestion {
  /** The existing tag's key, or the key accepting creates: pass it to `acceptTagSuggestion`. */
  key: string;
  kind: TagKind;
  /** Its name in the asked edition (else in English, else in any). */
  name: string;
  mentions: number;
  /** Where the first mention starts in the text (UTF-16 offset). */
  firstMention: number;
  /** The words as written in the text, each once, in order of appearance ("Irã", "iranianas"). */
  matches: string[];
  /** The tag that exists already, or null when accepting creates it. */
  tag: { id: number; key: string } | null;
  /** ISO 3166-1 alpha-2 code, for a country the gazetteer knows. */
  countryCode: string | null;
  /** The region above it: the existing tag's parent, or the gazetteer's region for a new country. */
  region: { key: string; name: string; tagId: number | null } | null;
  /** For a new tag: what accepting creates, names in English, Portuguese and Spanish. */
  create: TagInput | null;
}

export interface SuggestTagsInput {
  text: string;
  /** The edition the text is written for: names are given in it, the gazetteer read in its language. */
  edition: string;
  /** Tags the article has already, left out of the suggestions. */
  excludeTagIds?: readonly number[];
}

/** How a phrase must be written in the text to count. */
type CaseRule = "any" | "capitalized" | "upper";

type Target =
  | { type: "tag"; tagId: number }
  | { type: "country"; country: GazetteerCountry }
  | { type: "region"; region: GazetteerRegion }
  | { type: "blocked" };

interface Phrase {
  caseRule: CaseRule;
  target: Target;
}

interface TagInfo {
  id: number;
  key: string;
  kind: TagKind;
  parentId: number | null;
  names: Map<string, string>;
}

/**
 * Suggests tags from an article's text: existing tags (regions, countries, topics; not sections,
 * which are an editorial choice) whose name in any edition appears in it, and the gazetteer's
 * countries and regions named in the edition's language, with their demonyms ("libanesas" is
 * Lebanon). Matching is by whole words, accents and case aside, except that abbreviations must be in
 * capitals ("US", not "us") and gazetteer names must be capitalized ("Chad", not "chad"). Where two
 * names overlap the longer wins ("South Sudan" is not Sudan). Ranked by mentions, then by first mention.
 */
export async function suggestTags(db: Db, input: SuggestTagsInput): Promise<TagSuggestion[]> {
  const tags = await loadTags(db);
  const index = buildIndex(tags, input.edition);
  const exclude = new Set(input.excludeTagIds ?? []);
  const links = linkToTags(tags);

  const found = new Map<string, { suggestion: TagSuggestion; starts: Set<number> }>();
  for (const { start, text, targets } of scan(input.text, index)) {
    for (const target of targets) {
      const suggestion = suggestionFor(target, tags, links, input.edition);
      if (!suggestion || (suggestion.tag && exclude.has(suggestion.tag.id))) continue;
      const id = suggestion.tag ? `tag:${suggestion.tag.id}` : `new:${suggestion.key}`;
      const entry = found.get(id) ?? { suggestion, starts: new Set<number>() };
      found.set(id, entry);
      if (entry.starts.has(start)) continue;
      entry.starts.add(start);
      entry.suggestion.mentions += 1;
      entry.suggestion.firstMention = Math.min(entry.suggestion.firstMention, start);
      if (!entry.suggestion.matches.includes(text)) entry.suggestion.matches.push(text);
    }
  }
  return [...found.values()]
    .map((entry) => entry.suggestion)
    .sort((a, b) => b.mentions - a.mentions || a.firstMention - b.firstMention);
}

/**
 * Accepts a suggestion with one call: the tag with that key if it exists, else the gazetteer country
 * or region with that key, created with its names in English, Portuguese and Spanish and, for a
 * country, under its region (created too when missing). Running it twice changes nothing.
 */
export async function acceptTagSuggestion(db: Db, key: string): Promise<{ tag: TagRow; created: boolean }> {
  const service = new TagService(db);
  const tags = await loadTags(db);
  const { byGazetteerKey } = linkToTags(tags);
  const byKey = new Map([...tags.values()].map((tag) => [tag.key, tag]));
  const existing = byKey.get(key) ?? byGazetteerKey.get(key);
  const input = gazetteerTagInput(key);
  if (existing || !input) return { tag: await service.getByKey(existing?.key ?? key), created: false };
  const editions = new Set((await db.selectFrom("editions").select("code").execute()).map((e) => e.code));
  const ownNames = (names: TagInput["names"]) =>
    Object.fromEntries(Object.entries(names).filter(([edition]) => editions.has(edition)));
  if (input.parent) {
    // The region may exist under another key ("mena" named "Middle East"): the country goes under it.
    const parent = byKey.get(input.parent) ?? byGazetteerKey.get(input.parent);
    const region = gazetteerTagInput(input.parent);
    if (parent) input.parent = parent.key;
    else if (region) await service.upsertTag({ ...region, names: ownNames(region.names) });
  }
  return { tag: await service.upsertTag({ ...input, names: ownNames(input.names) }), created: true };
}

/** The tag a gazetteer country or region key becomes, or undefined for a key the gazetteer lacks. */
export function gazetteerTagInput(key: string): TagInput | undefined {
  const country = COUNTRIES.find((c) => c.key === key);
  if (country) return { key, kind: "country", parent: country.region, names: { ...country.names } };
  const region = REGIONS.find((r) => r.key === key);
  return region ? { key, kind: "region", parent: null, names: { ...region.names } } : undefined;
}

async function loadTags(db: Db): Promise<Map<number, TagInfo>> {
  const rows = await db
    .selectFrom("tags")
    .innerJoin("tagNames", "tagNames.tagId", "tags.id")
    .select(["tags.id", "tags.key", "tags.kind", "tags.parentId", "tagNames.edition", "tagNames.name"])
    .orderBy("tags.id")
    .execute();
  const tags = new Map<number, TagInfo>();
  for (const row of rows) {
    const tag = tags.get(row.id) ?? { ...row, names: new Map<string, string>() };
    tag.names.set(row.edition, row.name);
    tags.set(row.id, tag);
  }
  return tags;
}

/** Every phrase to look for, by its folded words joined with spaces. */
interface PhraseIndex {
  phrases: Map<string, Phrase[]>;
  longest: number;
}

function buildIndex(tags: Map<number, TagInfo>, edition: string): PhraseIndex {
  const phrases = new Map<string, Phrase[]>();
  let longest = 1;
  const add = (text: string, caseRule: CaseRule, target: Target) => {
    const words = foldText(text).match(WORD) ?? [];
    if (words.length === 0) return;
    longest = Math.max(longest, words.length);
    const key = words.join(" ");
    phrases.set(key, [
      ...(phrases.get(key) ?? []),
      { caseRule: isAbbreviation(text) ? "upper" : caseRule, target },
    ]);
  };
  for (const tag of tags.values()) {
    if (tag.kind === "section") continue;
    for (const name of new Set(tag.names.values())) add(name, "any", { type: "tag", tagId: tag.id });
  }
  const languages = GAZETTEER_LANGUAGES.includes(edition as GazetteerLanguage)
    ? [edition as GazetteerLanguage]
    : GAZETTEER_LANGUAGES;
  for (const language of languages) {
    for (const country of COUNTRIES) {
      const target: Target = { type: "country", country };
      if (!country.unmatched.includes(language)) add(country.names[language], "capitalized", target);
      for (const alias of country.aliases[language]) add(alias, "capitalized", target);
      for (const demonym of country.demonyms[language]) {
        // English demonyms are capitalized ("Polish", not "polish"); Portuguese and Spanish ones are not.
        const rule = language === "en" ? "capitalized" : "any";
        for (const form of demonymForms(language, demonym)) add(form, rule, target);
      }
    }
    for (const region of REGIONS) {
      const target: Target = { type: "region", region };
      for (const name of [region.names[language], ...region.aliases[language]])
        add(name, "capitalized", target);
    }
    for (const blocked of BLOCKED_PHRASES[language]) {
      for (const form of demonymForms(language, blocked)) add(form, "any", { type: "blocked" });
    }
  }
  return { phrases, longest };
}

const WORD = /[\p{L}\p{N}]+/gu;
const TEXT_WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** "US", "EUA", "EE.UU.": written in capitals, at least two letters. */
function isAbbreviation(name: string): boolean {
  const letters = name.replace(/[\s.]/g, "");
  return letters.length >= 2 && /^\p{Lu}+$/u.test(letters);
}

interface Mention {
  start: number;
  text: string;
  targets: Target[];
}

/** Finds the phrases in the text, word by word, the longest match first; a match is not re-entered. */
function scan(text: string, index: PhraseIndex): Mention[] {
  const words = [...text.matchAll(TEXT_WORD)].map((m) => ({
    raw: m[0],
    folded: foldText(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
  const mentions: Mention[] = [];
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let length = Math.min(index.longest, words.length - i); length > 0 && matched === 0; length -= 1) {
      const span = words.slice(i, i + length);
      const phrases = index.phrases.get(span.map((w) => w.folded).join(" "));
      const targets = (phrases ?? []).filter((p) => caseFits(p.caseRule, span)).map((p) => p.target);
      if (targets.length === 0) continue;
      matched = length;
      const first = span[0];
      const last = span.at(-1);
      const real = targets.filter((t) => t.type !== "blocked");
      if (first && last && real.length > 0) {
        mentions.push({ start: first.start, text: text.slice(first.start, last.end), targets: real });
      }
    }
    i += Math.max(matched, 1);
  }
  return mentions;
}

function caseFits(rule: CaseRule, span: readonly { raw: string }[]): boolean {
  if (rule === "upper") return span.every((w) => w.raw === w.raw.toUpperCase());
  if (rule === "capitalized") {
    const initial = span[0]?.raw.charAt(0) ?? "";
    return initial !== initial.toLowerCase();
  }
  return true;
}

interface TagLinks {
  /** The existing tag a gazetteer country or region key stands for. */
  byGazetteerKey: Map<string, TagInfo>;
  /** The gazetteer country code of an existing tag. */
  countryOfTag: Map<number, string>;
}

/** The existing tag each gazetteer country or region already is: by key, else by a shared name. */
function linkToTags(tags: Map<number, TagInfo>): TagLinks {
  const byKey = new Map([...tags.values()].map((tag) => [tag.key, tag]));
  const byName = new Map<string, TagInfo>();
  for (const tag of tags.values()) {
    if (tag.kind !== "country" && tag.kind !== "region") continue;
    for (const name of tag.names.values()) byName.set(`${tag.kind}:${foldText(name)}`, tag);
  }
  const links: TagLinks = { byGazetteerKey: new Map(), countryOfTag: new Map() };
  const link = (key: string, kind: "country" | "region", names: string[]) => {
    const tag = byKey.get(key) ?? names.map((n) => byName.get(`${kind}:${foldText(n)}`)).find(Boolean);
    if (tag) links.byGazetteerKey.set(key, tag);
    return tag;
  };
  for (const country of COUNTRIES) {
    const names = GAZETTEER_LANGUAGES.flatMap((l) => [country.names[l], ...country.aliases[l]]);
    const tag = link(country.key, "country", names);
    if (tag) links.countryOfTag.set(tag.id, country.code);
  }
  for (const region of REGIONS) {
    link(
      region.key,
      "region",
      GAZETTEER_LANGUAGES.flatMap((l) => [region.names[l], ...region.aliases[l]]),
    );
  }
  return links;
}

function suggestionFor(
  target: Target,
  tags: Map<number, TagInfo>,
  links: TagLinks,
  edition: string,
): TagSuggestion | null {
  const linked = links.byGazetteerKey;
  if (target.type === "blocked") return null;
  const tag =
    target.type === "tag"
      ? tags.get(target.tagId)
      : linked.get(target.type === "country" ? target.country.key : target.region.key);
  const base = { mentions: 0, firstMention: Number.POSITIVE_INFINITY, matches: [] as string[] };
  if (tag) {
    const parent = tag.parentId === null ? undefined : tags.get(tag.parentId);
    return {
      ...base,
      key: tag.key,
      kind: tag.kind,
      name: nameIn(tag.names, edition),
      tag: { id: tag.id, key: tag.key },
      countryCode: links.countryOfTag.get(tag.id) ?? null,
      region: parent ? { key: parent.key, name: nameIn(parent.names, edition), tagId: parent.id } : null,
      create: null,
    };
  }
  if (target.type === "tag") return null;
  const names = new Map(
    Object.entries(target.type === "country" ? target.country.names : target.region.names),
  );
  const key = target.type === "country" ? target.country.key : target.region.key;
  const create = gazetteerTagInput(key) ?? null;
  let region: TagSuggestion["region"] = null;
  if (target.type === "country") {
    const regionTag = linked.get(target.country.region);
    const regionNames =
      regionTag?.names ?? new Map(Object.entries(gazetteerRegion(target.country.region).names));
    region = {
      key: regionTag?.key ?? target.country.region,
      name: nameIn(regionNames, edition),
      tagId: regionTag?.id ?? null,
    };
    if (create && regionTag) create.parent = regionTag.key;
  }
  return {
    ...base,
    key,
    kind: target.type,
    name: nameIn(names, edition),
    tag: null,
    countryCode: target.type === "country" ? target.country.code : null,
    region,
    create,
  };
}

function nameIn(names: ReadonlyMap<string, string>, edition: string): string {
  return names.get(edition) ?? names.get("en") ?? [...names.values()][0] ?? "";
}
