import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import { runTribune } from "../../test/support/cli.ts";
import { type TestDatabase, testDatabases } from "../../test/support/databases.ts";
import { recordAudit } from "../accounts/audit/audit-log.ts";
import { type DatabaseHandle, openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { tablesOf } from "../db/table-catalogue.ts";
import { tablePrints } from "../db/table-checksum.ts";
import { syncEditions } from "../editions/edition-service.ts";
import { DirectoryMediaStore } from "../media/directory-media-store.ts";
import { type MediaStore, readObject } from "../media/media-store.ts";
import { type TestMediaStore, testMediaStores } from "../media/media-store-test-support.ts";
import { seedDemo } from "../seed/demo-seed.ts";
import { backupSite, differencesFromManifest, restoreSite, type SiteFolders } from "./site-backup.ts";

const EDITIONS = ["en", "pt", "es"];

/** A site on `database`: SQLite in a file (a backup needs one), PostgreSQL in a schema of its own. */
interface Site {
  database: DatabaseHandle;
  url: string;
  folders: SiteFolders;
  close(): Promise<void>;
}

async function demoSite(
  database: TestDatabase,
  root: string,
  mediaStore: MediaStore = new DirectoryMediaStore(join(root, "data", "media")),
): Promise<Site> {
  const folders = { dataDir: join(root, "data"), mediaStore };
  await mkdir(folders.dataDir, { recursive: true });
  let handle: DatabaseHandle;
  let url: string;
  if (database.name === "sqlite") {
    url = `sqlite:${join(folders.dataDir, "tribune.db")}`;
    handle = await openDatabase(url);
    await migrateToLatest(handle);
    await syncEditions(handle.db, (await import("../config.ts")).loadConfig({ DATA_DIR: root }).editions);
  } else {
    const opened = await database.open();
    handle = opened;
    url = opened.url;
  }
  await seedDemo(handle.db, { mediaStore, editions: EDITIONS });
  await writeFile(join(folders.dataDir, "comments.secret"), `${randomBytes(32).toString("base64url")}\n`);
  return { database: handle, url, folders, close: () => handle.close() };
}

/** A new, empty target of the same kind: a file that does not exist yet, or a new database. */
async function emptyTarget(
  site: Site,
  root: string,
  mediaStore: MediaStore = new DirectoryMediaStore(join(root, "data", "media")),
) {
  const folders = { dataDir: join(root, "data"), mediaStore };
  if (site.url.startsWith("sqlite:")) {
    const url = `sqlite:${join(folders.dataDir, "tribune.db")}`;
    return { url, folders, handle: undefined, open: () => openDatabase(url), drop: async () => {} };
  }
  const name = `tribune_restore_${randomBytes(5).toString("hex")}`;
  const admin = new URL(site.url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const target = new URL(site.url);
  target.pathname = `/${name}`;
  const url = target.href;
  const schema = site.database.schema;
  const handle = await openDatabase(url, { schema });
  return {
    url,
    folders,
    handle,
    open: () => openDatabase(url, { schema }),
    drop: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: admin.href });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** Every table's row count and checksum: two databases with equal prints hold the same data. */
async function allTablePrints(handle: DatabaseHandle) {
  return tablePrints(handle, await tablesOf(handle));
}

/** Every object of a store, by key, with its checksum. */
async function storePrints(store: MediaStore): Promise<Record<string, string>> {
  const prints: Record<string, string> = {};
  for await (const key of store.list()) {
    prints[key] = createHash("sha256")
      .update((await readObject(store, key)) ?? "")
      .digest("hex");
  }
  return prints;
}

for (const database of testDatabases()) {
  describe(`backup and restore on ${database.name}`, () => {
    let root: string;
    let site: Site;

    before(async () => {
      root = await mkdtemp(join(tmpdir(), "tribune-backup-"));
      site = await demoSite(database, join(root, "site"));
    });
    after(async () => {
      await site.close();
      await rm(root, { recursive: true, force: true });
    });

    test("a round trip gives back every table's rows, every media file and the secrets", async () => {
      const dir = join(root, "backup-1");
      const manifest = await backupSite(site.database, site.url, site.folders, dir);
      assert.ok(manifest.rows.articles && manifest.rows.articles > 0);
      assert.ok(Object.keys(manifest.media).length > 0, "the demo's pictures are in it");
      assert.deepEqual(manifest.secrets, ["comments.secret"]);

      const target = await emptyTarget(site, join(root, "restored-1"));
      try {
        await restoreSite(dir, target.url, target.handle, target.folders);
        const restored = await target.open();
        try {
          assert.deepEqual(await allTablePrints(restored), await allTablePrints(site.database));
          assert.deepEqual(await differencesFromManifest(restored, manifest), []);
        } finally {
          await restored.close();
        }
        assert.deepEqual(
          await storePrints(target.folders.mediaStore),
          await storePrints(site.folders.mediaStore),
        );
        assert.equal(
          await readFile(join(target.folders.dataDir, "comments.secret"), "utf8"),
          await readFile(join(site.folders.dataDir, "comments.secret"), "utf8"),
        );
      } finally {
        await target.drop();
      }
    });

    test("refuses, before writing anything, a damaged backup, a database or media folder in use, a different secret", async () => {
      const dir = join(root, "backup-2");
      await backupSite(site.database, site.url, site.folders, dir);
      await assert.rejects(backupSite(site.database, site.url, site.folders, dir), /is not empty/);

      const intoTheSite = restoreSite(dir, site.url, site.database, {
        ...site.folders,
        mediaStore: new DirectoryMediaStore(join(root, "fresh-media")),
        dataDir: join(root, "fresh-data"),
      });
      await assert.rejects(intoTheSite, /already (exists|holds \d+ tables)/);

      const target = await emptyTarget(site, join(root, "restored-2"));
      try {
        await mkdir(target.folders.dataDir, { recursive: true });
        await writeFile(join(target.folders.dataDir, "comments.secret"), "another secret\n");
        await assert.rejects(
          restoreSite(dir, target.url, target.handle, target.folders),
          /comments\.secret differs from the backup's/,
        );
        await rm(join(target.folders.dataDir, "comments.secret"));
        const [picture] = (
          await readdir(join(dir, "media"), { recursive: true, withFileTypes: true })
        ).filter((entry) => entry.isFile());
        assert.ok(picture);
        await writeFile(join(picture.parentPath, picture.name), "not the picture");
        await assert.rejects(
          restoreSite(dir, target.url, target.handle, target.folders),
          /media file .* is damaged/,
        );
        if (database.name === "sqlite") {
          await assert.rejects(stat(join(target.folders.dataDir, "tribune.db")), "no database file was made");
        } else {
          assert.deepEqual(await tablesOf(target.handle as DatabaseHandle), [], "no table was made");
        }
        assert.deepEqual(await storePrints(target.folders.mediaStore), {}, "no media file was put");
      } finally {
        await target.drop();
      }
    });

    test("a backup taken while the site writes is whole: its counts are of exactly what it holds", async () => {
      const dir = join(root, "backup-3");
      let writing = true;
      let written = 0;
      // Another connection keeps writing, as the running site would, for as long as the backup runs.
      const writer = await (database.name === "sqlite"
        ? openDatabase(site.url)
        : Promise.resolve(site.database));
      const writes = (async () => {
        while (writing) {
          await recordAudit(writer.db, { actorUserId: null, action: "backup.test", details: { written } });
          written += 1;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      let result: { code: number | null; stderr: string } | undefined;
      try {
        if (database.name === "sqlite") {
          // The real command, in its own process, as an operator runs it beside the site.
          result = await runTribune(["backup", dir], { DATA_DIR: site.folders.dataDir });
        } else {
          await backupSite(site.database, site.url, site.folders, dir);
        }
      } finally {
        writing = false;
        await writes;
        if (writer !== site.database) await writer.close();
      }
      if (result) assert.equal(result.code, 0, result.stderr);
      assert.ok(written > 0, "the site wrote during the backup");
      const target = await emptyTarget(site, join(root, "restored-3"));
      try {
        const manifest = await restoreSite(dir, target.url, target.handle, target.folders);
        const restored = await target.open();
        try {
          assert.deepEqual(await differencesFromManifest(restored, manifest), []);
          if (database.name === "sqlite") {
            const { rows } = await sql<Record<string, string>>`pragma integrity_check`.execute(restored.db);
            assert.deepEqual(Object.values(rows[0] ?? {}), ["ok"]);
          }
        } finally {
          await restored.close();
        }
      } finally {
        await target.drop();
      }
    });
  });
}

const s3 = (await testMediaStores()).find((kind) => kind.name === "s3");
describe("backup and restore with media on S3", { skip: s3?.skip ?? "no S3 store" }, () => {
  test("copies the bucket's objects into the backup and puts them back into another bucket", async () => {
    const root = await mkdtemp(join(tmpdir(), "tribune-backup-s3-"));
    const [sqlite] = testDatabases();
    const stores: TestMediaStore[] = [];
    const open = async () => {
      const opened = await (s3 as NonNullable<typeof s3>).open();
      stores.push(opened);
      return opened;
    };
    try {
      const source = await open();
      const site = await demoSite(sqlite as TestDatabase, join(root, "site"), source.store);
      try {
        const dir = join(root, "backup");
        const manifest = await backupSite(site.database, site.url, site.folders, dir);
        const sourcePrints = await storePrints(source.store);
        assert.ok(Object.keys(sourcePrints).length > 0, "the demo's pictures are in the bucket");
        assert.deepEqual(Object.keys(manifest.media).sort(), Object.keys(sourcePrints).sort());
        assert.deepEqual(await readdir(join(dir, "media")), ["originals", "variants"]);

        const into = await open();
        const target = await emptyTarget(site, join(root, "restored"), into.store);
        await restoreSite(dir, target.url, target.handle, target.folders);
        assert.deepEqual(await storePrints(into.store), sourcePrints);
        const restored = await target.open();
        try {
          assert.deepEqual(await allTablePrints(restored), await allTablePrints(site.database));
        } finally {
          await restored.close();
        }
        await assert.rejects(
          restoreSite(dir, `sqlite:${join(root, "again.db")}`, undefined, {
            dataDir: join(root, "again"),
            mediaStore: into.store,
          }),
          /the media store s3:\/\/media-[0-9a-f]+\/ is not empty/,
        );
      } finally {
        await site.close();
      }
    } finally {
      for (const store of stores) await store.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("the backup and restore commands", () => {
  test("take one folder and say so otherwise", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "tribune-backup-cli-"));
    try {
      for (const args of [["backup"], ["restore", "a", "b"], ["backup", "--now"]]) {
        const result = await runTribune(args, { DATA_DIR: dataDir });
        assert.equal(result.code, 2, args.join(" "));
        assert.match(result.stderr, /takes one folder: tribune (backup|restore) DIR/);
      }
      const missing = await runTribune(["restore", join(dataDir, "nowhere")], {
        DATA_DIR: join(dataDir, "new"),
      });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /holds no manifest\.json: it is not a finished Tribune backup/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
