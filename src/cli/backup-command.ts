import { backupSite, differencesFromManifest, restoreSite, type SiteFolders } from "../backup/site-backup.ts";
import type { Config } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { dialectOfUrl } from "../db/snapshot.ts";
import { openMediaStore } from "../media/open-media-store.ts";
import { describeDatabase } from "./open-migrated.ts";

const progress = (line: string) => process.stderr.write(`  ${line}\n`);

/** `tribune backup DIR`: a consistent copy of the running site's database, media and secrets. */
export async function backupCommand(config: Config, args: string[]): Promise<number> {
  const dir = oneFolder(args, "backup");
  if (!dir) return 2;
  const database = await openDatabase(config.databaseUrl);
  const folders = siteFolders(config);
  try {
    const started = Date.now();
    process.stderr.write(`Backing up ${describeDatabase(config.databaseUrl)} into ${dir}\n`);
    const manifest = await backupSite(database, config.databaseUrl, folders, dir, progress);
    const rows = Object.values(manifest.rows).reduce((sum, count) => sum + count, 0);
    console.log(
      `Backed up ${rows} rows, ${Object.keys(manifest.media).length} media files and ${manifest.secrets.length} secrets into ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (config.secretKey) {
      // The key is configuration, not data: it is never written into a backup.
      console.log(
        "The secrets come from SECRET_KEY (or SECRET_KEY_FILE), which is not in the backup: keep the key with it; a restore needs the same key.",
      );
    }
    return 0;
  } finally {
    folders.mediaStore.close();
    await database.close();
  }
}

/** `tribune restore DIR`: a backup into an empty database, media store and data directory. */
export async function restoreCommand(config: Config, args: string[]): Promise<number> {
  const dir = oneFolder(args, "restore");
  if (!dir) return 2;
  const url = config.databaseUrl;
  process.stderr.write(`Restoring ${dir} into ${describeDatabase(url)}\n`);
  // PostgreSQL is checked for emptiness and restored through a connection; SQLite is a new file.
  const target = dialectOfUrl(url) === "postgres" ? await openDatabase(url) : undefined;
  const folders = siteFolders(config);
  let manifest: Awaited<ReturnType<typeof restoreSite>>;
  try {
    manifest = await restoreSite(dir, url, target, folders, progress);
  } finally {
    folders.mediaStore.close();
    await target?.close();
  }
  const restored = await openDatabase(url);
  try {
    const differences = await differencesFromManifest(restored, manifest);
    if (differences.length > 0) {
      console.error(`tribune: the restored database differs from the backup:\n  ${differences.join("\n  ")}`);
      return 1;
    }
  } finally {
    await restored.close();
  }
  console.log(
    `Restored the backup of ${manifest.createdAt}: every table has its rows; ${Object.keys(manifest.media).length} media files. Start the site with tribune serve (it migrates if this version is newer).`,
  );
  return 0;
}

/** Where the site keeps media (MEDIA_DIR or the S3 bucket) and its secrets (DATA_DIR). */
function siteFolders(config: Config): SiteFolders {
  return { mediaStore: openMediaStore(config), dataDir: config.dataDir };
}

function oneFolder(args: string[], command: string): string | undefined {
  if (args.length !== 1 || !args[0] || args[0].startsWith("-")) {
    console.error(`tribune: ${command} takes one folder: tribune ${command} DIR`);
    return undefined;
  }
  return args[0];
}
