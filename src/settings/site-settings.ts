import type { EditionSettings } from "../editions/edition.ts";
import type { PictureData } from "../media/picture.ts";
import { ValidationError } from "../shared/errors.ts";
import { canonicalTimeZone } from "../shared/time-zone.ts";
import { optionalText } from "../shared/validate.ts";

/** The site-wide settings in effect: an admin's value where one was saved, else the environment's. */
export interface GeneralSettings {
  siteName: string;
  /** The media library picture shown in the reader header; null: the name as text. */
  logoMediaId: number | null;
}

/** The settings of the whole site in effect, with the environment's values they override. */
export interface EffectiveSettings {
  general: GeneralSettings;
  /** The logo's variants, ready for the reader header; null without a logo (or if it was deleted). */
  logo: PictureData | null;
  editions: ({ code: string } & EditionSettings)[];
  /** What the environment says (SITE_NAME, EDITION_*_TIME_ZONE, …): a cleared field returns to it. */
  defaults: { siteName: string; editions: ({ code: string } & EditionSettings)[] };
}

/** The general form as typed: an empty field means "the environment's value". */
export interface GeneralSettingsForm {
  siteName: string;
  /** A media id, or "" for no logo. */
  logo: string;
}

/** An edition's form as typed: an empty field means "the environment's value". */
export interface EditionSettingsForm {
  displayName: string;
  timeZone: string;
  /** Region tag keys, comma-separated, in the order the front page shows them. */
  featuredRegions: string;
  /** Section and region tag keys, comma-separated, in the order the header menu lists them. */
  menuSections?: string;
}

/** What admins saved, as the forms show it: empty where the environment's value applies. */
export interface SavedSettings {
  site: { siteName: string | null };
  editions: Record<string, EditionSettingsForm>;
}

export const SITE_NAME_MAX = 80;
export const DISPLAY_NAME_MAX = 80;
export const FEATURED_REGIONS_MAX = 20;
/** A header menu longer than this no longer fits a line on a desktop screen. */
export const MENU_SECTIONS_MAX = 12;

/** The site's name to store: null (the environment's) when the field is empty. */
export function siteNameFrom(value: string): string | null {
  return optionalText("siteName", value, SITE_NAME_MAX);
}

/** The edition's display name to store: null (the site's name) when the field is empty. */
export function displayNameFrom(value: string): string | null {
  return optionalText("displayName", value, DISPLAY_NAME_MAX);
}

/** An IANA time zone as Intl names it, or null (the environment's) when the field is empty. */
export function timeZoneFrom(value: string): string | null {
  if (value.trim() === "") return null;
  const zone = canonicalTimeZone(value);
  if (zone === undefined) {
    throw new ValidationError(
      "timeZone",
      `"${value.trim().slice(0, 60)}" is not an IANA time zone; write one such as Europe/Lisbon or America/Sao_Paulo`,
    );
  }
  return zone;
}

/**
 * Region keys in order without repeats, or null (the environment's) when the field is empty. Whether
 * each is a region tag is the service's check (it needs the database).
 */
export function regionKeysFrom(value: string): string[] | null {
  return tagKeysFrom(
    "featuredRegions",
    value,
    FEATURED_REGIONS_MAX,
    "region keys such as middle-east, africa",
  );
}

/**
 * The header menu's tag keys in order without repeats, or null (the default menu) when the field is
 * empty. Whether each is a section or region tag is the service's check.
 */
export function menuKeysFrom(value: string): string[] | null {
  return tagKeysFrom("menuSections", value, MENU_SECTIONS_MAX, "section or region keys such as news, africa");
}

function tagKeysFrom(field: string, value: string, max: number, example: string): string[] | null {
  const keys = [
    ...new Set(
      value
        .split(",")
        .map((key) => key.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (keys.length === 0) return null;
  if (keys.length > max) throw new ValidationError(field, `list at most ${max} tags`);
  const bad = keys.find((key) => !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(key));
  if (bad !== undefined) {
    throw new ValidationError(field, `"${bad.slice(0, 60)}" is not a tag key; list ${example}`);
  }
  return keys;
}

/** A stored JSON list of tag keys (featured regions, menu sections); anything else (a hand-edited row) reads as the environment's. */
export function storedRegionKeys(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((key) => typeof key === "string") ? value : null;
  } catch {
    return null;
  }
}

/** Time zones the form suggests (any IANA zone is accepted): the newsrooms' usual ones. */
export const COMMON_TIME_ZONES: readonly string[] = [
  "UTC",
  "Europe/London",
  "Europe/Lisbon",
  "Europe/Madrid",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Rome",
  "Europe/Athens",
  "Europe/Istanbul",
  "Europe/Moscow",
  "Atlantic/Azores",
  "Atlantic/Madeira",
  "Atlantic/Canary",
  "Africa/Lagos",
  "Africa/Cairo",
  "Africa/Johannesburg",
  "Africa/Nairobi",
  "Africa/Luanda",
  "Africa/Maputo",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Asia/Macau",
  "Asia/Dili",
  "Australia/Sydney",
  "America/Sao_Paulo",
  "America/Manaus",
  "America/Buenos_Aires",
  "America/Santiago",
  "America/Bogota",
  "America/Lima",
  "America/Mexico_City",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
];

/** What pages need of the settings, read at every render so that a change shows at once. */
export interface SiteIdentity {
  readonly siteName: string;
  readonly logo: PictureData | null;
  /** The publication's name on an edition's pages: its display name, else the site's. */
  nameFor(edition: { displayName: string | null }): string;
}

/** An identity that never changes (tools and tests that build pages without the settings service). */
export function fixedIdentity(siteName: string): SiteIdentity {
  return { siteName, logo: null, nameFor: (edition) => edition.displayName ?? siteName };
}
