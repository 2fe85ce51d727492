import { createHash } from "node:crypto";
import type { Db } from "../db/database.ts";
import type { MediaRow } from "../db/schema.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { NotFoundError, UnknownEditionError, ValidationError } from "../shared/errors.ts";
import { MediaStorage, mediaStem, mediaUrl } from "./media-storage.ts";
import type { PictureData } from "./picture.ts";
import { loadSharp } from "./sharp.ts";

const MAX_PIXELS = 40_000_000;
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const VARIANT_WIDTHS = [480, 800, 1200, 1600] as const;
const QUALITY = 78;
const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const LIMITS = { caption: 2000, alt: 1000, credit: 300 } as const;

/** Formats we accept, by sharp's name for them; SVG and the rest are refused (SVG can carry script). */
const FORMATS = ["jpeg", "png", "webp", "gif", "avif", "tiff"];

const MESSAGES = {
  unreadable:
    "this file is not an image we can read (JPEG, PNG, WebP, GIF, AVIF, TIFF); export it as JPEG and try again",
  empty: "the file is empty; choose the image again",
  tooBig: (size: number, max: number) =>
    `the file is ${megabytes(size)} MB, more than the ${megabytes(max)} MB we accept; export a smaller JPEG`,
  tooManyPixels: (width: number, height: number) =>
    `the image is ${width}×${height} pixels, more than ${MAX_PIXELS / 1_000_000} megapixels; reduce it and try again`,
  key: "use lowercase letters, digits and single hyphens, such as kirkuk-soldiers",
  tooLong: (max: number) => `keep it under ${max} characters`,
};

export interface MediaTextsInput {
  caption?: string | null;
  alt?: string | null;
}

export interface ImportImageInput {
  data: Buffer;
  originalName: string;
  credit?: string | null;
  /** Texts by edition code. */
  texts?: Record<string, MediaTextsInput>;
  /** A stable name (kebab-case) used in the storage key instead of the file name; seeds pass one. */
  key?: string;
  /** The newsroom user who uploaded it (users.id): contributors may edit the texts of their own. */
  uploadedByUserId?: number | null;
  /**
   * Runs inside the import's transaction once the new row is written (not when the same image was
   * already there): the newsroom records its audit entry here, so the log never claims an upload
   * that did not happen.
   */
  onImported?: (trx: Db, row: MediaRow) => Promise<void>;
}

export interface MediaServiceOptions {
  db: Db;
  mediaDir: string;
  /** Largest upload accepted, in bytes (default 20 MiB). */
  maxBytes?: number;
  /** Told when a caption or credit readers see changes (app.contentEvents). */
  events?: ContentEvents;
}

/** Imports images (original kept, resized variants written) and answers what pages need to show them. */
export class MediaService {
  readonly #db: Db;
  readonly #storage: MediaStorage;
  readonly #maxBytes: number;
  readonly #events: ContentEvents | undefined;

  constructor(options: MediaServiceOptions) {
    this.#db = options.db;
    this.#events = options.events;
    this.#storage = new MediaStorage(options.mediaDir);
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /**
   * Checks the upload by decoding it, keeps the original bytes under a content-addressed storage key
   * and writes WebP and JPEG variants. The same bytes under the same key (or file name) give back the
   * row already stored, unchanged, so seeds can run again.
   */
  async importImage(input: ImportImageInput): Promise<MediaRow> {
    const { data } = input;
    if (data.length === 0) throw new ValidationError("file", MESSAGES.empty);
    if (data.length > this.#maxBytes) {
      throw new ValidationError("file", MESSAGES.tooBig(data.length, this.#maxBytes));
    }
    if (input.key !== undefined && (input.key.length > 60 || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(input.key))) {
      throw new ValidationError("key", MESSAGES.key);
    }
    const credit = cleanText(input.credit, "credit") ?? null;
    const texts = Object.entries(input.texts ?? {}).map(([edition, t]) => ({ edition, ...cleanTexts(t) }));
    await this.#requireEditions(texts.map((text) => text.edition));

    const { mimeType, extension, width, height } = await inspect(data);
    const stem = mediaStem(createHash("sha256").update(data).digest("hex"), input.key ?? input.originalName);
    const storageKey = `${stem}.${extension}`;
    const existing = await this.#findByStorageKey(storageKey);
    if (existing) return existing;

    const variants = await renderVariants(data, stem, width);
    const written: (string | undefined)[] = [];
    try {
      written.push(await this.#storage.saveOriginal(storageKey, data));
      for (const { row, data: bytes } of variants)
        written.push(await this.#storage.saveVariant(row.file, bytes));
      return await this.#db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("media")
          .values({
            storageKey,
            originalName: input.originalName.slice(0, 255),
            mimeType,
            width,
            height,
            sizeBytes: data.length,
            credit,
            createdAt: new Date().toISOString(),
            uploadedByUserId: input.uploadedByUserId ?? null,
            searchText: mediaSearchText([
              input.originalName,
              credit,
              ...texts.flatMap((t) => [t.caption, t.alt]),
            ]),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const textRows = texts.flatMap(({ edition, caption = null, alt = null }) =>
          caption !== null || alt !== null ? [{ mediaId: row.id, edition, caption, alt }] : [],
        );
        if (textRows.length > 0) await trx.insertInto("mediaTexts").values(textRows).execute();
        const variantRows = variants.map((variant) => ({ ...variant.row, mediaId: row.id }));
        await trx.insertInto("mediaVariants").values(variantRows).execute();
        await input.onImported?.(trx, row);
        return row;
      });
    } catch (error) {
      // A concurrent import of the same bytes may have won the unique storage key: its row is ours too.
      const winner = await this.#findByStorageKey(storageKey).catch(() => undefined);
      if (winner) return winner;
      await this.#storage.removeFiles(written.filter((path) => path !== undefined));
      throw error;
    }
  }

  /** Sets the caption and alt text of one edition; a field left undefined keeps its value. */
  async setTexts(mediaId: number, edition: string, texts: MediaTextsInput): Promise<void> {
    await this.#requireMedia(mediaId);
    await this.#requireEditions([edition]);
    const clean = cleanTexts(texts);
    const changes: MediaTextsInput = {};
    if (clean.caption !== undefined) changes.caption = clean.caption;
    if (clean.alt !== undefined) changes.alt = clean.alt;
    await this.#inTransaction(async (trx) => {
      await trx
        .insertInto("mediaTexts")
        .values({ mediaId, edition, caption: clean.caption ?? null, alt: clean.alt ?? null })
        .onConflict((conflict) => {
          const target = conflict.columns(["mediaId", "edition"]);
          return Object.keys(changes).length > 0 ? target.doUpdateSet(changes) : target.doNothing();
        })
        .execute();
      await refreshSearchText(trx, mediaId);
    });
    // Editions without texts of their own show another edition's caption: they may show this one.
    const own = await this.#db
      .selectFrom("mediaTexts")
      .select("edition")
      .where("mediaId", "=", mediaId)
      .execute();
    const editions = await this.#db.selectFrom("editions").select("code").execute();
    const fallingBack = editions
      .map((e) => e.code)
      .filter((code) => !own.some((row) => row.edition === code));
    await this.#announce("media.texts", mediaId, [edition, ...fallingBack]);
  }

  async setCredit(mediaId: number, credit: string | null): Promise<void> {
    const clean = cleanText(credit, "credit") ?? null;
    await this.#inTransaction(async (trx) => {
      const result = await trx
        .updateTable("media")
        .set({ credit: clean })
        .where("id", "=", mediaId)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new NotFoundError("media", mediaId);
      await refreshSearchText(trx, mediaId);
    });
    const editions = await this.#db.selectFrom("editions").select("code").execute();
    await this.#announce(
      "media.credit",
      mediaId,
      editions.map((e) => e.code),
    );
  }

  #inTransaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.#db.isTransaction ? work(this.#db) : this.#db.transaction().execute(work);
  }

  /** Pages showing the picture carry its `media:<id>` key; a service made on a transaction stays silent. */
  async #announce(reason: string, mediaId: number, editions: string[]): Promise<void> {
    if (!this.#events || this.#db.isTransaction) return;
    await this.#events.announce({
      reason,
      articleIds: [],
      storyIds: [],
      editions,
      tagIds: [],
      mediaIds: [mediaId],
    });
  }

  /**
   * Everything the views need for these images in one edition, in two queries whatever the count.
   * Texts missing in the edition come from `fallbackEdition` (usually the story's original language).
   */
  async getPictures(
    mediaIds: number[],
    edition: string,
    fallbackEdition: string,
  ): Promise<Map<number, PictureData>> {
    const ids = [...new Set(mediaIds)];
    const pictures = new Map<number, PictureData>();
    if (ids.length === 0) return pictures;
    const editions = [...new Set([edition, fallbackEdition])];
    const [rows, variants] = await Promise.all([
      this.#db
        .selectFrom("media")
        .leftJoin("mediaTexts", (join) =>
          join.onRef("mediaTexts.mediaId", "=", "media.id").on("mediaTexts.edition", "in", editions),
        )
        .select(["media.id", "media.credit", "mediaTexts.edition", "mediaTexts.caption", "mediaTexts.alt"])
        .where("media.id", "in", ids)
        .execute(),
      this.#db
        .selectFrom("mediaVariants")
        .select(["mediaId", "format", "width", "height", "file"])
        .where("mediaId", "in", ids)
        .orderBy("mediaId")
        .orderBy("width")
        .execute(),
    ]);
    const byMedia = groupBy(rows, (row) => row.id);
    const variantsByMedia = groupBy(variants, (variant) => variant.mediaId);
    for (const id of ids) {
      const texts = byMedia.get(id) ?? [];
      const own = texts.find((row) => row.edition === edition);
      const fallback = texts.find((row) => row.edition === fallbackEdition);
      const jpegs = variantsByMedia.get(id)?.filter((variant) => variant.format === "jpeg") ?? [];
      const webps = variantsByMedia.get(id)?.filter((variant) => variant.format === "webp") ?? [];
      const largest = jpegs.at(-1);
      const media = texts[0];
      if (!largest || !media) continue;
      pictures.set(id, {
        mediaId: id,
        width: largest.width,
        height: largest.height,
        src: mediaUrl(largest.file),
        sources: webps.length > 0 ? [{ type: "image/webp", srcset: srcset(webps) }] : [],
        srcset: srcset(jpegs),
        // The edition's own words first, even a caption as alt: a screen reader reads the alt in the
        // page's language, so a foreign alt is worse than a caption in the right one.
        alt: own?.alt ?? own?.caption ?? fallback?.alt ?? fallback?.caption ?? "",
        caption: own?.caption ?? fallback?.caption ?? null,
        credit: media.credit,
      });
    }
    return pictures;
  }

  /** The largest JPEG variant of each image, with its size in bytes: feed enclosures need the length. */
  async largestJpegs(
    mediaIds: number[],
  ): Promise<Map<number, { src: string; width: number; height: number; sizeBytes: number }>> {
    const largest = new Map<number, { src: string; width: number; height: number; sizeBytes: number }>();
    if (mediaIds.length === 0) return largest;
    const variants = await this.#db
      .selectFrom("mediaVariants")
      .select(["mediaId", "width", "height", "file", "sizeBytes"])
      .where("mediaId", "in", [...new Set(mediaIds)])
      .where("format", "=", "jpeg")
      .orderBy("mediaId")
      .orderBy("width")
      .execute();
    for (const { mediaId, width, height, file, sizeBytes } of variants) {
      largest.set(mediaId, { src: mediaUrl(file), width, height, sizeBytes });
    }
    return largest;
  }

  #findByStorageKey(storageKey: string): Promise<MediaRow | undefined> {
    return this.#db.selectFrom("media").selectAll().where("storageKey", "=", storageKey).executeTakeFirst();
  }

  async #requireMedia(mediaId: number): Promise<void> {
    const row = await this.#db.selectFrom("media").select("id").where("id", "=", mediaId).executeTakeFirst();
    if (!row) throw new NotFoundError("media", mediaId);
  }

  async #requireEditions(codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    const rows = await this.#db.selectFrom("editions").select("code").orderBy("position").execute();
    const known = rows.map((row) => row.code);
    const unknown = codes.find((code) => !known.includes(code));
    if (unknown !== undefined) throw new UnknownEditionError(unknown, known);
  }
}

/** The widths we keep: the standard ones below the original's, plus the original's when under 1600. */
export function variantWidths(originalWidth: number): number[] {
  const widths: number[] = VARIANT_WIDTHS.filter((width) => width < originalWidth);
  if (originalWidth <= 1600) widths.push(originalWidth);
  return widths;
}

/** Reads the header: the format must be one we accept and the size within bounds. */
async function inspect(data: Buffer) {
  const sharp = await loadSharp();
  const metadata = await sharp(data, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined);
  // sharp reports AVIF as HEIF compressed with AV1; other HEIF (HEIC) is not on our list.
  const name = metadata?.format === "heif" && metadata.compression === "av1" ? "avif" : metadata?.format;
  if (!metadata || !name || !FORMATS.includes(name) || !metadata.width) {
    throw new ValidationError("file", MESSAGES.unreadable);
  }
  const { width, height } = metadata.autoOrient;
  if (width * height > MAX_PIXELS) throw new ValidationError("file", MESSAGES.tooManyPixels(width, height));
  return { mimeType: `image/${name}`, extension: name === "jpeg" ? "jpg" : name, width, height };
}

/** Decodes the whole image (a damaged file fails here), upright and without metadata, at each width. */
async function renderVariants(data: Buffer, stem: string, originalWidth: number) {
  const sharp = await loadSharp();
  // "truncated", not "warning": a cut-off upload is refused, the small oddities cameras write are not.
  const upright = sharp(data, { limitInputPixels: MAX_PIXELS, failOn: "truncated" }).autoOrient();
  const jobs = variantWidths(originalWidth).flatMap((width) =>
    (["webp", "jpeg"] as const).map(async (format) => {
      const resized = upright.clone().resize({ width });
      const encoded =
        format === "webp"
          ? resized.webp({ quality: QUALITY })
          : resized.flatten({ background: "#ffffff" }).jpeg({ quality: QUALITY, mozjpeg: true });
      const { data: bytes, info } = await encoded.toBuffer({ resolveWithObject: true });
      const file = `${stem}-${width}.${format === "webp" ? "webp" : "jpg"}`;
      return {
        row: { format, width: info.width, height: info.height, file, sizeBytes: bytes.length },
        data: bytes,
      };
    }),
  );
  try {
    return await Promise.all(jobs);
  } catch {
    throw new ValidationError("file", MESSAGES.unreadable);
  }
}

function cleanTexts(texts: MediaTextsInput): MediaTextsInput {
  return { caption: cleanText(texts.caption, "caption"), alt: cleanText(texts.alt, "alt") };
}

/** Trims; blank becomes null; undefined stays undefined (meaning "leave as it is"). */
function cleanText(value: string | null | undefined, field: keyof typeof LIMITS): string | null | undefined {
  if (value === undefined || value === null) return value;
  const text = value.trim();
  if (text.length > LIMITS[field]) throw new ValidationError(field, MESSAGES.tooLong(LIMITS[field]));
  return text === "" ? null : text;
}

/**
 * What library searches match: the file name, credit, captions and alt texts of every edition, in
 * lowercase without accents (so "acao" finds "Ação" in SQLite as in PostgreSQL, with no extension).
 */
export function mediaSearchText(parts: readonly (string | null | undefined)[]): string {
  return foldForSearch(parts.filter((part) => part != null && part !== "").join("\n"));
}

/** Lowercase, accents and other combining marks removed: the form search text and queries share. */
export function foldForSearch(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Recomputes a picture's search text from what is stored (after its credit or texts changed). */
export async function refreshSearchText(db: Db, mediaId: number): Promise<void> {
  const [media, texts] = await Promise.all([
    db.selectFrom("media").select(["originalName", "credit"]).where("id", "=", mediaId).executeTakeFirst(),
    db
      .selectFrom("mediaTexts")
      .select(["caption", "alt"])
      .where("mediaId", "=", mediaId)
      .orderBy("edition")
      .execute(),
  ]);
  if (!media) return;
  const searchText = mediaSearchText([
    media.originalName,
    media.credit,
    ...texts.flatMap((t) => [t.caption, t.alt]),
  ]);
  await db.updateTable("media").set({ searchText }).where("id", "=", mediaId).execute();
}

function srcset(variants: { width: number; file: string }[]): string {
  return variants.map((variant) => `${mediaUrl(variant.file)} ${variant.width}w`).join(", ");
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.get(keyOf(item))?.push(item) ?? groups.set(keyOf(item), [item]);
  return groups;
}
