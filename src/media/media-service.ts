import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { MediaRow } from "../db/schema.ts";
import type { ChangeReason, ContentChange, ContentEvents } from "../shared/content-events.ts";
import { NotFoundError } from "../shared/errors.ts";
import { type ImportImageInput, MediaImport } from "./media-import.ts";
import { mediaUrl } from "./media-storage.ts";
import type { MediaStore } from "./media-store.ts";
import {
  cleanText,
  cleanTexts,
  type MediaTextsInput,
  refreshSearchText,
  requireEditions,
} from "./media-texts.ts";
import type { PictureData } from "./picture.ts";

export { variantWidths } from "./image-decoding.ts";
export type { ImageSource, ImportedImage, ImportImageInput } from "./media-import.ts";
export { type MediaTextsInput, mediaSearchText, refreshSearchText } from "./media-texts.ts";

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** A picture with every variant and its texts in every edition (MediaService.describe). */
export interface MediaDescription {
  id: number;
  width: number;
  height: number;
  credit: string | null;
  mimeType: string;
  variants: { format: string; width: number; height: number; path: string }[];
  texts: { edition: string; caption: string | null; alt: string | null }[];
}

export interface MediaServiceOptions {
  db: Db;
  /** Where the files live (openMediaStore(config) in the app; a DirectoryMediaStore in tests). */
  mediaStore: MediaStore;
  /** Largest upload accepted, in bytes (default 20 MiB). */
  maxBytes?: number;
  /** Told when a caption or credit readers see changes (app.contentEvents). */
  events?: ContentEvents;
}

/** Imports images (original kept, resized variants written) and answers what pages need to show them. */
export class MediaService {
  readonly #db: Db;
  readonly #store: MediaStore;
  readonly #maxBytes: number;
  readonly #events: ContentEvents | undefined;

  constructor(options: MediaServiceOptions) {
    this.#db = options.db;
    this.#events = options.events;
    this.#store = options.mediaStore;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /**
   * Starts an import of several images that are kept together or not at all (see MediaImport);
   * the caller must `discard()` it at the end, committed or not.
   */
  async startImport(): Promise<MediaImport> {
    return new MediaImport(this.#db, this.#store, await this.#store.stage(), this.#maxBytes);
  }

  /**
   * Checks one image by decoding it, keeps the original bytes under a content-addressed storage key
   * and writes WebP and JPEG variants. The same bytes under the same key (or file name) give back the
   * row already stored, unchanged, so seeds can run again.
   */
  async importImage(input: ImportImageInput): Promise<MediaRow> {
    const batch = await this.startImport();
    try {
      await batch.add(input);
      const [imported] = await batch.commit();
      if (!imported) throw new Error("MediaImport: the image added was not committed");
      return imported.row;
    } finally {
      await batch.discard();
    }
  }

  /** Sets the caption and alt text of one edition; a field left undefined keeps its value. */
  async setTexts(mediaId: number, edition: string, texts: MediaTextsInput): Promise<void> {
    await this.#requireMedia(mediaId);
    await requireEditions(this.#db, [edition]);
    const clean = cleanTexts(texts);
    const changes: MediaTextsInput = {};
    if (clean.caption !== undefined) changes.caption = clean.caption;
    if (clean.alt !== undefined) changes.alt = clean.alt;
    await changeContent(this.#db, this.#events, async (trx, log) => {
      await trx
        .insertInto("mediaTexts")
        .values({ mediaId, edition, caption: clean.caption ?? null, alt: clean.alt ?? null })
        .onConflict((conflict) => {
          const target = conflict.columns(["mediaId", "edition"]);
          return Object.keys(changes).length > 0 ? target.doUpdateSet(changes) : target.doNothing();
        })
        .execute();
      await refreshSearchText(trx, mediaId);
      // Editions without texts of their own show another edition's caption: they may show this one.
      const own = await trx
        .selectFrom("mediaTexts")
        .select("edition")
        .where("mediaId", "=", mediaId)
        .execute();
      const fallingBack = (await allEditions(trx)).filter((code) => !own.some((row) => row.edition === code));
      log.other(pictureChange("media.texts", mediaId, [edition, ...fallingBack]));
    });
  }

  async setCredit(mediaId: number, credit: string | null): Promise<void> {
    const clean = cleanText(credit, "credit") ?? null;
    await changeContent(this.#db, this.#events, async (trx, log) => {
      const result = await trx
        .updateTable("media")
        .set({ credit: clean })
        .where("id", "=", mediaId)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new NotFoundError("media", mediaId);
      await refreshSearchText(trx, mediaId);
      log.other(pictureChange("media.credit", mediaId, await allEditions(trx)));
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
        ...pictureTexts(own, fallback),
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

  /**
   * A picture as it is stored, for the API: its size and credit, every variant (format, size, URL
   * path) and its caption and alt in each edition that has them. Undefined when there is none.
   */
  async describe(mediaId: number): Promise<MediaDescription | undefined> {
    const [media, variants, texts] = await Promise.all([
      this.#db
        .selectFrom("media")
        .select(["id", "width", "height", "credit", "mimeType"])
        .where("id", "=", mediaId)
        .executeTakeFirst(),
      this.#db
        .selectFrom("mediaVariants")
        .select(["format", "width", "height", "file"])
        .where("mediaId", "=", mediaId)
        .orderBy("format")
        .orderBy("width")
        .execute(),
      this.#db
        .selectFrom("mediaTexts")
        .innerJoin("editions", "editions.code", "mediaTexts.edition")
        .select(["mediaTexts.edition", "mediaTexts.caption", "mediaTexts.alt"])
        .where("mediaTexts.mediaId", "=", mediaId)
        .orderBy("editions.position")
        .execute(),
    ]);
    if (!media) return undefined;
    return {
      ...media,
      variants: variants.map(({ file, ...variant }) => ({ ...variant, path: mediaUrl(file) })),
      texts,
    };
  }

  async #requireMedia(mediaId: number): Promise<void> {
    const row = await this.#db.selectFrom("media").select("id").where("id", "=", mediaId).executeTakeFirst();
    if (!row) throw new NotFoundError("media", mediaId);
  }
}

type EditionTexts = { edition: string | null; caption: string | null; alt: string | null };

/**
 * The caption and alt of one edition, each falling back to the other edition's, which is then named
 * so the page can mark it with lang. The edition's own words first, even a caption as alt: a screen
 * reader reads the alt in the page's language, so a foreign alt is worse than a caption in the right one.
 */
function pictureTexts(
  own: EditionTexts | undefined,
  fallback: EditionTexts | undefined,
): Pick<PictureData, "alt" | "altLanguage" | "caption" | "captionLanguage"> {
  const ownAlt = own?.alt ?? own?.caption ?? null;
  const fallbackAlt = fallback?.alt ?? fallback?.caption ?? null;
  const ownCaption = own?.caption ?? null;
  const fallbackCaption = fallback?.caption ?? null;
  const language = own === fallback ? null : (fallback?.edition ?? null);
  return {
    alt: ownAlt ?? fallbackAlt ?? "",
    altLanguage: ownAlt === null && fallbackAlt !== null ? language : null,
    caption: ownCaption ?? fallbackCaption,
    captionLanguage: ownCaption === null && fallbackCaption !== null ? language : null,
  };
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

/** Pages of `editions` showing the picture carry its `media:<id>:<edition>` key. */
function pictureChange(reason: ChangeReason, mediaId: number, editions: string[]): ContentChange {
  return { reasons: [reason], articleIds: [], storyIds: [], editions, tagIds: [], mediaIds: [mediaId] };
}

async function allEditions(db: Db): Promise<string[]> {
  return (await db.selectFrom("editions").select("code").execute()).map((edition) => edition.code);
}
