// Editors and readers writing at once to one SQLite file through two worker processes: every write
// transaction takes the write lock up front and waits its turn, so none fails, and none is lost.

import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { freePort } from "./support/cli.ts";
import { createServerDatabase, type ServerDatabase } from "./support/server-database.ts";
import { type ServerProcess, sleep, startServer, stopServer } from "./support/server-process.ts";
import {
  findHalfMadeStories,
  findLostWrites,
  type PreparedSite,
  prepareSite,
  sqliteIntegrity,
  WriteWorkload,
} from "./support/write-workload.ts";

const WRITING_MS = 20_000;
const EDITORS = 5;
const COMMENTERS = 8;

describe("tribune serve --workers 2 on SQLite, editors and readers writing at once", () => {
  let dataDir: string;
  let database: ServerDatabase;
  let site: PreparedSite;
  let server: ServerProcess | undefined;
  let origin: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tribune-concurrent-"));
    database = await createServerDatabase("sqlite", dataDir);
    const handle = await database.open();
    try {
      site = await prepareSite(handle.db, { editors: EDITORS });
    } finally {
      await handle.close();
    }
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = await startServer(["serve", "--workers", "2"], {
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      PORT: String(port),
      LOG_LEVEL: "warn",
      // The readers below each post from an address of their own, named in X-Forwarded-For.
      TRUST_PROXY: "loopback",
      COMMENT_POLICY: "open",
    });
  });

  after(async () => {
    if (server) await stopServer(server);
    await rm(dataDir, { recursive: true, force: true });
  });

  test(`${EDITORS} editors and ${COMMENTERS} readers for ${WRITING_MS / 1000} s: no answer 5xx, every acknowledged write stored`, async () => {
    assert.ok(server);
    const workload = new WriteWorkload(origin, site, { tag: "cw", commenters: COMMENTERS, uploads: false });
    await workload.signIn();
    workload.start();
    await sleep(WRITING_MS);
    await workload.stop();
    const { ledger, tally } = workload;
    console.log(
      `concurrent writes: ${workload.acknowledged()} acknowledged (${ledger.created.length} creates, ${ledger.saved.length} saves, ${ledger.published.length} publishes, ${ledger.comments.length} comments); answers ${JSON.stringify(Object.fromEntries(tally.statuses))}`,
    );
    assert.deepEqual(tally.serverErrors, [], `answers 5xx; the server said:\n${server.output()}`);
    assert.deepEqual(tally.unexpected, [], "every write was valid, so every one should have succeeded");
    assert.deepEqual(
      tally.unanswered,
      [],
      `requests without an answer; the server said:\n${server.output()}`,
    );
    for (const kind of ["created", "saved", "published", "comments"] as const) {
      assert.ok(ledger[kind].length > 0, `no ${kind} write was acknowledged`);
    }

    await stopServer(server);
    server = undefined;
    const handle = await database.open();
    try {
      assert.deepEqual(await findLostWrites(handle.db, ledger, join(dataDir, "media")), []);
      assert.deepEqual(await findHalfMadeStories(handle.db), []);
      assert.equal(await sqliteIntegrity(handle.db), "ok");
    } finally {
      await handle.close();
    }
  });
});
