import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { freePort, runTribune, startTribune, stopTribune } from "../../test/support/cli.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { checkSecretFingerprint, SecretMismatchError } from "../db/secret-fingerprints.ts";

for (const database of testDatabases()) {
  describe(`secret fingerprints on ${database.name}`, () => {
    test("the first secret is recorded, the same one accepted again, another one refused", async () => {
      const handle = await database.open();
      try {
        await checkSecretFingerprint(handle.db, "comments", "first secret", "/data/comments.secret");
        await checkSecretFingerprint(handle.db, "comments", "first secret", "/data/comments.secret");
        await assert.rejects(
          checkSecretFingerprint(handle.db, "comments", "another secret", "/data/comments.secret"),
          (error: unknown) => {
            assert.ok(error instanceof SecretMismatchError);
            assert.match(error.message, /\/data\/comments\.secret is not the "comments" secret/);
            assert.match(error.message, /tribune secrets reset comments/);
            return true;
          },
        );
        const rows = await handle.db.selectFrom("secretFingerprints").selectAll().execute();
        assert.equal(rows.length, 1);
        assert.doesNotMatch(JSON.stringify(rows), /first secret/, "the secret itself is not stored");
      } finally {
        await handle.close();
      }
    });
  });
}

describe("a database restored without its data directory's secret", () => {
  let root = "";
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "tribune-restore-"));
  });
  after(() => rm(root, { recursive: true, force: true }));

  test("stops the start with one line saying what to do, until the operator restores or resets", async () => {
    const original = join(root, "original");
    const restored = join(root, "restored");
    await mkdir(restored, { recursive: true });
    const serve = async (dataDir: string) => {
      const env = {
        DATA_DIR: dataDir,
        DATABASE_URL: `sqlite:${join(restored, "tribune.db")}`,
        PORT: String(await freePort()),
        LOG_LEVEL: "warn",
      };
      return { env, started: () => startTribune(["serve", "--workers", "1"], env) };
    };
    // The site runs once with its own data directory, which writes comments.secret.
    const first = await serve(original);
    const { child } = await first.started();
    await stopTribune(child);

    // The database file is restored elsewhere, without the data directory (a new secret is made).
    const restoredRun = await serve(restored);
    const refused = await runTribune(["serve", "--workers", "1"], restoredRun.env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^tribune: .*comments\.secret is not the "comments" secret/m);
    assert.match(refused.stderr, /every ban lifted/);

    // Restoring the secret file is one way back...
    await copyFile(join(original, "comments.secret"), join(restored, "comments.secret"));
    const again = await restoredRun.started();
    await stopTribune(again.child);

    // ...accepting the loss is the other.
    await rm(join(restored, "comments.secret"));
    const reset = await runTribune(["secrets", "reset", "comments"], restoredRun.env);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /now goes with .*comments\.secret/);
    const afterReset = await restoredRun.started();
    await stopTribune(afterReset.child);

    const unknown = await runTribune(["secrets", "reset", "everything"], restoredRun.env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /there is no "everything" secret/);
  });
});
