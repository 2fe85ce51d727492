import type { FeedItem } from "./feed-item.ts";
import { escapeXml, FeedFormatError, plainText } from "./feed-parser.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() ? value.trim() : null;

/**
 * IPTC ninjs (1.x and 2.x) as a feed: one item, a list of items, or an object with `items` or
 * `data`. Each item's uri is its guid; the feature image is the first picture association.
 */
export function readNinjs(json: string): FeedItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new FeedFormatError(`the feed is not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : isObject(parsed) && Array.isArray(parsed.items)
      ? parsed.items
      : isObject(parsed) && Array.isArray(parsed.data)
        ? parsed.data
        : [parsed];
  return list.flatMap((entry) => (isObject(entry) ? itemOf(entry) : []));
}

function itemOf(entry: Json): FeedItem[] {
  const title = plainText(text(entry.headline) ?? text(entry.headlines) ?? "");
  if (!title) return [];
  const html =
    text(entry.body_html) ?? (text(entry.body_text) ? `<p>${escapeXml(String(entry.body_text))}</p>` : "");
  const links = Array.isArray(entry.links) ? entry.links.filter(isObject) : [];
  const link = text(links.find((l) => l.rel === "canonical" || l.rel === "self")?.href) ?? text(entry.uri);
  return [
    {
      guid: text(entry.guid) ?? text(entry.uri),
      link: link && /^https?:/i.test(link) ? link : null,
      title,
      summary:
        text(entry.description_text) ??
        (text(entry.description_html) ? plainText(String(entry.description_html)) : null),
      html,
      image: pictureOf(entry.associations),
    },
  ];
}

function pictureOf(associations: unknown): FeedItem["image"] {
  if (!isObject(associations)) return null;
  for (const association of Object.values(associations)) {
    if (!isObject(association) || association.type !== "picture") continue;
    const renditions = isObject(association.renditions) ? Object.values(association.renditions) : [];
    const href = text(renditions.find(isObject)?.href) ?? text(association.uri);
    if (!href) continue;
    return {
      url: href,
      caption: text(association.description_text) ?? text(association.headline),
      credit: text(association.copyrightholder) ?? text(association.by),
    };
  }
  return null;
}
