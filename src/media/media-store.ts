import type { Readable } from "node:stream";
import type { StagingArea } from "./media-storage.ts";
import { isMediaFileName, ORIGINALS_DIR, VARIANTS_DIR } from "./media-storage.ts";

/** What a store knows of one object without reading it. */
export interface StoredObjectFacts {
  size: number;
  /** A strong validator, quoted as HTTP wants it. */
  etag: string;
  lastModified: Date;
}

/** One object being read: its facts and its bytes as a stream (to be consumed or destroyed). */
export interface StoredObject extends StoredObjectFacts {
  body: Readable;
}

/**
 * Where media files live: a directory (the default) or an S3-compatible bucket. Keys are paths such
 * as `originals/ab/ab12…-name.jpg` and `variants/ab/ab12…-name-800.webp` (see originalKey, variantKey).
 *
 * Files are prepared in a local staging area and then `put` whole: a key is either absent or holds
 * every byte. Callers write the database row that refers to a key only after its put succeeded, so a
 * row never names a missing or half-written file.
 */
export interface MediaStore {
  /** Where the media is, for messages: a folder's path or `s3://bucket/prefix`. */
  readonly location: string;
  /** A new local folder for one import's files until they are put (removed by the caller). */
  stage(): Promise<StagingArea>;
  /**
   * Stores the staged file under `key`, completely or not at all. Answers false when the key was
   * already there: names are content-addressed, so it holds these very bytes and is left alone.
   */
  put(key: string, stagedPath: string): Promise<boolean>;
  /** Facts of the object, or undefined when there is none. */
  head(key: string): Promise<StoredObjectFacts | undefined>;
  /** The object as a stream, or undefined when there is none. */
  get(key: string): Promise<StoredObject | undefined>;
  /** Removes these objects; an absent one is not an error. */
  delete(keys: readonly string[]): Promise<void>;
  /** Every media key in the store (originals and variants), for backups. */
  list(): AsyncIterable<string>;
  /** Lets go of connections (the S3 client's); the store is not used after. */
  close(): void;
}

/** The key of an original, by its storage key (media.storageKey). */
export function originalKey(storageKey: string): string {
  return `${ORIGINALS_DIR}/${storageKey}`;
}

/** The key of a variant, by its file name (mediaVariants.file, /media/<file>). */
export function variantKey(file: string): string {
  return `${VARIANTS_DIR}/${file}`;
}

/** True for a key a store may hold: one of the two folders, then a media file name. */
export function isMediaKey(key: string): boolean {
  const slash = key.indexOf("/");
  const folder = key.slice(0, slash);
  return (folder === ORIGINALS_DIR || folder === VARIANTS_DIR) && isMediaFileName(key.slice(slash + 1));
}

/** Throws unless `key` is a media key: every key built from outside input is checked first. */
export function assertMediaKey(key: string): void {
  if (!isMediaKey(key)) throw new Error(`Not a media key: ${JSON.stringify(key)}`);
}

/** The whole object in memory (a logo to draw an icon from), or undefined when there is none. */
export async function readObject(store: MediaStore, key: string): Promise<Buffer | undefined> {
  const object = await store.get(key);
  if (!object) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
