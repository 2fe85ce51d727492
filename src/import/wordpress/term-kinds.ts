import { readFile } from "node:fs/promises";
import type { TagKind } from "../../db/schema.ts";
import { ValidationError } from "../../shared/errors.ts";
import { foldText } from "../../shared/text/fold.ts";
import { COUNTRIES, type GazetteerLanguage, REGIONS, type RegionKey } from "../../tags/gazetteer.ts";

/**
 * `--mapping FILE`: what the operator says each WordPress category (or tag) is, by its slug:
 * `{ "categories": { "iraq": "country", "opinion": "section" }, "tags": { "gaza": "region" } }`.
 */
export interface TermMapping {
  categories: Record<string, TagKind>;
  tags: Record<string, TagKind>;
}

const KINDS: readonly TagKind[] = ["section", "region", "country", "topic"];

export async function readTermMapping(path: string): Promise<TermMapping> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ValidationError("--mapping", `cannot be read as JSON (${(error as Error).message})`);
  }
  return parseTermMapping(parsed);
}

export function parseTermMapping(value: unknown): TermMapping {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(
      "--mapping",
      'must be a JSON object like { "categories": { "iraq": "country" } }',
    );
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== "categories" && key !== "tags") {
      throw new ValidationError("--mapping", `has "${key}"; only "categories" and "tags" are understood`);
    }
  }
  return { categories: kindsOf("categories", record.categories), tags: kindsOf("tags", record.tags) };
}

function kindsOf(field: string, value: unknown): Record<string, TagKind> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(`--mapping ${field}`, "must be an object of slug → kind");
  }
  const kinds: Record<string, TagKind> = {};
  for (const [slug, kind] of Object.entries(value)) {
    if (!KINDS.includes(kind as TagKind)) {
      throw new ValidationError(
        `--mapping ${field}.${slug}`,
        `"${String(kind)}" is not one of ${KINDS.join(", ")}`,
      );
    }
    kinds[slug] = kind as TagKind;
  }
  return kinds;
}

/** A region or country of the gazetteer, as the tag it becomes. */
export interface PlaceTag {
  key: string;
  kind: "region" | "country";
  parent: RegionKey | null;
  names: Readonly<Record<GazetteerLanguage, string>>;
}

/** The place a term's name means in any of the gazetteer's languages, if it is one. */
export function placeNamed(name: string): PlaceTag | undefined {
  const folded = foldText(name).trim();
  const matches = (names: readonly string[]) => names.some((candidate) => foldText(candidate) === folded);
  for (const region of REGIONS) {
    if (matches([...Object.values(region.names), ...Object.values(region.aliases).flat()])) {
      return { key: region.key, kind: "region", parent: null, names: region.names };
    }
  }
  for (const country of COUNTRIES) {
    if (matches([...Object.values(country.names), ...Object.values(country.aliases).flat()])) {
      return { key: country.key, kind: "country", parent: country.region, names: country.names };
    }
  }
  return undefined;
}
