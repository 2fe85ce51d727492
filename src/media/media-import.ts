import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat, writeFile } from "node:fs/promises";
import type { Db } from "../db/database.ts";
import type { MediaRow } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { ValidationError } from "../shared/errors.ts";
import { inspectImage, type RenderedVariant, renderVariants } from "./image-decoding.ts";
import type { StagingArea } from "./media-storage.ts";
import { mediaStem } from "./media-storage.ts";
import { type MediaStore, originalKey, variantKey } from "./media-store.ts";
import {
  cleanText,
  cleanTexts,
  type MediaTextsInput,
  mediaSearchText,
  requireEditions,
} from "./media-texts.ts";
import { NO_PHOTO_METADATA, readPhotoMetadata } from "./photo-metadata.ts";

const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

const MESSAGES = {
  empty: "the file is empty; choose the image again",
  tooBig: (size: number, max: number) =>
    `the file is ${megabytes(size)} MB, more than the ${megabytes(max)} MB we accept; export a smaller JPEG`,
  key: "use lowercase letters, digits and single hyphens, such as kirkuk-soldiers",
};

/** The image's bytes, in memory, or already written to a path of this import's staging area. */
export type ImageSource = { data: Buffer } | { stagedPath: string };

export type ImportImageInput = ImageSource & {
  originalName: string;
  credit?: string | null;
  /** Texts by edition code. */
  texts?: Record<string, MediaTextsInput>;
  /** A stable name (kebab-case) used in the storage key instead of the file name; seeds pass one. */
  key?: string;
  /** The newsroom user who uploaded it (users.id): contributors may edit the texts of their own. */
  uploadedByUserId?: number | null;
  /**
   * Reads the photo's own caption, credit and date (IPTC, XMP, EXIF): the credit when none is given,
   * and the caption of `captionEdition` when it has none, come from the file; the date is kept.
   */
  prefillFromFile?: { captionEdition: string };
  /**
   * Runs inside the import's transaction once the new row is written (not when the same image was
   * already there): the newsroom records its audit entry here, so the log never claims an upload
   * that did not happen.
   */
  onImported?: (trx: Db, row: MediaRow) => Promise<void>;
};

/** One image of an import, as kept: its row, and whether this import made it. */
export interface ImportedImage {
  row: MediaRow;
  /** False when the same image (bytes and key or name) was already stored: that row is given back. */
  created: boolean;
}

interface PreparedImage {
  input: ImportImageInput;
  storageKey: string;
  /** Where the original waits in the staging area. */
  stagedPath: string;
  values: Omit<MediaRow, "id">;
  texts: { edition: string; caption?: string | null; alt?: string | null }[];
  variants: RenderedVariant[];
}

/**
 * The images of one request, each checked by decoding it and rendered into a staging area as it
 * comes (`add`), then kept all together (`commit`: files put into the store, then rows written in
 * one transaction) or not at all (`discard`, always called last). A refused file, a refused request
 * or a database error leaves nothing in the store or in the database.
 */
export class MediaImport {
  readonly #db: Db;
  readonly #store: MediaStore;
  readonly #staging: StagingArea;
  readonly #maxBytes: number;
  readonly #prepared: PreparedImage[] = [];
  /** Every image added, in order: one to write (or the same image again), or one already stored. */
  readonly #order: ({ image: PreparedImage; repeat: boolean } | { existing: MediaRow })[] = [];

  constructor(db: Db, store: MediaStore, staging: StagingArea, maxBytes: number) {
    this.#db = db;
    this.#store = store;
    this.#staging = staging;
    this.#maxBytes = maxBytes;
  }

  /** A new path in the staging area, where a file being received can be written before `add`. */
  newUploadPath(): string {
    return this.#staging.newPath("upload");
  }

  /**
   * Checks one image (size, texts, format, pixels, then the whole decode) and renders its variants
   * into the staging area. Throws a ValidationError (field "file" for the image itself) when it is
   * refused; nothing is kept until `commit`.
   */
  async add(input: ImportImageInput): Promise<void> {
    const size = "data" in input ? input.data.length : (await stat(input.stagedPath)).size;
    if (size === 0) throw new ValidationError("file", MESSAGES.empty);
    if (size > this.#maxBytes) throw new ValidationError("file", MESSAGES.tooBig(size, this.#maxBytes));
    if (input.key !== undefined && (input.key.length > 60 || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(input.key))) {
      throw new ValidationError("key", MESSAGES.key);
    }
    const given = cleanText(input.credit, "credit") ?? null;
    const texts = Object.entries(input.texts ?? {}).map(([edition, t]) => ({ edition, ...cleanTexts(t) }));
    const prefillEdition = input.prefillFromFile?.captionEdition;
    await requireEditions(this.#db, [
      ...texts.map((text) => text.edition),
      ...(prefillEdition === undefined ? [] : [prefillEdition]),
    ]);

    let stagedPath: string;
    if ("data" in input) {
      stagedPath = this.newUploadPath();
      await writeFile(stagedPath, input.data, { flag: "wx" });
    } else {
      stagedPath = input.stagedPath;
    }
    const facts = await inspectImage(stagedPath);
    const fromFile = prefillEdition === undefined ? NO_PHOTO_METADATA : await readPhotoMetadata(stagedPath);
    const credit = given ?? fromFile.credit;
    if (prefillEdition !== undefined) prefillCaption(texts, prefillEdition, fromFile.caption);
    const stem = mediaStem(await sha256Of(stagedPath), input.key ?? input.originalName);
    const storageKey = `${stem}.${facts.extension}`;
    const existing = await this.#findByStorageKey(storageKey);
    if (existing) {
      this.#order.push({ existing });
      return;
    }
    const twin = this.#prepared.find((prepared) => prepared.storageKey === storageKey);
    if (twin) {
      // The same image twice in one request is one picture.
      this.#order.push({ image: twin, repeat: true });
      return;
    }
    const variants = await renderVariants(stagedPath, stem, facts, (extension) =>
      this.#staging.newPath(extension),
    );
    const prepared: PreparedImage = {
      input,
      storageKey,
      stagedPath,
      values: {
        storageKey,
        originalName: input.originalName.slice(0, 255),
        mimeType: facts.mimeType,
        width: facts.width,
        height: facts.height,
        sizeBytes: size,
        credit,
        createdAt: new Date().toISOString(),
        uploadedByUserId: input.uploadedByUserId ?? null,
        takenAt: fromFile.takenAt,
        fileCaption: fromFile.caption,
        fileCredit: fromFile.credit,
        searchText: mediaSearchText([
          input.originalName,
          credit,
          ...texts.flatMap((t) => [t.caption, t.alt]),
        ]),
      },
      texts,
      variants,
    };
    this.#prepared.push(prepared);
    this.#order.push({ image: prepared, repeat: false });
  }

  /**
   * Keeps every image added: files put into the store whole, then, only once every put succeeded,
   * every row written in one transaction, so no row ever names a missing or half-written file.
   * Answers one entry per `add`, in order. On failure, the files it put are removed again (unless
   * another import stored the same image meanwhile) and the error is thrown.
   */
  async commit(): Promise<ImportedImage[]> {
    const placed: string[] = [];
    const rows = new Map<PreparedImage, ImportedImage>();
    try {
      for (const image of this.#prepared) {
        const original = originalKey(image.storageKey);
        if (await this.#store.put(original, image.stagedPath)) placed.push(original);
        for (const variant of image.variants) {
          const key = variantKey(variant.file);
          if (await this.#store.put(key, variant.path)) placed.push(key);
        }
      }
      await inTransaction(this.#db, async (trx) => {
        for (const image of this.#prepared) rows.set(image, await insertImage(trx, image));
      });
    } catch (error) {
      await this.#removeUnclaimed(placed);
      throw error;
    }
    return this.#order.map((entry) => {
      if ("existing" in entry) return { row: entry.existing, created: false };
      const imported = rows.get(entry.image);
      if (!imported) throw new Error("MediaImport: an image added was not committed");
      return entry.repeat ? { row: imported.row, created: false } : imported;
    });
  }

  /** Removes the staging area and whatever was not committed; call it last, whatever happened. */
  discard(): Promise<void> {
    return this.#staging.remove();
  }

  #findByStorageKey(storageKey: string): Promise<MediaRow | undefined> {
    return this.#db.selectFrom("media").selectAll().where("storageKey", "=", storageKey).executeTakeFirst();
  }

  /** After a failed commit: the files put, except those of images another import has stored since. */
  async #removeUnclaimed(placed: readonly string[]): Promise<void> {
    const claimed = new Set<string>();
    for (const image of this.#prepared) {
      const row = await this.#findByStorageKey(image.storageKey).catch(() => undefined);
      if (!row) continue;
      claimed.add(originalKey(image.storageKey));
      for (const variant of image.variants) claimed.add(variantKey(variant.file));
    }
    await this.#store.delete(placed.filter((key) => !claimed.has(key))).catch(() => undefined);
  }
}

/**
 * Writes one image's rows. Another import may have stored the same image since `add` checked: its
 * row is then this image's too, and nothing else is written.
 */
async function insertImage(trx: Db, image: PreparedImage): Promise<ImportedImage> {
  const row = await trx
    .insertInto("media")
    .values(image.values)
    .onConflict((conflict) => conflict.column("storageKey").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const winner = await trx
      .selectFrom("media")
      .selectAll()
      .where("storageKey", "=", image.storageKey)
      .executeTakeFirstOrThrow();
    return { row: winner, created: false };
  }
  const textRows = image.texts.flatMap(({ edition, caption = null, alt = null }) =>
    caption !== null || alt !== null ? [{ mediaId: row.id, edition, caption, alt }] : [],
  );
  if (textRows.length > 0) await trx.insertInto("mediaTexts").values(textRows).execute();
  const variantRows = image.variants.map(({ format, width, height, file, sizeBytes }) => ({
    mediaId: row.id,
    format,
    width,
    height,
    file,
    sizeBytes,
  }));
  await trx.insertInto("mediaVariants").values(variantRows).execute();
  await image.input.onImported?.(trx, row);
  return { row, created: true };
}

/** The file's caption as `edition`'s, unless the uploader gave that edition one. */
function prefillCaption(
  texts: { edition: string; caption?: string | null | undefined; alt?: string | null | undefined }[],
  edition: string,
  caption: string | null,
): void {
  if (caption === null) return;
  const own = texts.find((text) => text.edition === edition);
  if (!own) texts.push({ edition, caption, alt: null });
  else own.caption ??= caption;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
