import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import {
  freePort,
  runTribune as run,
  startTribune as start,
  stopTribune as stop,
} from "../../test/support/cli.ts";
import { postgresTestUrl } from "../../test/support/databases.ts";

describe("the tribune command", () => {
  let dataDir = "";
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tribune-cli-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test("stops at start with one clear line for a bad variable", async () => {
    const result = await run(["serve"], { DATA_DIR: dataDir, PORT: "eighty" });
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'tribune: PORT: "eighty" is not a whole number from 0 to 65535');
  });

  test("answers an unknown command or flag with usage", async () => {
    const unknown = await run(["publish-everything"], { DATA_DIR: dataDir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "publish-everything"[\s\S]*Usage: tribune/);
    const badFlag = await run(["seed", "--everything"], { DATA_DIR: dataDir });
    assert.equal(badFlag.code, 1);
    assert.match(badFlag.stderr, /Unknown option '--everything'/);
    const badCount = await run(["seed", "--synthetic", "many"], { DATA_DIR: dataDir });
    assert.equal(badCount.code, 2);
    assert.match(badCount.stderr, /--synthetic takes a whole number from 1 to 5000000, not "many"/);
  });

  test("migrates, and says so only once", async () => {
    const env = { DATA_DIR: join(dataDir, "migrate") };
    assert.match((await run(["migrate"], env)).stdout, /Applied 0001-content-model/);
    assert.match((await run(["migrate"], env)).stdout, /is up to date/);
  });

  test("loads the demo once: a second run changes nothing", async () => {
    const env = { DATA_DIR: join(dataDir, "demo") };
    const first = await run(["seed", "--demo"], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /Loaded the demo stories: sadr-national-dialogue, krg-postage-stamp, iraq-withdrawal-deal/,
    );
    const second = await run(["seed", "--demo"], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /already loaded; nothing changed/);
  });

  test("serve never adds content, and demo serves the seed story", async () => {
    const env = { DATA_DIR: join(dataDir, "serve"), PORT: String(await freePort()), LOG_LEVEL: "warn" };
    const bare = await start(["serve"], env);
    try {
      const front = await fetch(`http://127.0.0.1:${env.PORT}/en/`);
      assert.equal(front.status, 200);
      assert.match(await front.text(), /No stories have been published yet/);
    } finally {
      await stop(bare.child);
    }
    const demo = await start(["demo"], env);
    try {
      assert.match(demo.output, /Loaded the demo content \(3 stories\)/);
      const front = await (await fetch(`http://127.0.0.1:${env.PORT}/pt/`)).text();
      assert.match(front, /Grupos apoiados pelo Irã/);
    } finally {
      await stop(demo.child);
    }
  });

  test("adds a deterministic synthetic corpus, resumable", async () => {
    const env = { DATA_DIR: join(dataDir, "synthetic") };
    const first = await run(["seed", "--synthetic", "30", "--seed", "7"], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Synthetic corpus \(seed 7\): 30 stories/);
    assert.match(first.stderr, /30\/30 stories \(100%\)/);
  });

  const pgUrl = postgresTestUrl();
  test("runs the demo on PostgreSQL from DATABASE_URL", {
    skip: !pgUrl && "no PostgreSQL (TEST_DATABASE_URL)",
  }, async () => {
    const name = `tribune_cli_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const url = new URL(pgUrl ?? "");
      url.pathname = `/${name}`;
      const env = { DATA_DIR: join(dataDir, "pg"), DATABASE_URL: url.href, PORT: String(await freePort()) };
      const demo = await start(["demo"], env);
      try {
        assert.match(demo.output, /serving postgres:\/\//);
        const page = await (await fetch(`http://127.0.0.1:${env.PORT}/es/`)).text();
        assert.match(page, /Los grupos respaldados por Irán/);
      } finally {
        await stop(demo.child);
      }
    } finally {
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    }
  });
});
