import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { testDatabases } from "../test/support/databases.ts";
import { createTestUser, NewsroomClient } from "../test/support/newsroom.ts";
import { buildApp } from "./app.ts";
import { backupSite, restoreSite } from "./backup/site-backup.ts";
import { loadConfig, persistentSecret } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { SecretMismatchError } from "./db/secret-fingerprints.ts";
import { DirectoryMediaStore } from "./media/directory-media-store.ts";
import { openMediaStore } from "./media/open-media-store.ts";
import { ConfigError } from "./shared/errors.ts";

const KEY = "an-operator-key-of-forty-characters-0123";
const temporary: string[] = [];
after(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tribune-secret-key-"));
  temporary.push(dir);
  return dir;
}

async function configWith(env: Record<string, string>) {
  return loadConfig({
    NODE_ENV: "test",
    DATA_DIR: await dataDir(),
    PUBLIC_URL: "http://tribune.test",
    PAGE_CACHE_MB: "0",
    TRUST_PROXY: "loopback",
    OEMBED_PROVIDERS: "none",
    ...env,
  });
}

describe("SECRET_KEY", () => {
  test("every secret is derived from it, one per purpose, and none is written to the data directory", async () => {
    const config = await configWith({ SECRET_KEY: KEY });
    const other = await configWith({ SECRET_KEY: KEY });
    assert.equal(persistentSecret(config, "session"), persistentSecret(other, "session"));
    assert.notEqual(persistentSecret(config, "session"), persistentSecret(config, "comments"));
    assert.notEqual(persistentSecret(config, "session"), KEY);
    assert.deepEqual(await readdir(config.dataDir), []);
  });

  test("SECRET_KEY_FILE gives the same secrets as the same key inline", async () => {
    const file = join(await dataDir(), "key");
    await writeFile(file, `${KEY}\n`);
    const fromFile = await configWith({ SECRET_KEY_FILE: file });
    const inline = await configWith({ SECRET_KEY: KEY });
    assert.equal(persistentSecret(fromFile, "comments"), persistentSecret(inline, "comments"));
  });

  test("both variables, a short key or an unreadable file stop the start with what to do", async () => {
    assert.throws(
      () => loadConfig({ SECRET_KEY: KEY, SECRET_KEY_FILE: "/etc/tribune/key" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /SECRET_KEY: and SECRET_KEY_FILE are both set; set only one/.test(error.message),
    );
    assert.throws(() => loadConfig({ SECRET_KEY: "short" }), /at least 32 random/);
    assert.throws(() => loadConfig({ SECRET_KEY_FILE: "/nonexistent/key" }), /SECRET_KEY_FILE: cannot read/);
  });

  test("a data directory with a generated secret is refused with SECRET_KEY, saying how to go on", async () => {
    const generated = await configWith({});
    persistentSecret(generated, "session");
    const keyed = loadConfig({ DATA_DIR: generated.dataDir, SECRET_KEY: KEY });
    assert.throws(
      () => persistentSecret(keyed, "comments"),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message.includes("also holds generated secrets (session.secret)") &&
        error.message.includes("unset SECRET_KEY and SECRET_KEY_FILE") &&
        error.message.includes('"tribune secrets reset comments"'),
    );
  });
});

describe("a backup of a site with SECRET_KEY", () => {
  test("holds no secret, and restores into a site that starts with the same key only", async () => {
    const root = await dataDir();
    const config = await configWith({ SECRET_KEY: KEY, DATABASE_URL: `sqlite:${join(root, "site.db")}` });
    const database = await openDatabase(config.databaseUrl);
    await migrateToLatest(database);
    await buildApp({ config, database }).then((app) => app.close()); // records the key's fingerprint
    const backup = join(root, "backup");
    const manifest = await backupSite(
      database,
      config.databaseUrl,
      { mediaStore: openMediaStore(config), dataDir: config.dataDir },
      backup,
    );
    await database.close();
    assert.deepEqual(manifest.secrets, []);

    const restoredUrl = `sqlite:${join(root, "restored.db")}`;
    const restoredDir = await dataDir();
    await restoreSite(backup, restoredUrl, undefined, {
      dataDir: restoredDir,
      mediaStore: new DirectoryMediaStore(join(restoredDir, "media")),
    });
    const restored = await openDatabase(restoredUrl);
    try {
      const same = await configWith({ SECRET_KEY: KEY, DATA_DIR: restoredDir });
      await buildApp({ config: same, database: restored }).then((app) => app.close());
      const other = await configWith({ SECRET_KEY: `${KEY}-another`, DATA_DIR: restoredDir });
      await assert.rejects(buildApp({ config: other, database: restored }), SecretMismatchError);
    } finally {
      await restored.close();
    }
  });
});

for (const testDatabase of testDatabases()) {
  describe(`two instances with one SECRET_KEY (${testDatabase.name})`, () => {
    test("a form rendered by one instance is accepted by the other, signed in or not", async () => {
      const database = await testDatabase.open();
      const [first, second] = await Promise.all([
        configWith({ SECRET_KEY: KEY }).then((config) => buildApp({ config, database })),
        configWith({ SECRET_KEY: KEY }).then((config) => buildApp({ config, database })),
      ]);
      try {
        const user = await createTestUser(database.db, "editor");
        // The sign-in form (pre-session token) from the first, posted to the second.
        const browser = new NewsroomClient(first);
        await browser.get("/newsroom/sign-in");
        const elsewhere = Object.assign(new NewsroomClient(second), { csrfToken: browser.csrfToken });
        Object.assign(elsewhere.cookies, browser.cookies);
        const signedIn = await elsewhere.post("/newsroom/sign-in", {
          email: user.email,
          password: user.password,
        });
        assert.equal(signedIn.statusCode, 303, signedIn.body.slice(0, 300));
        // A page of the session from the second, its form posted to the first.
        const page = await elsewhere.get("/newsroom");
        assert.equal(page.statusCode, 200);
        const back = Object.assign(new NewsroomClient(first), { csrfToken: elsewhere.csrfToken });
        Object.assign(back.cookies, elsewhere.cookies);
        const signedOut = await back.post("/newsroom/sign-out");
        assert.equal(signedOut.statusCode, 303, signedOut.body.slice(0, 300));
      } finally {
        await Promise.all([first.close(), second.close()]);
        await database.close();
      }
    });

    test("an instance with its own generated secret, or another key, does not start on that database", async () => {
      const database = await testDatabase.open();
      const first = await buildApp({ config: await configWith({ SECRET_KEY: KEY }), database });
      try {
        const others: Record<string, string>[] = [{}, { SECRET_KEY: `${KEY}-another` }];
        for (const env of others) {
          await assert.rejects(
            buildApp({ config: await configWith(env), database }),
            (error: unknown) => error instanceof SecretMismatchError,
          );
        }
      } finally {
        await first.close();
        await database.close();
      }
    });
  });
}
