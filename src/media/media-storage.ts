import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { asciiSlugify } from "../shared/slug.ts";

/**
 * Where media lives on disk, and the only code that turns a name into a path.
 *
 *   <mediaDir>/originals/<storageKey>   the bytes as uploaded, EXIF and all: never served, since
 *                                       metadata can place a photographer (GPS) or identify a camera
 *   <mediaDir>/variants/<file>          the resized, metadata-free copies served at /media/<file>
 *
 *   <mediaDir>/.incoming-<random>/      one import's files while they are checked and rendered:
 *                                       moved into place when its rows are written, else removed
 *
 * Both names look like `ab/ab12cd34ef56ab78cd90-kirkuk-soldiers[-800].ext`: a two-hex-digit folder
 * and a sha256 prefix of the original, so a name never changes meaning and can be cached forever.
 */
export const ORIGINALS_DIR = "originals";
export const VARIANTS_DIR = "variants";
const STAGING_PREFIX = ".incoming-";
/** A staging folder this old belongs to a process that died mid-import: the next import removes it. */
const STALE_STAGING_MS = 24 * 60 * 60 * 1000;

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
 * One import's own folder for the files it receives and renders, until they are moved into place
 * (MediaStorage.place…) or dropped with the folder. A dot-name: never a media file name, never served.
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

/** Reads and writes media files under one folder; files are written in a staging area, then renamed. */
export class MediaStorage {
  readonly root: string;
  readonly originalsRoot: string;
  readonly variantsRoot: string;

  constructor(mediaDir: string) {
    this.root = resolve(mediaDir);
    this.originalsRoot = resolve(mediaDir, ORIGINALS_DIR);
    this.variantsRoot = resolve(mediaDir, VARIANTS_DIR);
  }

  originalPath(storageKey: string): string {
    return this.#pathOrThrow(this.originalsRoot, storageKey);
  }

  variantPath(file: string): string {
    return this.#pathOrThrow(this.variantsRoot, file);
  }

  /** A new staging area on the media folder's file system (so placing a file is a rename). */
  async stage(): Promise<StagingArea> {
    await mkdir(this.root, { recursive: true });
    await this.#removeStaleStaging();
    const dir = join(this.root, `${STAGING_PREFIX}${randomBytes(8).toString("hex")}`);
    await mkdir(dir);
    return new StagingArea(dir);
  }

  /** Moves a staged original into place; returns its path, or undefined when it was already there. */
  placeOriginal(storageKey: string, staged: string): Promise<string | undefined> {
    return placeIfMissing(this.originalPath(storageKey), staged);
  }

  /** Moves a staged variant into place; returns its path, or undefined when it was already there. */
  placeVariant(file: string, staged: string): Promise<string | undefined> {
    return placeIfMissing(this.variantPath(file), staged);
  }

  /** Removes files placed by an import that did not finish, and their folders if left empty. */
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

  /** Staging areas left by a process killed mid-import; an import never lasts a day. */
  async #removeStaleStaging(): Promise<void> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const now = Date.now();
    for (const name of names) {
      if (!name.startsWith(STAGING_PREFIX)) continue;
      const path = join(this.root, name);
      const info = await stat(path).catch(() => undefined);
      if (info && now - info.mtimeMs > STALE_STAGING_MS) await rm(path, { recursive: true, force: true });
    }
  }
}

/**
 * Names are content-addressed, so a file already there holds these very bytes and is left alone.
 * The rename is atomic: a half-written file is never served under a media name.
 */
async function placeIfMissing(path: string, staged: string): Promise<string | undefined> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile()) return undefined;
  for (let attempt = 1; ; attempt++) {
    await mkdir(dirname(path), { recursive: true });
    try {
      await rename(staged, path);
      return path;
    } catch (error) {
      // Another import's clean-up may remove the folder, empty, between mkdir and rename.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 3) throw error;
    }
  }
}
