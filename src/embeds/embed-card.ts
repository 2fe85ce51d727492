import type { EmbedRow } from "../db/schema.ts";
import type { PictureData } from "../media/picture.ts";
import { type EmbedShape, embedShape } from "./embed-providers.ts";

/** What a reader page shows of an embedded post or video: all of it stored here, nothing fetched from the provider. */
export interface EmbedCard {
  /** The post's own address: the card's link, and the only third-party URL on the page. */
  url: string;
  title: string | null;
  authorName: string | null;
  providerName: string;
  /** The player's proportions; its URL is not on the page (the click-to-load script asks for it). */
  shape: EmbedShape;
  /** The thumbnail from the media library; null when the provider offered none. */
  thumbnail: PictureData | null;
}

/** The cards of a body's embeds that were fetched, by URL, with their thumbnails from `pictures`. */
export function embedCards(
  rows: ReadonlyMap<string, EmbedRow>,
  pictures: ReadonlyMap<number, PictureData>,
): Map<string, EmbedCard> {
  const cards = new Map<string, EmbedCard>();
  for (const row of rows.values()) {
    cards.set(row.url, {
      url: row.url,
      title: row.title,
      authorName: row.authorName,
      providerName: row.providerName,
      shape: embedShape(row.provider),
      thumbnail: row.thumbnailMediaId === null ? null : (pictures.get(row.thumbnailMediaId) ?? null),
    });
  }
  return cards;
}
