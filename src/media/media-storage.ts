import { rm } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { asciiSlugify } from "../shared/slug.ts";

/**
 * How media files are named, and the only code that turns a name into a path. A store (MediaStore:
 * a folder, or an S3-compatible bucket) keeps them under these keys:
 *
 *   originals/<storageKey>   the bytes as uploaded, EXIF and all: never served, since
 *                            metadata can place a photographer (GPS) or identify a camera
 *   variants/<file>          the resized, metadata-free copies served at /media/<file>
 *
 * One import's files are checked and rendered in a local staging area (StagingArea), then put into
 * the store before its rows are written; the area is removed at the end whatever happened.
 *
 * Both names look like `ab/ab12cd34ef56ab78cd90-kirkuk-soldiers[-800].ext`: a two-hex-digit folder
 * and a sha256 prefix of the original, so a name never changes meaning and can be cached forever.
 */
export const ORIGINALS_DIR = "originals";
export const VARIANTS_DIR = "variants";

/** The content types we serve, by extension; anything else is not a media file. */
export const MEDIA_CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
};

// Folder, hash prefix, slug (lowercase words joined by single hyphens), an allowed extension.
const MEDIA_FILE_PATTERN = /^[0-9a-f]{2}\/[0-9a-f]{8,64}(?:-[a-z0-9]+)+\.(jpg|jpeg|png|webp|gif|avif|tiff)$/;

/** True when `file` is a name we could have written: no `..`, no absolute path, nothing unusual. */
export function isMediaFileName(file: string): boolean {
  return file.length <= 200 && MEDIA_FILE_PATTERN.test(file);
}

/** The extension of a valid media file name, lowercase and without the dot. */
export function mediaFileExtension(file: string): string | undefined {
  return MEDIA_FILE_PATTERN.exec(file)?.[1];
}

/**
 * The absolute path of `file` under `root`, or undefined when the name is not one we write or would
 * resolve outside `root`. Every path built from outside input goes through here.
 */
export function resolveMediaPath(root: string, file: string): string | undefined {
  if (!isMediaFileName(file)) return undefined;
  const base = resolve(root);
  const path = resolve(base, file);
  const inside = relative(base, path);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return undefined;
  return path;
}

/**
 * The part every name of one image shares: `ab/<first 20 hex digits of its sha256>-<slug>`. The slug
 * comes from a seed's key or the uploaded file name, folder and extension dropped.
 */
export function mediaStem(sha256Hex: string, name: string): string {
  const base = (name.split(/[/\\]/).pop() ?? "").replace(/\.[^.]*$/, "");
  return `${sha256Hex.slice(0, 2)}/${sha256Hex.slice(0, 20)}-${fileSlug(base)}`;
}

/** The public URL of a variant file, served by the media routes. */
export function mediaUrl(file: string): string {
  return `/media/${file}`;
}

/** Lowercase ASCII words joined by hyphens; "image" when nothing is left (a name in Arabic script). */
function fileSlug(name: string): string {
  return asciiSlugify(name, 60) || "image";
}

/**
 * One import's own folder for the files it receives and renders, until they are put into the
 * store (MediaStore.put) or dropped with the folder. Its name is never a media file name, never served.
 */
export class StagingArea {
  readonly dir: string;
  #count = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** A fresh path inside the area, for one file about to be written. */
  newPath(extension: string): string {
    this.#count += 1;
    return join(this.dir, `${this.#count}.${extension}`);
  }

  /** Removes the area and whatever is still in it. */
  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}
