import { ValidationError } from "../shared/errors.ts";
import { optionalText, optionalUrl, requiredText } from "../shared/validate.ts";

/** A link on an author's page: their site, a social profile. */
export interface AuthorLink {
  label: string;
  url: string;
}

export const MAX_NAME = 120;
export const MAX_BIO = 2000;
export const MAX_LINKS = 8;
const MAX_LINK_LABEL = 60;

/** The links as given (label and url each), checked: http(s) only, at most MAX_LINKS. Empty rows go. */
export function parseLinks(value: unknown): AuthorLink[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError("links", "must be a list of { label, url }");
  const links: AuthorLink[] = [];
  for (const [index, item] of value.entries()) {
    const row = (item ?? {}) as { label?: unknown; url?: unknown };
    const url = optionalUrl(`links[${index}].url`, row.url);
    const label = optionalText(`links[${index}].label`, row.label, MAX_LINK_LABEL);
    if (url === null && label === null) continue;
    if (url === null) throw new ValidationError(`links[${index}].url`, "is required with a label");
    links.push({ label: label ?? new URL(url).hostname, url });
  }
  if (links.length > MAX_LINKS) {
    throw new ValidationError("links", `lists ${links.length} links; the limit is ${MAX_LINKS}`);
  }
  return links;
}

/** The links as stored (JSON text); a damaged value reads as none rather than failing a page. */
export function readLinks(stored: string): AuthorLink[] {
  try {
    const value = JSON.parse(stored) as unknown;
    return Array.isArray(value)
      ? value.filter(
          (link): link is AuthorLink =>
            typeof link?.label === "string" && typeof link?.url === "string" && /^https?:/.test(link.url),
        )
      : [];
  } catch {
    return [];
  }
}

export function authorName(value: unknown): string {
  return requiredText("name", value, MAX_NAME);
}

/** Bios by edition as given; empty ones mean "none in this edition". */
export function parseBios(value: unknown): Map<string, string | null> {
  const bios = new Map<string, string | null>();
  if (value === undefined || value === null) return bios;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError("bios", "must map edition codes to texts");
  }
  for (const [edition, bio] of Object.entries(value)) {
    bios.set(edition, optionalText(`bios.${edition}`, bio, MAX_BIO));
  }
  return bios;
}
