import type { Db } from "../../db/database.ts";
import { mediaUrl } from "../../media/media-storage.ts";
import { foldText } from "../../shared/text/fold.ts";

/** The caption and alt text of one edition; null where none was written. */
export interface MediaTexts {
  caption: string | null;
  alt: string | null;
}

/** One picture as the library grid and the editor's picker show it (the JSON API's item). */
export interface MediaItem {
  id: number;
  /** The smallest JPEG variant (at most 480 pixels wide). */
  thumbUrl: string;
  /** Of the largest variant, upright: what a figure of it will be. */
  width: number;
  height: number;
  /** Shared by every edition. */
  credit: string | null;
  /** Every edition of the site, in order; both texts null where nothing was written. */
  texts: Record<string, MediaTexts>;
  originalName: string;
  createdAt: string;
}

export interface MediaPage {
  items: MediaItem[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  next: number | null;
}

export interface MediaSearch {
  /** Words to find in the file name, credit, captions or alt texts of any edition; accents ignored. */
  q?: string | undefined;
  /** The `next` of the previous page. */
  before?: number | undefined;
  limit?: number | undefined;
}

export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 60;
const MAX_WORDS = 8;

/**
 * The words of a library search, folded as the stored search text is: only letters and digits,
 * so nothing typed can act as a LIKE wildcard (`%`, `_`) or an escape.
 */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  const words = foldText(q.slice(0, 200))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/**
 * Pictures newest first, those matching every word of `q` when one is given, a page at a time by
 * id (keyset: each page is one range of the primary key, however deep).
 */
export async function searchMedia(
  db: Db,
  editions: readonly string[],
  search: MediaSearch,
): Promise<MediaPage> {
  const limit = Math.min(Math.max(1, Math.floor(search.limit ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
  let query = db
    .selectFrom("media")
    .select("id")
    .orderBy("id", "desc")
    .limit(limit + 1);
  for (const word of searchWords(search.q)) query = query.where("searchText", "like", `%${word}%`);
  if (search.before !== undefined) query = query.where("id", "<", search.before);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: await loadMediaItems(
      db,
      editions,
      page.map((row) => row.id),
    ),
    next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The items for these ids, in the order given (ids with no picture are left out); three queries. */
export async function loadMediaItems(
  db: Db,
  editions: readonly string[],
  ids: readonly number[],
): Promise<MediaItem[]> {
  if (ids.length === 0) return [];
  const [rows, texts, variants] = await Promise.all([
    db
      .selectFrom("media")
      .select(["id", "credit", "originalName", "createdAt"])
      .where("id", "in", ids)
      .execute(),
    db
      .selectFrom("mediaTexts")
      .select(["mediaId", "edition", "caption", "alt"])
      .where("mediaId", "in", ids)
      .execute(),
    db
      .selectFrom("mediaVariants")
      .select(["mediaId", "width", "height", "file"])
      .where("mediaId", "in", ids)
      .where("format", "=", "jpeg")
      .orderBy("mediaId")
      .orderBy("width")
      .execute(),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items: MediaItem[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    const jpegs = variants.filter((variant) => variant.mediaId === id);
    const smallest = jpegs[0];
    const largest = jpegs.at(-1);
    if (!row || !smallest || !largest) continue;
    const own = texts.filter((text) => text.mediaId === id);
    items.push({
      id,
      thumbUrl: mediaUrl(smallest.file),
      width: largest.width,
      height: largest.height,
      credit: row.credit,
      texts: Object.fromEntries(
        editions.map((edition) => {
          const text = own.find((t) => t.edition === edition);
          return [edition, { caption: text?.caption ?? null, alt: text?.alt ?? null }];
        }),
      ),
      originalName: row.originalName,
      createdAt: row.createdAt,
    });
  }
  return items;
}

export interface MediaVariantInfo {
  format: string;
  width: number;
  height: number;
  sizeBytes: number;
  url: string;
}

/** Everything the detail page shows of a picture besides where it is used. */
export interface MediaDetails {
  item: MediaItem;
  mimeType: string;
  /** Of the original, as uploaded. */
  originalWidth: number;
  originalHeight: number;
  sizeBytes: number;
  uploadedBy: { id: number; name: string } | null;
  /** By format, then width. */
  variants: MediaVariantInfo[];
  /** What the uploaded file's own metadata said (null: nothing, or uploaded before it was read). */
  fromFile: { takenAt: string | null; caption: string | null; credit: string | null };
}

/** The detail of one picture, or undefined when there is none with this id. */
export async function loadMediaDetails(
  db: Db,
  editions: readonly string[],
  id: number,
): Promise<MediaDetails | undefined> {
  const [item] = await loadMediaItems(db, editions, [id]);
  if (!item) return undefined;
  const [row, variants] = await Promise.all([
    db
      .selectFrom("media")
      .leftJoin("users", "users.id", "media.uploadedByUserId")
      .select([
        "media.mimeType",
        "media.width",
        "media.height",
        "media.sizeBytes",
        "media.uploadedByUserId",
        "media.takenAt",
        "media.fileCaption",
        "media.fileCredit",
        "users.name as uploaderName",
      ])
      .where("media.id", "=", id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("mediaVariants")
      .select(["format", "width", "height", "sizeBytes", "file"])
      .where("mediaId", "=", id)
      .orderBy("format")
      .orderBy("width")
      .execute(),
  ]);
  return {
    item,
    mimeType: row.mimeType,
    originalWidth: row.width,
    originalHeight: row.height,
    sizeBytes: row.sizeBytes,
    uploadedBy:
      row.uploadedByUserId === null
        ? null
        : { id: row.uploadedByUserId, name: row.uploaderName ?? "a former user" },
    variants: variants.map(({ file, ...variant }) => ({ ...variant, url: mediaUrl(file) })),
    fromFile: { takenAt: row.takenAt, caption: row.fileCaption, credit: row.fileCredit },
  };
}
