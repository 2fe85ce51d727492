import { createWriteStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Multipart, MultipartFile } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { BadUploadError, TooManyFilesError, UploadTooLargeError } from "./media-errors.ts";

export interface UploadLimits {
  /** Largest file, in bytes: a larger one is cut off while it streams and refused. */
  maxBytes: number;
  /** Files in one request. */
  maxFiles: number;
}

/**
 * A file of the upload, written to disk as it arrived (never held in memory whole) — or found larger
 * than the limit, in which case what was written is only its beginning.
 */
export interface ReceivedFile {
  fileName: string;
  /** Where it was written. */
  path: string;
  size: number;
  tooLarge: boolean;
}

const MAX_FIELDS = 40;
const MAX_FIELD_BYTES = 20_000;
/** Room for the form's fields and the multipart framing around the files. */
const ENVELOPE_BYTES = 1024 * 1024;

const uploads = new WeakMap<FastifyRequest, MultipartUpload>();

/**
 * A multipart upload read as it arrives, never buffered as a whole: the text fields that come
 * before the first file (the form puts `_csrf` and the credit there), then one file at a time,
 * each written to a file the caller chooses, up to the size limit.
 */
export class MultipartUpload {
  readonly fields: Record<string, string>;
  readonly #parts: AsyncIterator<Multipart>;
  #pending: MultipartFile | undefined;
  readonly #limits: UploadLimits;

  constructor(
    parts: AsyncIterator<Multipart>,
    fields: Record<string, string>,
    first: MultipartFile | undefined,
    limits: UploadLimits,
  ) {
    this.#parts = parts;
    this.fields = fields;
    this.#pending = first;
    this.#limits = limits;
  }

  /**
   * The next file, written to the path `destination` gives, or undefined at the end. A field after
   * a file is refused: the fields must come first, so that they are checked before any file.
   */
  async nextFile(destination: () => string): Promise<ReceivedFile | undefined> {
    const part = this.#pending ?? (await this.#nextPart());
    this.#pending = undefined;
    if (!part) return undefined;
    if (part.type !== "file") {
      throw new BadUploadError(
        `The field “${part.fieldname.slice(0, 40)}” came after a file; send the text fields before the files.`,
      );
    }
    return receiveFile(part, destination(), this.#limits.maxBytes);
  }

  /** Reads whatever is left (an answer should not go out while the browser is still sending). */
  async drain(): Promise<void> {
    try {
      this.#pending?.file.resume();
      this.#pending = undefined;
      for (let part = await this.#nextPart(); part; part = await this.#nextPart()) {
        if (part.type === "file") part.file.resume();
      }
    } catch {
      // The answer is already decided; a broken tail changes nothing.
    }
  }

  async #nextPart(): Promise<Multipart | undefined> {
    try {
      const { value, done } = await this.#parts.next();
      return done ? undefined : value;
    } catch (error) {
      throw describeMultipartError(error, this.#limits);
    }
  }
}

/**
 * A route's preValidation hook for uploads: reads the fields that precede the first file and makes
 * them the request's body, so that the newsroom's CSRF check finds `_csrf` there as in any form.
 * Nothing of a file is read here: the route reads files after the session, the token and the role
 * have been checked. Without a session it leaves the request alone (sign-in refuses it next);
 * `signedIn` says who is (the admin API: a bearer token's user).
 */
export function uploadHook(
  limits: UploadLimits,
  signedIn: (request: FastifyRequest) => boolean = (request) => request.newsroomUser !== null,
) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!signedIn(request) || !request.isMultipart()) return;
    const length = Number(request.headers["content-length"] ?? 0);
    if (length > limits.maxFiles * limits.maxBytes + ENVELOPE_BYTES) {
      throw new UploadTooLargeError(limits.maxBytes, limits.maxFiles);
    }
    const parts = request
      .parts({
        limits: {
          fileSize: limits.maxBytes,
          files: limits.maxFiles,
          fields: MAX_FIELDS,
          fieldSize: MAX_FIELD_BYTES,
          parts: limits.maxFiles + MAX_FIELDS,
        },
      })
      [Symbol.asyncIterator]();
    const fields: Record<string, string> = {};
    let first: MultipartFile | undefined;
    for (;;) {
      let next: IteratorResult<Multipart>;
      try {
        next = await parts.next();
      } catch (error) {
        throw describeMultipartError(error, limits);
      }
      if (next.done) break;
      const part = next.value;
      if (part.type === "file") {
        first = part;
        break;
      }
      if (typeof part.value === "string" && !Object.hasOwn(fields, part.fieldname)) {
        fields[part.fieldname] = part.value;
      }
    }
    const upload = new MultipartUpload(parts, fields, first, limits);
    uploads.set(request, upload);
    request.body = fields;
  };
}

/** The upload uploadHook started for this request; a body that is not multipart is refused. */
export function uploadOf(request: FastifyRequest): MultipartUpload {
  const upload = uploads.get(request);
  if (!upload) {
    throw new BadUploadError(
      'Send the images as a multipart/form-data upload (a form with enctype="multipart/form-data").',
    );
  }
  return upload;
}

/** Writes one file to `path`, at most `maxBytes` of it; busboy discards the rest of a larger one. */
async function receiveFile(part: MultipartFile, path: string, maxBytes: number): Promise<ReceivedFile> {
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(part.file, count, createWriteStream(path, { flags: "wx" }));
  } catch (error) {
    // The disk failing (full, say) is ours to answer for; anything else is the body breaking off.
    if (error && typeof error === "object" && "syscall" in error) throw error;
    throw new BadUploadError("The upload broke off before the file was complete; try again.");
  }
  return { fileName: part.filename ?? "", path, size, tooLarge: part.file.truncated || size > maxBytes };
}

/** @fastify/multipart's and busboy's errors, as messages a user can act on. */
function describeMultipartError(error: unknown, limits: UploadLimits): Error {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "FST_FILES_LIMIT") return new TooManyFilesError(limits.maxFiles);
  if (code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
    return new BadUploadError(
      `This upload has too many fields; send at most ${limits.maxFiles} images and the form's own fields.`,
    );
  }
  if (code === "FST_INVALID_MULTIPART_CONTENT_TYPE") {
    return new BadUploadError("Send the images as a multipart/form-data upload.");
  }
  return new BadUploadError("The upload broke off or was not a well-formed form; try again.");
}
