import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { DatabaseHandle } from "../db/database.ts";
import { latestMigrationName } from "../db/migrate.ts";
import {
  dialectOfUrl,
  restoreSnapshot,
  SNAPSHOT_FILES,
  type SnapshotDialect,
  SnapshotError,
  snapshotDatabase,
} from "../db/snapshot.ts";
import { rowCounts } from "../db/table-catalogue.ts";
import { isMediaKey, type MediaStore } from "../media/media-store.ts";

/** What a backup holds, written last: a folder without it is not a finished backup. */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  dialect: SnapshotDialect;
  /** The last migration the database had: a restore into newer code migrates on start. */
  migration: string | null;
  /** Rows per table in the snapshot: a restore is checked against them. */
  rows: Record<string, number>;
  /** Every media file, by its key in the store (its path under MEDIA_DIR): `originals/…`, `variants/…`. */
  media: Record<string, { bytes: number; sha256: string }>;
  /** The data directory's secrets the data depends on (session, comments…), by file name. */
  secrets: string[];
}

export const MANIFEST_FILE = "manifest.json";

export interface SiteFolders {
  /** Uploaded pictures and their variants: MEDIA_DIR or the S3 bucket (openMediaStore). */
  mediaStore: MediaStore;
  /** Where the generated secrets are kept (DATA_DIR). */
  dataDir: string;
}

export type Progress = (line: string) => void;

/**
 * Backs the site up into `dir` (new or empty) while it keeps serving: the database first, then the
 * media store's files into `dir/media` (a file is put completely before a row refers to it, so every
 * file the snapshot names is there to copy), then the secrets, then the manifest.
 */
export async function backupSite(
  database: DatabaseHandle,
  url: string,
  folders: SiteFolders,
  dir: string,
  progress: Progress = () => {},
): Promise<BackupManifest> {
  await assertEmptyFolder(dir, "the backup folder");
  await mkdir(dir, { recursive: true });
  const dialect = dialectOfUrl(url);
  progress(`database: taking a snapshot (${dialect})`);
  const rows = await snapshotDatabase(database, url, join(dir, SNAPSHOT_FILES[dialect]));
  const migration = await latestMigrationName(database.db);
  progress(
    `database: ${Object.values(rows).reduce((a, b) => a + b, 0)} rows in ${Object.keys(rows).length} tables`,
  );
  const media = await copyStoreOut(folders.mediaStore, join(dir, "media"));
  progress(`media: ${Object.keys(media).length} files`);
  const secrets = await copySecrets(folders.dataDir, join(dir, "secrets"));
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    dialect,
    migration,
    rows,
    media,
    secrets,
  };
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Restores a backup into an empty database, an empty media store and a data directory without
 * other secrets of the same name. Everything is checked before anything is written; the restored
 * database is then counted against the manifest.
 */
export async function restoreSite(
  dir: string,
  url: string,
  target: DatabaseHandle | undefined,
  folders: SiteFolders,
  progress: Progress = () => {},
): Promise<BackupManifest> {
  const manifest = await readManifest(dir);
  const dialect = dialectOfUrl(url);
  if (manifest.dialect !== dialect) {
    throw new SnapshotError(
      `this backup is of a ${manifest.dialect} database and DATABASE_URL names a ${dialect} one: restore into ${manifest.dialect}`,
    );
  }
  await assertEmptyStore(folders.mediaStore);
  await assertSecretsFit(dir, manifest, folders.dataDir);
  progress("media: checking the backup's files");
  for (const [path, expected] of Object.entries(manifest.media)) {
    if (!isMediaKey(path))
      throw new SnapshotError(`the backup's media file ${path} is not one Tribune writes`);
    const actual = await fileFacts(join(dir, "media", path));
    if (actual.sha256 !== expected.sha256) {
      throw new SnapshotError(`the backup's media file ${path} is damaged (its checksum differs)`);
    }
  }
  progress("database: restoring");
  await restoreSnapshot(url, join(dir, SNAPSHOT_FILES[dialect]), target);
  progress(`media: copying ${Object.keys(manifest.media).length} files`);
  await copyStoreIn(join(dir, "media"), Object.keys(manifest.media), folders.mediaStore);
  await mkdir(folders.dataDir, { recursive: true });
  for (const name of manifest.secrets) {
    await copyFile(join(dir, "secrets", name), join(folders.dataDir, name));
  }
  return manifest;
}

/** After a restore: the rows per table that differ from the manifest's (none when it is whole). */
export async function differencesFromManifest(
  database: DatabaseHandle,
  manifest: BackupManifest,
): Promise<string[]> {
  const counts = await rowCounts(database);
  return Object.entries(manifest.rows)
    .filter(([table, rows]) => counts[table] !== rows)
    .map(([table, rows]) => `${table}: ${counts[table] ?? "missing"} rows, the backup had ${rows}`);
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), "utf8");
  } catch {
    throw new SnapshotError(`${dir} holds no ${MANIFEST_FILE}: it is not a finished Tribune backup`);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 1) throw new SnapshotError(`${dir}: a backup format this version cannot read`);
  return manifest;
}

async function assertEmptyFolder(dir: string, what: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  if (entries.length > 0) throw new SnapshotError(`${what} ${dir} is not empty: name a new or empty folder`);
}

/** A secret already in the data directory must be the backup's, or the restored data breaks. */
async function assertSecretsFit(dir: string, manifest: BackupManifest, dataDir: string): Promise<void> {
  for (const name of manifest.secrets) {
    const present = await readFile(join(dataDir, name), "utf8").catch(() => undefined);
    if (present !== undefined && present !== (await readFile(join(dir, "secrets", name), "utf8"))) {
      throw new SnapshotError(
        `${join(dataDir, name)} differs from the backup's: restore into a new DATA_DIR, or move it away`,
      );
    }
  }
}

async function copySecrets(dataDir: string, into: string): Promise<string[]> {
  const names = (await readdir(dataDir).catch(() => [])).filter((name) => name.endsWith(".secret")).sort();
  await mkdir(into, { recursive: true, mode: 0o700 });
  for (const name of names) {
    await copyFile(join(dataDir, name), join(into, name));
  }
  return names;
}

/** Copies every object of the store into `to`, by key, returning each one's size and checksum. */
async function copyStoreOut(store: MediaStore, to: string): Promise<BackupManifest["media"]> {
  const files: BackupManifest["media"] = {};
  for await (const key of store.list()) {
    const object = await store.get(key);
    // Gone since it was listed: a file no snapshot row can name any more (no row refers to it).
    if (!object) continue;
    await mkdir(dirname(join(to, key)), { recursive: true });
    await pipeline(object.body, createWriteStream(join(to, key)));
    files[key] = await fileFacts(join(to, key));
  }
  return files;
}

/** Puts the backup's files into the store, each whole, through the store's own staging area. */
async function copyStoreIn(from: string, keys: readonly string[], store: MediaStore): Promise<void> {
  const staging = await store.stage();
  try {
    for (const key of keys) {
      const staged = staging.newPath("restore");
      await copyFile(join(from, key), staged);
      await store.put(key, staged);
    }
  } finally {
    await staging.remove();
  }
}

async function assertEmptyStore(store: MediaStore): Promise<void> {
  for await (const key of store.list()) {
    throw new SnapshotError(
      `the media store ${store.location} is not empty (it holds ${key}): restore into an empty folder or bucket`,
    );
  }
}

async function fileFacts(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { bytes: (await stat(path)).size, sha256: hash.digest("hex") };
}
