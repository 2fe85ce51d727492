// Comment benchmark: readers posting to one hot article while others read it.
//
//   npm run bench -- --quick                3 s of load per database (a smoke run)
//   node --import tsx bench/comment-bench.ts --seconds 20 --writers 8 --readers 32
//
// Builds Tribune with the demo content on a fresh SQLite file and a fresh PostgreSQL schema (when a
// server answers at TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test), with comments
// open (every post is published at once and purges the thread's cache key: the worst case), and
// serves it on 127.0.0.1. Then, over keep-alive HTTP:
//   1. readers alone fetch the article page (the baseline);
//   2. writers post comments to that article as fast as they are answered (each from its own
//      address and e-mail, so no rate limit interferes) while readers fetch the article page and,
//      one request in four, the thread page.
// Reports posts per second and the read latencies (p50/p95/p99) of both phases. The load generator
// runs in the same process as the server, so absolute figures are lower than a separate client
// would measure; the comparison between the phases is what matters. Writes bench-results/comments.json and .md.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { type DatabaseHandle, openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { syncEditions } from "../src/editions/edition-service.ts";
import { openMediaStore } from "../src/media/open-media-store.ts";
import { seedDemo } from "../src/seed/demo-seed.ts";

const RESULTS_DIR = "bench-results";

interface Latency {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

interface EngineReport {
  engine: "sqlite" | "postgres";
  seconds: number;
  writers: number;
  readers: number;
  postsPerSecond: number;
  posted: number;
  refused: number;
  articleBaseline: Latency;
  articleUnderLoad: Latency;
  threadUnderLoad: Latency;
  commentsStored: number;
  /** The in-process page cache during the loaded phase: hits, misses (renders) and purged entries. */
  pageCache: { hits: number; misses: number; purged: number } | null;
}

export async function runCommentBench(argv: string[]): Promise<EngineReport[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" },
      seconds: { type: "string" },
      writers: { type: "string" },
      readers: { type: "string" },
      engines: { type: "string" },
    },
    strict: false,
  });
  const seconds = Number(values.seconds ?? (values.quick ? 3 : 10));
  const writers = Number(values.writers ?? 4);
  const readers = Number(values.readers ?? 16);
  const engines = String(values.engines ?? "sqlite,postgres").split(",");
  const reports: EngineReport[] = [];
  mkdirSync(RESULTS_DIR, { recursive: true });

  if (engines.includes("sqlite")) {
    const dir = mkdtempSync(join(tmpdir(), "tribune-comment-bench-"));
    const handle = await openDatabase(`sqlite:${join(dir, "bench.db")}`);
    try {
      reports.push(await benchEngine("sqlite", handle, dir, { seconds, writers, readers }));
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (engines.includes("postgres")) {
    const url = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
    const schema = "bench_comments";
    const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    try {
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
      const dir = mkdtempSync(join(tmpdir(), "tribune-comment-bench-"));
      const handle = await openDatabase(url, { schema, poolSize: 10 });
      try {
        reports.push(await benchEngine("postgres", handle, dir, { seconds, writers, readers }));
      } finally {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      }
    } catch (error) {
      console.log(`PostgreSQL skipped: ${(error as Error).message}`);
      await admin.end().catch(() => {});
    }
  }

  writeFileSync(
    join(RESULTS_DIR, "comments.json"),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, reports }, null, 2)}\n`,
  );
  writeFileSync(join(RESULTS_DIR, "comments.md"), toMarkdown(reports));
  console.log(toMarkdown(reports));
  return reports;
}

async function benchEngine(
  engine: "sqlite" | "postgres",
  database: DatabaseHandle,
  dataDir: string,
  load: { seconds: number; writers: number; readers: number },
): Promise<EngineReport> {
  await migrateToLatest(database);
  const config = loadConfig({
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    COMMENT_POLICY: "open",
  });
  await syncEditions(database.db, config.editions);
  await seedDemo(database.db, {
    mediaStore: openMediaStore(config),
    editions: config.editions.map((e) => e.code),
  });
  const app = await buildApp({ config, database });
  const origin = await app.listen({ host: "127.0.0.1", port: 0 });
  const agent = new Agent({ keepAlive: true, maxSockets: load.writers + load.readers + 4 });
  try {
    const front = await http(agent, origin, "GET", "/en/");
    const articlePath = /href="(\/en\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+)"/.exec(front.body)?.[1];
    if (!articlePath) throw new Error("no article on the front page");
    const threadPath = `${articlePath}/comments`;
    for (let i = 0; i < 20; i++) await http(agent, origin, "GET", articlePath); // warm up

    const baselineTimes: number[] = [];
    const baselineSeconds = Math.max(1, load.seconds / 3);
    await during(baselineSeconds, load.readers, async () => {
      baselineTimes.push(await timed(() => http(agent, origin, "GET", articlePath)));
    });

    const articleTimes: number[] = [];
    const threadTimes: number[] = [];
    let posted = 0;
    let refused = 0;
    let sequence = 0;
    const writing = during(load.seconds, load.writers, async () => {
      const n = ++sequence;
      const body = new URLSearchParams({
        name: `Reader ${n}`,
        email: `bench${n}@example.org`,
        website: "",
        parent: "",
        text: `Comment number ${n} on the hot story, with a thought or two of its own (${n * 7919}).`,
      }).toString();
      const answer = await http(agent, origin, "POST", threadPath, body, {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      });
      if (answer.status === 303) posted++;
      else refused++;
    });
    const statsBefore = app.pageCache ? { ...app.pageCache.stats } : null;
    let turn = 0;
    const reading = during(load.seconds, load.readers, async () => {
      const thread = ++turn % 4 === 0;
      const time = await timed(() => http(agent, origin, "GET", thread ? threadPath : articlePath));
      (thread ? threadTimes : articleTimes).push(time);
    });
    await Promise.all([writing, reading]);
    const stored = await database.db
      .selectFrom("comments")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return {
      engine,
      seconds: load.seconds,
      writers: load.writers,
      readers: load.readers,
      postsPerSecond: round(posted / load.seconds),
      posted,
      refused,
      articleBaseline: summarize(baselineTimes, baselineSeconds),
      articleUnderLoad: summarize(articleTimes, load.seconds),
      threadUnderLoad: summarize(threadTimes, load.seconds),
      commentsStored: Number(stored.n),
      pageCache:
        app.pageCache && statsBefore
          ? {
              hits: app.pageCache.stats.hits - statsBefore.hits,
              misses: app.pageCache.stats.misses - statsBefore.misses,
              purged: app.pageCache.stats.purged - statsBefore.purged,
            }
          : null,
    };
  } finally {
    agent.destroy();
    await app.close();
  }
}

/** Runs `work` in `concurrency` loops until `seconds` have passed. */
async function during(seconds: number, concurrency: number, work: () => Promise<void>): Promise<void> {
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await work();
    }),
  );
}

async function timed(fn: () => Promise<{ status: number }>): Promise<number> {
  const start = performance.now();
  const answer = await fn();
  if (answer.status !== 200) throw new Error(`a read answered ${answer.status}`);
  return performance.now() - start;
}

function http(
  agent: Agent,
  origin: string,
  method: "GET" | "POST",
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}${path}`,
      { method, agent, headers: { "accept-encoding": "identity", ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function summarize(times: number[], seconds: number): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    count: sorted.length,
    perSecond: round(sorted.length / seconds),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function toMarkdown(reports: EngineReport[]): string {
  const lines = [
    "# Comment benchmark",
    "",
    "Writers post comments to one article (published at once, each purging the thread's cache key) while readers fetch the article page, and one request in four the thread page. Latencies in ms.",
    "",
    "| database | writers / readers | posts/s | refused | article p50 / p95 / p99 alone | article p50 / p95 / p99 under load | article reads/s under load | thread p50 / p95 / p99 under load | page cache hits / misses / purged under load |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of reports) {
    const l = (x: Latency) => `${x.p50} / ${x.p95} / ${x.p99}`;
    lines.push(
      `| ${r.engine} | ${r.writers} / ${r.readers} | ${r.postsPerSecond} | ${r.refused} | ${l(r.articleBaseline)} | ${l(r.articleUnderLoad)} | ${r.articleUnderLoad.perSecond} | ${l(r.threadUnderLoad)} | ${r.pageCache ? `${r.pageCache.hits} / ${r.pageCache.misses} / ${r.pageCache.purged}` : "off"} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runCommentBench(process.argv.slice(2));
}
