import { TribuneError } from "../../shared/errors.ts";

const megabytes = (bytes: number) => `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`;

/** One file was larger than MEDIA_MAX_MB: found while it streamed in, so it was never kept whole. */
export class FileTooLargeError extends TribuneError {
  constructor(fileName: string, maxBytes: number) {
    super(
      "FILE_TOO_LARGE",
      413,
      `${quoted(fileName)} is larger than the ${megabytes(maxBytes)} we accept; export a smaller JPEG (2000 pixels wide is plenty) and try again.`,
      { field: "file", fileName, maxBytes },
    );
  }
}

/** The whole request says it is larger than any upload we could accept (Content-Length). */
export class UploadTooLargeError extends TribuneError {
  constructor(maxBytes: number, maxFiles: number) {
    super(
      "UPLOAD_TOO_LARGE",
      413,
      `This upload is larger than we accept: at most ${maxFiles} images of ${megabytes(maxBytes)} each. Send fewer or smaller files.`,
      { maxBytes, maxFiles },
    );
  }
}

/** More files, fields or parts than one upload may carry. */
export class TooManyFilesError extends TribuneError {
  constructor(maxFiles: number) {
    const message =
      maxFiles === 1
        ? "Send one image per request."
        : `Upload at most ${maxFiles} images at once; send the rest in another upload.`;
    super("TOO_MANY_FILES", 413, message, { maxFiles });
  }
}

/** A body that is not multipart/form-data, or that breaks off or is malformed. */
export class BadUploadError extends TribuneError {
  constructor(message: string) {
    super("BAD_UPLOAD", 400, message, { field: "file" });
  }
}

/** A file the media service refused (not an image, empty, too many pixels…), named for the user. */
export class FileRefusedError extends TribuneError {
  constructor(fileName: string, reason: string, status = 400) {
    super("FILE_REFUSED", status, `${quoted(fileName)}: ${reason}`, { field: "file", fileName });
  }
}

/** No file in the upload at all. */
export class NoFileError extends TribuneError {
  constructor() {
    super("NO_FILE", 400, "Choose one or more images to upload (JPEG, PNG, WebP, GIF, AVIF or TIFF).", {
      field: "file",
    });
  }
}

/** An API upload must carry exactly one file. */
export class OneFileOnlyError extends TribuneError {
  constructor() {
    super("ONE_FILE_ONLY", 400, "Send one image per request to this API (in the field named file).", {
      field: "file",
    });
  }
}

/** The file's name as the user chose it, quoted (names are shown escaped, never as markup). */
function quoted(fileName: string): string {
  return fileName.trim() === "" ? "The file" : `“${fileName.slice(0, 120)}”`;
}
