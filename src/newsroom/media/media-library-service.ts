import { recordAudit } from "../../accounts/audit/audit-log.ts";
import { type Actor, assertCan, can } from "../../accounts/authorization/policy.ts";
import { readableArticles } from "../../accounts/authorization/readable-articles.ts";
import type { Db } from "../../db/database.ts";
import type { MediaRow } from "../../db/schema.ts";
import type { MediaImport } from "../../media/media-import.ts";
import {
  type ImageSource,
  type ImportImageInput,
  MediaService,
  type MediaTextsInput,
} from "../../media/media-service.ts";
import type { MediaStore } from "../../media/media-store.ts";
import { findMediaUsage, type MediaUsage } from "../../media/media-usage.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { nowIso } from "../../shared/validate.ts";
import { FileRefusedError, FileTooLargeError } from "./media-errors.ts";
import {
  loadMediaDetails,
  loadMediaItems,
  type MediaDetails,
  type MediaItem,
  type MediaPage,
  type MediaSearch,
  searchMedia,
} from "./media-queries.ts";
import { editPicture, type MediaChanges, type RequestMeta } from "./picture-edit.ts";

export type { MediaChanges, RequestMeta } from "./picture-edit.ts";

export interface MediaLibraryServiceOptions {
  db: Db;
  mediaStore: MediaStore;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** The site's edition codes, in order. */
  editions: readonly string[];
  /** Told when a credit or caption readers see changes, so cached pages showing it are dropped. */
  events?: ContentEvents | undefined;
}

/** One uploaded file: its bytes, or the staging path `LibraryUpload.newFilePath()` gave for them. */
export type UploadInput = (
  | { data: Buffer }
  | {
      /** From LibraryUpload.newFilePath(). */
      path: string;
    }
) & {
  fileName: string;
  /** Found larger than the limit while it streamed in. */
  tooLarge?: boolean;
  credit?: string | null | undefined;
  texts?: Record<string, MediaTextsInput>;
};

export interface UploadResult {
  item: MediaItem;
  /** False when the same image (bytes and name) was already in the library: that one is given back. */
  created: boolean;
}

/** Which parts of a picture's texts the actor may change (the form disables the others). */
export interface MediaPermissions {
  credit: boolean;
  editions: Record<string, boolean>;
}

/**
 * The newsroom's media library: uploads and edits checked against the role policy and written to
 * the audit log, search and detail for the library pages and the editor's picture picker. The files
 * and variants themselves are MediaService's.
 */
export class MediaLibraryService {
  readonly #db: Db;
  readonly #options: MediaLibraryServiceOptions;
  readonly #media: MediaService;

  constructor(options: MediaLibraryServiceOptions) {
    this.#db = options.db;
    this.#options = options;
    this.#media = new MediaService({
      db: options.db,
      mediaStore: options.mediaStore,
      maxBytes: options.maxBytes,
    });
  }

  get maxBytes(): number {
    return this.#options.maxBytes;
  }

  get editions(): readonly string[] {
    return this.#options.editions;
  }

  /** Throws unless `actor` may upload; routes call it before reading any file. */
  assertMayUpload(actor: Actor): void {
    assertCan(actor, "media.upload");
  }

  /**
   * Starts an upload of one or more images by `actor`, kept all together or not at all (see
   * LibraryUpload). The caller must `discard()` it at the end, whatever happened.
   */
  async startUpload(actor: Actor, meta: RequestMeta = {}): Promise<LibraryUpload> {
    assertCan(actor, "media.upload");
    return new LibraryUpload(this, await this.#media.startImport(), actor, meta, this.#options.maxBytes);
  }

  /** Imports one image as `actor`'s, audited; refused as LibraryUpload.add says. */
  async upload(actor: Actor, input: UploadInput, meta: RequestMeta = {}): Promise<UploadResult> {
    const upload = await this.startUpload(actor, meta);
    try {
      await upload.add(input);
      const [result] = await upload.commit();
      if (!result) throw new Error("LibraryUpload: the image added was not committed");
      return result;
    } finally {
      await upload.discard();
    }
  }

  /** Changes the credit and the texts of some editions, audited (see editPicture). */
  edit(
    actor: Actor,
    mediaId: number,
    changes: MediaChanges,
    meta: RequestMeta = {},
  ): Promise<{ credit: boolean; editions: string[] }> {
    return editPicture(this.#options, actor, mediaId, changes, meta);
  }

  /** A page of the library, newest first, matching `search.q` when given. Any signed-in user. */
  search(search: MediaSearch): Promise<MediaPage> {
    return searchMedia(this.#db, this.#options.editions, search);
  }

  /** One picture as the picker shows it. */
  async item(mediaId: number): Promise<MediaItem> {
    const [item] = await loadMediaItems(this.#db, this.#options.editions, [mediaId]);
    if (!item) throw new NotFoundError("picture", mediaId);
    return item;
  }

  /** The detail page's picture: variants, uploader, where it is used, what `actor` may change. */
  async details(
    actor: Actor,
    mediaId: number,
  ): Promise<MediaDetails & { usage: MediaUsage; permissions: MediaPermissions }> {
    const details = await loadMediaDetails(this.#db, this.#options.editions, mediaId);
    if (!details) throw new NotFoundError("picture", mediaId);
    const usage = await findMediaUsage(this.#db, mediaId, readableArticles(actor, nowIso()));
    const ownerUserId = details.uploadedBy?.id ?? null;
    const permissions: MediaPermissions = {
      credit: can(actor, "media.edit", { ownerUserId }),
      editions: Object.fromEntries(
        this.#options.editions.map((edition) => [
          edition,
          can(actor, "media.edit", { ownerUserId, edition }),
        ]),
      ),
    };
    return { ...details, usage, permissions };
  }
}

/**
 * One request's images: each checked as it arrives (`add`), then all kept with their audit entries in
 * one transaction (`commit`), or none (`discard`). A refused file throws a FileRefusedError or
 * FileTooLargeError naming it; the caller may go on checking the others, then discard them all.
 */
export class LibraryUpload {
  readonly #library: MediaLibraryService;
  readonly #import: MediaImport;
  readonly #actor: Actor;
  readonly #meta: RequestMeta;
  readonly #maxBytes: number;

  constructor(
    library: MediaLibraryService,
    mediaImport: MediaImport,
    actor: Actor,
    meta: RequestMeta,
    maxBytes: number,
  ) {
    this.#library = library;
    this.#import = mediaImport;
    this.#actor = actor;
    this.#meta = meta;
    this.#maxBytes = maxBytes;
  }

  /** Where to write a file as it is received, before `add` checks it. */
  newFilePath(): string {
    return this.#import.newUploadPath();
  }

  async add(input: UploadInput): Promise<void> {
    if (input.fileName.includes("\u0000")) {
      // PostgreSQL cannot store the name; shown with the replacement character where the NUL was.
      const shown = input.fileName.replaceAll("\u0000", "\ufffd");
      throw new FileRefusedError(shown, "its name holds a NUL character; rename the file and try again");
    }
    if (input.tooLarge) throw new FileTooLargeError(input.fileName, this.#maxBytes);
    const actor = this.#actor;
    const ip = this.#meta.ip ?? null;
    const source: ImageSource = "data" in input ? { data: input.data } : { stagedPath: input.path };
    try {
      await this.#import.add({
        ...source,
        originalName: input.fileName.trim() === "" ? "image" : input.fileName,
        credit: input.credit ?? null,
        texts: input.texts ?? {},
        uploadedByUserId: actor.id,
        // An agency photo's caption, credit and date prefill the form; the uploader then checks them.
        ...prefillFor(actor, this.#library.editions),
        onImported: (trx, row) => auditUpload(trx, actor, row, ip),
      });
    } catch (error) {
      if (error instanceof ValidationError && error.details.field === "file") {
        throw new FileRefusedError(input.fileName, error.message.replace(/^file: /, ""));
      }
      throw error;
    }
  }

  /** Keeps every image added, in one transaction with its audit entry; answers them in order. */
  async commit(): Promise<UploadResult[]> {
    const imported = await this.#import.commit();
    return Promise.all(
      imported.map(async ({ row, created }) => ({ item: await this.#library.item(row.id), created })),
    );
  }

  /** Drops whatever was not committed; call it last. */
  discard(): Promise<void> {
    return this.#import.discard();
  }
}

/** The file's caption goes to the uploader's edition: their first assigned one, else the site's first. */
function prefillFor(actor: Actor, editions: readonly string[]): Pick<ImportImageInput, "prefillFromFile"> {
  const edition = actor.editions.find((code) => editions.includes(code)) ?? editions[0];
  return edition === undefined ? {} : { prefillFromFile: { captionEdition: edition } };
}

function auditUpload(trx: Db, actor: Actor, row: MediaRow, ip: string | null): Promise<void> {
  return recordAudit(trx, {
    actorUserId: actor.id,
    action: "media.upload",
    subjectType: "media",
    subjectId: row.id,
    details: {
      originalName: row.originalName,
      mimeType: row.mimeType,
      width: row.width,
      height: row.height,
      sizeBytes: row.sizeBytes,
    },
    ip,
  });
}
