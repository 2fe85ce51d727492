import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open, readdir, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { ORIGINALS_DIR, StagingArea, VARIANTS_DIR } from "./media-storage.ts";
import {
  assertMediaKey,
  isMediaKey,
  type MediaStore,
  type StoredObject,
  type StoredObjectFacts,
} from "./media-store.ts";

const STAGING_PREFIX = ".incoming-";
/** A staging folder this old belongs to a process that died mid-import: the next import removes it. */
const STALE_STAGING_MS = 24 * 60 * 60 * 1000;
// Refuse to follow a symbolic link at the last step (0 where the platform has no such flag).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Media in one folder (MEDIA_DIR), the default: `<root>/originals/…` and `<root>/variants/…`. Files
 * are staged in `<root>/.incoming-<random>/`, on the same file system, so a put is a rename: atomic,
 * a half-written file never has a media name. Several instances share it only as a shared folder
 * (NFS) where rename is atomic too.
 */
export class DirectoryMediaStore implements MediaStore {
  readonly root: string;
  readonly location: string;

  constructor(mediaDir: string) {
    this.root = resolve(mediaDir);
    this.location = this.root;
  }

  /** The file behind a key; throws unless the key is one we write. */
  pathOf(key: string): string {
    assertMediaKey(key);
    return join(this.root, key);
  }

  async stage(): Promise<StagingArea> {
    await mkdir(this.root, { recursive: true });
    await this.#removeStaleStaging();
    const dir = join(this.root, `${STAGING_PREFIX}${randomBytes(8).toString("hex")}`);
    await mkdir(dir);
    return new StagingArea(dir);
  }

  async put(key: string, stagedPath: string): Promise<boolean> {
    const path = this.pathOf(key);
    const existing = await stat(path).catch(() => undefined);
    if (existing?.isFile()) return false;
    for (let attempt = 1; ; attempt++) {
      await mkdir(dirname(path), { recursive: true });
      try {
        await rename(stagedPath, path);
        return true;
      } catch (error) {
        // Another import's clean-up may remove the folder, empty, between mkdir and rename.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 3) throw error;
      }
    }
  }

  async head(key: string): Promise<StoredObjectFacts | undefined> {
    if (!isMediaKey(key)) return undefined;
    const found = await stat(join(this.root, key)).catch(() => undefined);
    return found?.isFile() ? factsOf(found) : undefined;
  }

  async get(key: string): Promise<StoredObject | undefined> {
    if (!isMediaKey(key)) return undefined;
    const handle = await open(join(this.root, key), OPEN_FLAGS).catch(() => undefined);
    if (!handle) return undefined;
    try {
      const found = await handle.stat();
      if (!found.isFile()) {
        await handle.close();
        return undefined;
      }
      // The stream owns the handle from here and closes it when done or destroyed.
      return { ...factsOf(found), body: handle.createReadStream() };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    const paths = keys.map((key) => this.pathOf(key));
    await Promise.all(paths.map((path) => rm(path, { force: true })));
    const folders = new Set(paths.map((path) => dirname(path)));
    // rmdir refuses a folder that still holds other media, which is what we want.
    await Promise.all([...folders].map((folder) => rmdir(folder).catch(() => undefined)));
  }

  async *list(): AsyncIterable<string> {
    for (const folder of [ORIGINALS_DIR, VARIANTS_DIR]) {
      const base = join(this.root, folder);
      const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return [];
          throw error;
        },
      );
      for (const entry of entries) {
        const key = relative(this.root, join(entry.parentPath, entry.name));
        if (entry.isFile() && isMediaKey(key)) yield key;
      }
    }
  }

  close(): void {
    // A folder holds nothing open between calls.
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

/** Size and modification time make the tag, as the media routes have always answered. */
function factsOf(found: { size: number; mtimeMs: number; mtime: Date }): StoredObjectFacts {
  return {
    size: found.size,
    etag: `"${found.size.toString(16)}-${Math.floor(found.mtimeMs).toString(16)}"`,
    lastModified: found.mtime,
  };
}
