// Spike benchmark: one article suddenly asked 20 times as often as the whole site normally is, while
// an editor updates it every 2 s.
//
//   npm run bench:spike                       100,000 stories; 10 s before, 30 s of spike, 10 s after
//   npm run bench:spike -- --quick            2,000 stories, 3 s phases, a lower rate (CI's smoke run)
//   npm run bench:spike -- --stories 20000 --rate 200 --workers 2 --database postgres
//
// Uses the speed benchmark's synthetic corpus (bench-results/bench-<N>.db, seeded once), copied so
// that the editor's updates stay out of it, and starts a real `tribune serve --workers <cores>` with
// the page cache on and METRICS_PORT set. An open-loop generator in a process of its own
// (bench/spike/open-loop.ts) loads the site at the normal rate R over a mix of pages (front pages,
// a tag archive, thousands of distinct articles, the article), then adds the article alone at 20 × R
// for the spike, then goes back to normal. Meanwhile an editor (`tribune user add`, `tribune token
// add`) saves the article through the admin API every 2 s, and a watcher polls it on every worker
// until the new text shows. Prints the latencies and errors per phase, the database statements per
// second (tribune_db_queries_total scraped at each phase's edges), the time each update took to
// reach readers, and nginx serving the article's very bytes from disk at the spike's rate. Writes
// bench-results/spike.json and spike.md (spike-postgres.* with --database postgres). Figures only, no verdict.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { loadConfig } from "../src/config.ts";
import type { DatabaseHandle } from "../src/db/database.ts";
import { wholeOption } from "./options.ts";
import { benchPostgresUrl, postgresUnavailable } from "./postgres-server.ts";
import { chooseScenarios, openCorpus, postgresCorpusUrl } from "./speed/corpus.ts";
import { connectionsToWorkers, httpGet, waitFor200 } from "./speed/http.ts";
import { copyToDocroot, startNginx } from "./speed/nginx.ts";
import { findExecutable, freePort, startTracked, stopAll, stopProcess } from "./speed/processes.ts";
import { editDuringSpike, makeEditorToken, type UpdateFigures } from "./spike/editor.ts";
import { runLoad } from "./spike/load.ts";
import type { LoadPlan, PhasePlan, StreamFigures } from "./spike/load-plan.ts";
import { copyPostgresDatabase } from "./spike/postgres-copy.ts";
import { type PhaseServerFigures, type SpikeReport, toMarkdown } from "./spike/report.ts";
import { between, type CounterReading, readCounters } from "./spike/scrape.ts";

const RESULTS_DIR = "bench-results";
const BIN = resolve("bin/tribune.js");
const SPIKE_FACTOR = 20;
const UPDATE_EVERY_MS = 2_000;
/** What readers' browsers send: the page cache keeps each coding; the watcher decodes them. */
const READER_HEADERS = { "accept-encoding": "gzip, br" };
const ARTICLE = "the article";
const REST = "rest of the site";

interface Options {
  quick: boolean;
  stories: number;
  workers: number;
  /** The site's normal rate R, requests/s; the article gets 20 × R during the spike. */
  rate: number;
  phaseSeconds: number;
  spikeSeconds: number;
  database: "sqlite" | "postgres";
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" },
      stories: { type: "string" },
      workers: { type: "string" },
      rate: { type: "string" },
      seconds: { type: "string" },
      "spike-seconds": { type: "string" },
      database: { type: "string" },
    },
    strict: false,
  });
  const quick = values.quick === true;
  const database = values.database ?? "sqlite";
  if (database !== "sqlite" && database !== "postgres") {
    throw new Error(`--database takes sqlite or postgres, not ${database}`);
  }
  return {
    quick,
    stories: wholeOption("stories", values.stories, quick ? 2_000 : 100_000),
    workers: wholeOption("workers", values.workers, availableParallelism()),
    rate: wholeOption("rate", values.rate, quick ? 50 : 100),
    phaseSeconds: wholeOption("seconds", values.seconds, quick ? 3 : 10),
    spikeSeconds: wholeOption("spike-seconds", values["spike-seconds"], quick ? 3 : 30),
    database,
  };
}

/** Runs the spike benchmark; resolves undefined when it cannot run here (outside CI). */
export async function runSpikeBench(argv: string[]): Promise<SpikeReport | undefined> {
  const options = parseOptions(argv);
  if (options.database === "postgres") {
    const reason = await postgresUnavailable(benchPostgresUrl());
    if (reason) {
      if (/^(true|1)$/i.test(process.env.CI ?? "")) throw new Error(`spike benchmark: ${reason}`);
      process.stderr.write(`spike benchmark: ${reason}\nSKIPPED: spike benchmark on PostgreSQL\n`);
      return undefined;
    }
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), "tribune-spike-"));
  try {
    return await run(options, workDir);
  } finally {
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
}

interface Site {
  databaseUrl: string;
  articleId: number;
  articlePath: string;
  restPaths: string[];
  dropCopy: () => Promise<void>;
}

async function run(options: Options, workDir: string): Promise<SpikeReport> {
  const loadBefore = loadavg()[0] ?? 0;
  const [port, metricsPort] = [await freePort(), await freePort()];
  const env: Record<string, string> = {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    DATA_DIR: join(workDir, "data"),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
    VARNISH_URLS: "",
  };
  const site = await prepareSite(options, env, workDir);
  env.DATABASE_URL = site.databaseUrl;
  const notes: string[] = [];
  try {
    step(`tribune serve --workers ${options.workers} on 127.0.0.1:${port} (${options.database})`);
    const tribune = startTracked(process.execPath, [BIN, "serve", "--workers", String(options.workers)], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    await waitFor200(port, "/healthz", 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${tribune.output()}`);
    });
    const token = await makeEditorToken(env);
    const watched = await connectionsToWorkers(port, options.workers);
    for (const path of [site.articlePath, site.restPaths[0] ?? "/"]) {
      const answer = await httpGet(port, path, { headers: READER_HEADERS });
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
    }

    const spikeRate = SPIKE_FACTOR * options.rate;
    const articleShare = options.rate / 10;
    const phases: PhasePlan[] = [
      { name: "warm-up", seconds: options.quick ? 1 : 2 },
      { name: "before", seconds: options.phaseSeconds },
      { name: "during", seconds: options.spikeSeconds },
      { name: "after", seconds: options.phaseSeconds },
    ];
    const plan: LoadPlan = {
      port,
      headers: READER_HEADERS,
      timeoutMs: 5_000,
      phases,
      streams: [
        {
          name: ARTICLE,
          rates: { "warm-up": articleShare, before: articleShare, during: spikeRate, after: articleShare },
          paths: [site.articlePath],
          connections: 256,
        },
        {
          name: REST,
          rates: Object.fromEntries(phases.map((p) => [p.name, options.rate - articleShare])),
          paths: site.restPaths,
          connections: 64,
        },
      ],
    };
    step(
      `load: ${options.rate} requests/s, then ${spikeRate} more on ${site.articlePath} for ${options.spikeSeconds} s`,
    );
    const readings: { phase: string; reading: CounterReading }[] = [];
    let editing: Promise<UpdateFigures[]> = Promise.resolve([]);
    const startEditing = () => {
      editing = editDuringSpike(
        {
          port,
          token,
          articleId: site.articleId,
          articlePath: site.articlePath,
          workers: watched,
          readerHeaders: READER_HEADERS,
          everyMs: UPDATE_EVERY_MS,
        },
        performance.now() + options.spikeSeconds * 1000,
      );
      // Awaited below, once the load is over; a failure must not end the process before.
      editing.catch(() => {});
    };
    const load = await runLoad(plan, workDir, async (phase) => {
      // The editor first: a scrape of busy workers may take a while.
      if (phase === "during") startEditing();
      readings.push({ phase, reading: await readCounters(metricsPort) });
    });
    const updates = await editing;
    const server = serverFigures(readings);

    let nginx: StreamFigures | null = null;
    const nginxExecutable = findExecutable("nginx");
    if (nginxExecutable) {
      nginx = await loadNginx(nginxExecutable, port, site.articlePath, spikeRate, options, workDir);
    } else {
      notes.push("nginx not measured: not installed (apt-get install nginx-light)");
    }
    if (tribune.child.exitCode !== null)
      notes.push(`Tribune exited during the benchmark:\n${tribune.output()}`);
    await stopProcess(tribune.child);

    const report: SpikeReport = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
      quick: options.quick,
      database: options.database,
      stories: options.stories,
      workers: options.workers,
      article: site.articlePath,
      normalRate: options.rate,
      spikeRate,
      load: load.filter((figures) => figures.phase !== "warm-up"),
      server,
      updates,
      nginx,
      notes,
    };
    // One pair of files per database, so that `npm run bench` keeps both runs.
    const name = options.database === "postgres" ? "spike-postgres" : "spike";
    writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(RESULTS_DIR, `${name}.md`), toMarkdown(report));
    process.stdout.write(
      `\n${toMarkdown(report)}\nWritten: ${RESULTS_DIR}/${name}.json, ${RESULTS_DIR}/${name}.md\n`,
    );
    return report;
  } finally {
    await stopAll();
    await site.dropCopy();
  }
}

/**
 * The corpus (seeded once, shared with the speed benchmark) copied for this run: the article's
 * updates must not leak into the corpus that other runs measure. The article is the newest English
 * one (the speed benchmark's hot article); the rest of the site is the three front pages, the
 * biggest tag's archive and distinct articles, most of them never asked before (misses).
 */
async function prepareSite(options: Options, env: Record<string, string>, workDir: string): Promise<Site> {
  const config = loadConfig({ ...env, DATABASE_URL: "sqlite::memory:" });
  const corpusUrl =
    options.database === "postgres"
      ? postgresCorpusUrl(benchPostgresUrl(), options.stories)
      : `sqlite:${resolve(RESULTS_DIR, `bench-${options.stories}.db`)}`;
  const corpus = await openCorpus(corpusUrl, options.stories, config);
  let articleId: number;
  let scenarios: Awaited<ReturnType<typeof chooseScenarios>>;
  try {
    scenarios = await chooseScenarios(corpus, config, 5_000, 1);
    articleId = await articleIdOf(corpus, scenarios.hotArticle);
    if (options.database === "sqlite") await sql`pragma wal_checkpoint(truncate)`.execute(corpus.db);
  } finally {
    await corpus.close();
  }
  // Two distinct articles (most never asked before: misses) for each front page or archive page.
  const listings = [...["en", "pt", "es"].map((code) => `/${code}/`), scenarios.archiveFirst];
  const restPaths: string[] = [];
  for (const [i, path] of scenarios.articleSets[0].entries()) {
    restPaths.push(path);
    if (i % 2 === 1) restPaths.push(listings[((i - 1) / 2) % listings.length] as string);
  }
  if (options.database === "postgres") {
    const copy = await copyPostgresDatabase(corpusUrl, "tribune_spike");
    return {
      databaseUrl: copy.url,
      articleId,
      articlePath: scenarios.hotArticle,
      restPaths,
      dropCopy: copy.drop,
    };
  }
  const file = join(workDir, "spike.db");
  copyFileSync(corpusUrl.slice("sqlite:".length), file);
  return {
    databaseUrl: `sqlite:${file}`,
    articleId,
    articlePath: scenarios.hotArticle,
    restPaths,
    dropCopy: async () => {},
  };
}

async function articleIdOf(corpus: DatabaseHandle, path: string): Promise<number> {
  const match = /^\/([a-z]{2})\/\d{4}\/\d{2}\/\d{2}\/([^/?]+)$/.exec(path);
  if (!match) throw new Error(`not an article page's path: ${path}`);
  const row = await corpus.db
    .selectFrom("articles")
    .select("id")
    .where("edition", "=", match[1] as string)
    .where("slug", "=", match[2] as string)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Each phase from the counters read as it started and as the next did. */
function serverFigures(readings: { phase: string; reading: CounterReading }[]): PhaseServerFigures[] {
  const figures: PhaseServerFigures[] = [];
  for (let i = 0; i + 1 < readings.length; i++) {
    const from = readings[i];
    const to = readings[i + 1];
    if (!from || !to || from.phase === "warm-up") continue;
    figures.push({
      phase: from.phase,
      seconds: (to.reading.at - from.reading.at) / 1000,
      ...between(from.reading, to.reading),
    });
  }
  return figures;
}

/** The article's bytes as Tribune last served them, from disk by nginx, at the spike's rate. */
async function loadNginx(
  nginx: string,
  tribunePort: number,
  articlePath: string,
  rate: number,
  options: Options,
  workDir: string,
): Promise<StreamFigures> {
  const docroot = join(workDir, "docroot");
  mkdirSync(docroot, { recursive: true });
  writeFileSync(join(docroot, "healthz.txt"), "ok\n");
  await copyToDocroot(tribunePort, articlePath, docroot);
  const port = await freePort();
  const server = await startNginx(nginx, docroot, workDir, port);
  step(`reference: nginx, the article at ${rate} requests/s for ${options.phaseSeconds} s`);
  try {
    const figures = await runLoad(
      {
        port,
        headers: READER_HEADERS,
        timeoutMs: 5_000,
        phases: [
          { name: "warm-up", seconds: 1 },
          { name: "nginx", seconds: options.phaseSeconds },
        ],
        streams: [
          { name: ARTICLE, rates: { "warm-up": rate, nginx: rate }, paths: [articlePath], connections: 256 },
        ],
      },
      workDir,
      () => {},
    );
    const measured = figures.find((f) => f.phase === "nginx");
    if (!measured) throw new Error("the load generator reported nothing for nginx");
    return measured;
  } finally {
    await stopProcess(server.process.child);
  }
}

function step(text: string): void {
  process.stderr.write(`spike: ${text}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runSpikeBench(process.argv.slice(2));
}
