import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, get } from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ArticleService } from "../articles/article-service.ts";
import { ContentOutbox, relayLocalChanges } from "../cache/cluster-relay.ts";
import { loadConfig } from "../config.ts";
import { type DatabaseHandle, openDatabase } from "../db/database.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { ContentEvents } from "../shared/content-events.ts";
import { parseWorkerCount, restartDelay, workerV8Flags } from "./cluster.ts";

const BIN = new URL("../../bin/tribune.js", import.meta.url).pathname;

describe("--workers", () => {
  test("defaults to one worker per core", () => {
    assert.equal(parseWorkerCount(undefined), availableParallelism());
    assert.equal(parseWorkerCount("1"), 1);
    assert.equal(parseWorkerCount("16"), 16);
  });

  test("refuses what is not a worker count, saying what it takes", () => {
    for (const bad of ["0", "-1", "two", "1.5", "257", ""]) {
      assert.throws(() => parseWorkerCount(bad), /--workers: takes a whole number from 1 to 256/);
    }
  });

  test("waits longer after each failed start, up to 30 s", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 10, 100].map(restartDelay), [0, 500, 1000, 2000, 4000, 30000, 30000]);
  });

  test("workers get a small young generation unless the operator chose its size", () => {
    assert.deepEqual(workerV8Flags([], ""), ["--max-semi-space-size=4"]);
    assert.deepEqual(workerV8Flags(["--max-semi-space-size=16"], ""), []);
    assert.deepEqual(workerV8Flags([], "--enable-source-maps --max-semi-space-size=8"), []);
  });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET on 127.0.0.1 through `agent`: one kept-alive socket is one worker for as long as it lives. */
function fetchVia(agent: Agent | false, port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = get({ host: "127.0.0.1", port, path, agent }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.setTimeout(5_000, () => request.destroy(new Error(`GET ${path} timed out`)));
    request.on("error", reject);
  });
}

/** Opens connections until `count` different workers answered; returns a connection to each. */
async function connectionsToWorkers(port: number, count: number, exclude: number[] = []) {
  const byPid = new Map<number, Agent>();
  const deadline = Date.now() + 20_000;
  while (byPid.size < count && Date.now() < deadline) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answer = await fetchVia(agent, port, "/healthz").catch(() => undefined);
    const pid = Number(answer?.headers["x-worker"]);
    if (answer?.status === 200 && pid && !byPid.has(pid) && !exclude.includes(pid)) byPid.set(pid, agent);
    else agent.destroy();
  }
  return byPid;
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("tribune demo --workers 2", () => {
  let dataDir: string;
  let port: number;
  let primary: ChildProcess;
  let output = "";
  let database: DatabaseHandle;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tribune-cluster-"));
    port = await freePort();
    primary = spawn(process.execPath, [BIN, "demo", "--workers", "2"], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" },
    });
    primary.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    primary.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 60_000;
    while (!output.includes("Tribune is serving")) {
      if (primary.exitCode !== null || Date.now() > deadline) assert.fail(`did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    database = await openDatabase(`sqlite:${join(dataDir, "tribune.db")}`);
  });

  after(async () => {
    await database?.close();
    if (primary.exitCode === null) {
      primary.kill("SIGKILL");
      await waitForExit(primary, 5_000).catch(() => undefined);
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  test("says it serves with two workers, seeding the demo once", () => {
    assert.match(output, /with 2 workers/);
    assert.equal(output.match(/Loaded the demo content/g)?.length, 1);
  });

  test("both workers answer on the one port; a killed worker is replaced within seconds", async () => {
    const workers = await connectionsToWorkers(port, 2);
    assert.equal(workers.size, 2, `two different workers answered:\n${output}`);
    const [victim, survivor] = [...workers.keys()];
    assert.ok(victim && survivor);
    for (const agent of workers.values()) agent.destroy();

    process.kill(victim, "SIGKILL");
    const started = Date.now();
    const replacement = await connectionsToWorkers(port, 1, [victim, survivor]);
    assert.equal(replacement.size, 1, `a new worker answered:\n${output}`);
    // A second or two on a quiet machine; the bound leaves room for a busy one.
    assert.ok(Date.now() - started < 20_000, `replaced after ${Date.now() - started} ms`);
    for (const agent of replacement.values()) agent.destroy();
    assert.ok(isAlive(survivor), "the other worker went on serving");
  });

  test("a change made by another process shows on every worker within a second", async () => {
    const article = await database.db
      .selectFrom("articles")
      .select(["id", "storyId", "edition", "slug", "publishedAt"])
      .where("edition", "=", "en")
      .where("status", "=", "published")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const config = loadConfig({ DATA_DIR: dataDir, PORT: String(port) });
    const edition = config.editions.find((e) => e.code === "en");
    assert.ok(edition && article.publishedAt);
    const urls = new SiteUrls(config.publicUrl);
    const path = urls.href(edition, urls.articlePath(edition, article.publishedAt, article.slug), edition);
    const workers = await connectionsToWorkers(port, 2);
    assert.equal(workers.size, 2);
    try {
      // Each worker renders (and keeps, when it caches pages) the article as it is now.
      for (const agent of workers.values()) {
        for (let i = 0; i < 2; i++) assert.equal((await fetchVia(agent, port, path)).status, 200);
      }

      // As a command or another instance would: the services, which announce the change on their
      // ContentEvents, which this process relays through the outbox.
      const title = `Retitled while two workers serve it ${Date.now()}`;
      const events = new ContentEvents();
      relayLocalChanges({
        events,
        outbox: new ContentOutbox(database.db, "cluster-test"),
        onError: (error) => assert.fail(String(error)),
      });
      const changed = Date.now();
      await new ArticleService(database.db, events).updateArticle(article.id, { title });

      const visibleAfter: number[] = [];
      for (const agent of workers.values()) {
        while (!(await fetchVia(agent, port, path)).body.includes(title)) {
          assert.ok(Date.now() - changed < 5_000, `the new title did not show within 5 s:\n${output}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        visibleAfter.push(Date.now() - changed);
      }
      assert.ok(Math.max(...visibleAfter) < 1_000, `visible after ${visibleAfter.join(", ")} ms`);
    } finally {
      for (const agent of workers.values()) agent.destroy();
    }
  });

  test("a scheduled publication is announced once, by one worker, when its time comes", async () => {
    const article = await database.db
      .selectFrom("articles")
      .select(["id"])
      .where("edition", "=", "en")
      .where("status", "=", "published")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    // As the newsroom would: the schedule change reaches the workers, whose watcher rearms.
    const events = new ContentEvents();
    relayLocalChanges({
      events,
      outbox: new ContentOutbox(database.db, "cluster-test"),
      onError: (error) => assert.fail(String(error)),
    });
    const articles = new ArticleService(database.db, events);
    const at = new Date(Date.now() + 1_500);
    await articles.unpublishArticle(article.id);
    await articles.publishArticle(article.id, { at });

    const announcements = async () =>
      (await database.db.selectFrom("contentChanges").select("change").execute()).filter(
        (row) => row.change.includes('"schedule.due"') && row.change.includes(`[${article.id}]`),
      ).length;
    const deadline = Date.now() + 10_000;
    while ((await announcements()) === 0) {
      assert.ok(Date.now() < deadline, `no worker announced the publication:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Time for a second worker to announce it too, had it been watching.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(await announcements(), 1);
  });

  test("SIGTERM stops the primary and every worker", async () => {
    const workers = await connectionsToWorkers(port, 2);
    const pids = [...workers.keys()];
    for (const agent of workers.values()) agent.destroy();
    primary.kill("SIGTERM");
    assert.equal(await waitForExit(primary, 15_000), 0);
    assert.deepEqual(
      pids.filter((pid) => isAlive(pid)),
      [],
    );
  });
});

describe("tribune serve --workers", () => {
  test("a bad count stops the start with one clear line", async () => {
    const child = spawn(process.execPath, [BIN, "serve", "--workers", "none"], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: join(tmpdir(), "tribune-cluster-unused") },
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    assert.equal(await waitForExit(child, 20_000), 1);
    assert.match(stderr, /tribune: --workers: takes a whole number from 1 to 256/);
  });

  test("workers that cannot start are retried a few times, with a delay, then the primary gives up", async () => {
    const { createServer } = await import("node:net");
    const taken = createServer();
    const port = await new Promise<number>((resolve) => {
      taken.listen(0, "127.0.0.1", () => {
        const address = taken.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      });
    });
    const dataDir = await mkdtemp(join(tmpdir(), "tribune-cluster-taken-"));
    try {
      const child = spawn(process.execPath, [BIN, "serve", "--workers", "2"], {
        env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" },
      });
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      assert.equal(await waitForExit(child, 60_000), 1);
      assert.match(stderr, /EADDRINUSE/);
      assert.match(stderr, /starting another in 0\.5 s/);
      assert.match(stderr, /workers keep failing to start \(3 in a row/);
    } finally {
      taken.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
