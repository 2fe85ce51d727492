import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

/**
 * Where media lives on disk, and the only code that turns a name into a path.
 *
 *   <mediaDir>/originals/<storageKey>   the bytes as uploaded, EXIF and all: never served, since
 *                                       metadata can place a photographer (GPS) or identify a camera
 *   <mediaDir>/variants/<file>          the resized, metadata-free copies served at /media/<file>
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
  return `${sha256Hex.slice(0, 2)}/${sha256Hex.slice(0, 20)}-${slugify(base)}`;
}

/** The public URL of a variant file, served by the media routes. */
export function mediaUrl(file: string): string {
  return `/media/${file}`;
}

/** Lowercase ASCII words joined by hyphens; "image" when nothing is left (a name in Arabic script). */
function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "image" : slug;
}

/** Reads and writes media files under one folder; writes are atomic (temp file, then rename). */
export class MediaStorage {
  readonly originalsRoot: string;
  readonly variantsRoot: string;

  constructor(mediaDir: string) {
    this.originalsRoot = resolve(mediaDir, ORIGINALS_DIR);
    this.variantsRoot = resolve(mediaDir, VARIANTS_DIR);
  }

  originalPath(storageKey: string): string {
    return this.#pathOrThrow(this.originalsRoot, storageKey);
  }

  variantPath(file: string): string {
    return this.#pathOrThrow(this.variantsRoot, file);
  }

  /** Writes the uploaded bytes; returns the path, or undefined when the file was already there. */
  saveOriginal(storageKey: string, data: Buffer): Promise<string | undefined> {
    return saveIfMissing(this.originalPath(storageKey), data);
  }

  /** Writes one variant; returns the path, or undefined when the file was already there. */
  saveVariant(file: string, data: Buffer): Promise<string | undefined> {
    return saveIfMissing(this.variantPath(file), data);
  }

  /** Removes files written by an import that did not finish, and their folders if left empty. */
  async removeFiles(paths: readonly string[]): Promise<void> {
    await Promise.all(paths.map((path) => rm(path, { force: true })));
    const folders = new Set(paths.map((path) => dirname(path)));
    // rmdir refuses a folder that still holds other media, which is what we want.
    await Promise.all([...folders].map((folder) => rmdir(folder).catch(() => undefined)));
  }

  #pathOrThrow(root: string, file: string): string {
    const path = resolveMediaPath(root, file);
    if (!path) throw new Error(`Not a media file name: ${JSON.stringify(file)}`);
    return path;
  }
}

/** Names are content-addressed, so a file already there holds these very bytes and is left alone. */
async function saveIfMissing(path: string, data: Buffer): Promise<string | undefined> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile()) return undefined;
  await mkdir(dirname(path), { recursive: true });
  // A dot-name in the same folder: the rename stays on one file system, and the name can never
  // match a media file name, so a half-written file is never served.
  const temp = join(dirname(path), `.${randomBytes(8).toString("hex")}.tmp`);
  try {
    await writeFile(temp, data, { flag: "wx" });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return path;
}
