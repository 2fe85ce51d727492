// Speed benchmark: Tribune against nginx serving the very same bytes from disk, on this machine.
//
//   npm run bench                         100,000 stories, 10 s per run (about 15 minutes, plus the
//                                         first seeding, which the next runs reuse)
//   npm run bench -- --quick              2,000 stories, 2 s per run: a smoke test (CI), no verdict
//   npm run bench -- --stories 20000 --seconds 5 --workers 2
//
// Needs nginx and wrk (apt-get install nginx-light wrk); Varnish (varnish varnish-modules) for the
// publish-through-Varnish figure. Seeds bench-results/bench-<N>.db once, starts `tribune serve --workers <cores>`
// and nginx on 127.0.0.1, loads each scenario on both in turn with wrk, measures uncached renders,
// publish-to-visible, memory and cold start, and writes bench-results/speed.json and speed.md.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildApp } from "../src/app.ts";
import { ArticleService } from "../src/articles/article-service.ts";
import { ContentOutbox, relayLocalChanges } from "../src/cache/cluster-relay.ts";
import { VarnishPurger } from "../src/cache/varnish-purger.ts";
import { type Config, loadConfig } from "../src/config.ts";
import type { DatabaseHandle } from "../src/db/database.ts";
import { Editions } from "../src/editions/edition-service.ts";
import { SiteUrls } from "../src/editions/site-urls.ts";
import { ContentEvents } from "../src/shared/content-events.ts";
import { wholeOption } from "./options.ts";
import { benchPostgresUrl, postgresUnavailable } from "./postgres-server.ts";
import {
  ARCHIVE_PAGE_SIZE,
  apiArticlePath,
  archivePageUrl,
  chooseScenarios,
  openCorpus,
  postgresCorpusUrl,
  type Scenarios,
} from "./speed/corpus.ts";
import { connectionsToWorkers, httpGet, waitFor200 } from "./speed/http.ts";
import { type MissFigures, measureMisses, openLoggedDatabase, QueryLog } from "./speed/miss-render.ts";
import { copyToDocroot, nginxPath, startNginx } from "./speed/nginx.ts";
import {
  findExecutable,
  freePort,
  type Started,
  startTracked,
  stopAll,
  stopProcess,
} from "./speed/processes.ts";
import { retitle, timeUntilVisible } from "./speed/publish.ts";
import { judge, printReport, type ScenarioFigures, type SpeedReport, toMarkdown } from "./speed/report.ts";
import {
  FLOOD_CONNECTIONS,
  floodSearchPaths,
  measureSearchFloods,
  type SearchFloodFigures,
  SPIKE_CONNECTIONS,
} from "./speed/search-flood.ts";
import { startVarnish, surrogateKeysFor, varnishSkipReason } from "./speed/varnish.ts";
import { type LoadResult, runWrk } from "./speed/wrk.ts";

const RESULTS_DIR = "bench-results";
/** How long copying the distinct article pages for nginx may take (each is a render). */
const COPY_BUDGET_MS = 120_000;
/** When the bench repeats a Varnish purge (see measureThroughVarnish). */
const VARNISH_REPEAT_MS = 500;
const BIN = resolve("bin/tribune.js");
const ENCODINGS = [
  { name: "identity", headers: {} },
  { name: "gzip, br", headers: { "accept-encoding": "gzip, br" } },
] as const;

interface Options {
  quick: boolean;
  stories: number;
  seconds: number;
  connections: number;
  threads: number;
  workers: number;
  distinct: number;
  deepPage: number;
  misses: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" },
      stories: { type: "string" },
      seconds: { type: "string" },
      connections: { type: "string" },
      workers: { type: "string" },
    },
    strict: false,
  });
  const quick = values.quick === true;
  return {
    quick,
    stories: wholeOption("stories", values.stories, quick ? 2_000 : 100_000),
    seconds: wholeOption("seconds", values.seconds, quick ? 2 : 10),
    connections: wholeOption("connections", values.connections, 64),
    threads: 2,
    workers: wholeOption("workers", values.workers, availableParallelism()),
    // The quick run's distinct pages: about what 2 s of load asks for, so they stay mostly misses,
    // and copying them for nginx takes seconds rather than a minute and a half.
    distinct: quick ? 600 : 10_000,
    deepPage: 500,
    misses: quick ? 50 : 200,
  };
}

/** Runs the speed benchmark; resolves undefined when it cannot run here (outside CI). */
export async function runSpeedBench(argv: string[]): Promise<SpeedReport | undefined> {
  const options = parseOptions(argv);
  const nginx = findExecutable("nginx");
  const wrk = findExecutable("wrk");
  if (!nginx || !wrk) {
    const missing = [nginx ? null : "nginx", wrk ? null : "wrk"].filter(Boolean).join(" and ");
    const message = `speed benchmark: ${missing} not found; install Debian's packages: apt-get install -y nginx-light wrk`;
    if (/^(true|1)$/i.test(process.env.CI ?? "")) throw new Error(message);
    process.stderr.write(`${message}\nSKIPPED: speed benchmark\n`);
    return undefined;
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), "tribune-speed-"));
  try {
    return await run(options, { nginx, wrk }, workDir);
  } finally {
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function run(options: Options, tools: { nginx: string; wrk: string }, workDir: string) {
  const loadBefore = loadavg()[0] ?? 0;
  const file = resolve(RESULTS_DIR, `bench-${options.stories}.db`);
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: join(workDir, "data"),
    DATABASE_URL: `sqlite:${file}`,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
  };
  const config = loadConfig(env);
  const corpus = await openCorpus(`sqlite:${file}`, options.stories, config);
  const articles = Number(
    (
      await corpus.db
        .selectFrom("articles")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const scenarios = await chooseScenarios(corpus, config, options.distinct, options.deepPage);
  step(
    `scenarios: hot ${scenarios.hotArticle}; archive /tag/${scenarios.archive.slug} (${scenarios.archive.listed} articles, page ${scenarios.archiveDeepPage})`,
  );

  step("uncached renders, in-process (PAGE_CACHE_MB=0)");
  const { misses, archiveDepth } = await measureMissRenders(options, env, file, corpus, scenarios);

  const docroot = join(workDir, "docroot");
  mkdirSync(docroot, { recursive: true });
  writeFileSync(join(docroot, "healthz.txt"), "ok\n");

  step(`tribune serve --workers ${options.workers} on 127.0.0.1:${port}`);
  const tribune = startTracked(process.execPath, [BIN, "serve", "--workers", String(options.workers)], {
    env: { PATH: process.env.PATH ?? "", ...env, VARNISH_URLS: "" },
  });
  await waitFor200(port, "/healthz", 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${tribune.output()}`);
  });
  const workers = await connectionsToWorkers(port, options.workers);
  for (const agent of workers.values()) agent.destroy();

  const singles = [
    ["hot article", scenarios.hotArticle],
    ["front page", scenarios.front],
    ["tag archive, page 1", scenarios.archiveFirst],
    [`tag archive, page ${scenarios.archiveDeepPage}`, scenarios.archiveDeep],
    ["search", scenarios.search],
    ["API article by slug", apiArticlePath(scenarios.hotArticle)],
  ] as const;
  for (const [, url] of singles) await copyToDocroot(port, url, docroot);
  const nginxPort = await freePort();
  const server = await startNginx(tools.nginx, docroot, workDir, nginxPort);

  const figures: ScenarioFigures[] = [];
  const notes: string[] = [];
  /**
   * One scenario in one coding, on both servers. Single pages: a second of warm-up each, nginx first.
   * Distinct articles: Tribune first, cold, and only then are the pages copied for nginx (copying
   * them first would have warmed Tribune's cache).
   */
  const load = async (name: string, encodingIndex: 0 | 1, tribunePaths: string[]) => {
    const encoding = ENCODINGS[encodingIndex];
    const nginxPaths = tribunePaths.map((p) => nginxPath(p));
    const common = {
      seconds: options.seconds,
      connections: options.connections,
      threads: options.threads,
      headers: { ...encoding.headers },
      workDir,
    };
    step(`load: ${name} (${encoding.name})`);
    let onNginx: LoadResult | undefined;
    let onTribune: LoadResult;
    if (tribunePaths.length === 1) {
      await runWrk(tools.wrk, { ...common, seconds: 1, port: nginxPort, paths: nginxPaths });
      onNginx = await runWrk(tools.wrk, { ...common, port: nginxPort, paths: nginxPaths });
      await runWrk(tools.wrk, { ...common, seconds: 1, port, paths: tribunePaths });
      onTribune = await runWrk(tools.wrk, { ...common, port, paths: tribunePaths });
    } else {
      onTribune = await runWrk(tools.wrk, { ...common, port, paths: tribunePaths });
      step(`  copying ${tribunePaths.length} pages for nginx`);
      const copied = await copyAllToDocroot(port, tribunePaths, docroot, encodingIndex === 1, COPY_BUDGET_MS);
      if (copied.length < tribunePaths.length) {
        notes.push(
          `${name} (${encoding.name}): nginx loaded the ${copied.length} of ${tribunePaths.length} pages copied within ${COPY_BUDGET_MS / 1000} s`,
        );
      }
      onNginx = await runWrk(tools.wrk, { ...common, port: nginxPort, paths: copied.map(nginxPath) });
    }
    figures.push({
      name,
      encoding: encoding.name,
      urls: tribunePaths.length,
      nginx: onNginx,
      tribune: onTribune,
    });
  };
  for (const index of [0, 1] as const) await load("hot article", index, [scenarios.hotArticle]);
  for (const index of [0, 1] as const) {
    await load("distinct articles, mostly misses", index, scenarios.articleSets[index]);
  }
  for (const [name, url] of singles.slice(1)) {
    for (const index of [0, 1] as const) await load(name, index, [url]);
  }
  // The content API's article by slug, uncached: each URL asked once or so, as the pages were.
  for (const index of [0, 1] as const) {
    const paths = scenarios.articleSets[index].map(apiArticlePath);
    await load("API articles by slug, distinct, mostly misses", index, paths);
  }

  step(
    `search floods (${FLOOD_CONNECTIONS} connections) and the popular-query spike (${SPIKE_CONNECTIONS}) beside the hot article, on SQLite`,
  );
  const searchFloods: SearchFloodFigures[] = [
    await measureSearchFloods("sqlite", {
      wrk: tools.wrk,
      port,
      hotPath: scenarios.hotArticle,
      searchPaths: await floodSearchPaths(corpus),
      seconds: options.seconds,
      hotConnections: options.connections,
      workDir,
    }),
  ];

  step("memory of each worker after the load");
  const memory = {
    workers: [...(await connectionsToWorkers(port, options.workers)).entries()].map(([pid, agent]) => {
      agent.destroy();
      return { pid, rssMb: rssMb(pid) };
    }),
    primaryRssMb: tribune.child.pid ? rssMb(tribune.child.pid) : null,
  };

  step("publish to visible");
  const { notes: publishNotes, ...publish } = await measurePublish(
    config,
    env,
    corpus,
    port,
    options.workers,
    tribune,
  );

  await stopProcess(server.process.child);
  await stopProcess(tribune.child);
  step("cold start: tribune serve --workers 1");
  const coldStart = await measureColdStart(env, scenarios.hotArticle, 3);
  await corpus.close();

  const postgresFlood = await measurePostgresFloods(options, env, config, tools.wrk, workDir);
  if (typeof postgresFlood === "string") notes.push(postgresFlood);
  else searchFloods.push(postgresFlood);

  notes.push(...publishNotes);
  const partial: Omit<SpeedReport, "targets" | "notes"> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
    quick: options.quick,
    stories: options.stories,
    articles,
    workers: options.workers,
    load: {
      seconds: options.seconds,
      connections: options.connections,
      threads: options.threads,
      tool: "wrk",
    },
    scenarios: figures,
    searchFloods,
    misses,
    archiveDepth,
    publish,
    memory,
    coldStart,
  };
  const report: SpeedReport = { ...partial, targets: judge(partial), notes };
  writeFileSync(join(RESULTS_DIR, "speed.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, "speed.md"), toMarkdown(report));
  printReport(report);
  process.stdout.write(`\nWritten: ${RESULTS_DIR}/speed.json, ${RESULTS_DIR}/speed.md\n`);
  return report;
}

/**
 * The search floods again, on PostgreSQL: the same synthetic corpus in a database of its own
 * (`tribune_bench_<N>` on the benchmark's server, kept between runs), served by `tribune serve`.
 * Resolves with the reason instead when there is no server to use.
 */
async function measurePostgresFloods(
  options: Options,
  env: Record<string, string>,
  config: Config,
  wrk: string,
  workDir: string,
): Promise<SearchFloodFigures | string> {
  const server = benchPostgresUrl();
  const reason = await postgresUnavailable(server);
  if (reason) {
    if (/^(true|1)$/i.test(process.env.CI ?? "")) throw new Error(`search flood on PostgreSQL: ${reason}`);
    process.stderr.write(`speed: search flood on PostgreSQL skipped: ${reason}\n`);
    return `search flood on PostgreSQL not measured: ${reason} (set BENCH_DATABASE_URL)`;
  }
  const url = postgresCorpusUrl(server, options.stories);
  const corpus = await openCorpus(url, options.stories, config);
  let hotPath: string;
  let searchPaths: string[];
  try {
    hotPath = (await chooseScenarios(corpus, config, 1, 1)).hotArticle;
    searchPaths = await floodSearchPaths(corpus);
  } finally {
    await corpus.close();
  }
  const port = await freePort();
  step(
    `search floods (${FLOOD_CONNECTIONS} connections) and the popular-query spike (${SPIKE_CONNECTIONS}) beside the hot article, on PostgreSQL`,
  );
  const tribune = startTracked(process.execPath, [BIN, "serve", "--workers", String(options.workers)], {
    env: {
      PATH: process.env.PATH ?? "",
      ...env,
      DATABASE_URL: url,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      VARNISH_URLS: "",
    },
  });
  try {
    await waitFor200(port, "/healthz", 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${tribune.output()}`);
    });
    return await measureSearchFloods("postgres", {
      wrk,
      port,
      hotPath,
      searchPaths,
      seconds: options.seconds,
      hotConnections: options.connections,
      workDir,
    });
  } finally {
    await stopProcess(tribune.child);
  }
}

function step(text: string): void {
  process.stderr.write(`speed: ${text}\n`);
}

/**
 * Copies many pages, a few at a time so that every worker helps, for at most `budgetMs` (each is a
 * render when Tribune has not cached it); returns the URLs copied.
 */
async function copyAllToDocroot(
  port: number,
  urls: string[],
  docroot: string,
  gzip: boolean,
  budgetMs: number,
): Promise<string[]> {
  const deadline = Date.now() + budgetMs;
  const copied: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < urls.length && Date.now() < deadline) {
        const url = urls[next++];
        if (!url) continue;
        await copyToDocroot(port, url, docroot, gzip);
        copied.push(url);
        if (copied.length % 500 === 0) process.stderr.write(`\r  ${copied.length}/${urls.length}`);
      }
    }),
  );
  if (copied.length >= 500) process.stderr.write("\n");
  return copied;
}

async function measureMissRenders(
  options: Options,
  env: Record<string, string>,
  file: string,
  corpus: DatabaseHandle,
  scenarios: Scenarios,
): Promise<{ misses: Record<string, MissFigures>; archiveDepth: SpeedReport["archiveDepth"] }> {
  const log = new QueryLog();
  const database = openLoggedDatabase(file, log);
  const app = await buildApp({ config: loadConfig({ ...env, PAGE_CACHE_MB: "0" }), database });
  const n = options.misses;
  try {
    const articles = scenarios.articleSets[0].slice(0, n + 20);
    const fronts = Array.from({ length: n + 20 }, (_, i) => `/${["en", "pt", "es"][i % 3]}/`);
    const archives = await distinctArchivePages(corpus, n + 20, options.deepPage);
    const searches = ["election results", "government", "protesters police", "ceasefire", "trade agreement"];
    const searchPaths = Array.from(
      { length: Math.min(n, 50) + 20 },
      (_, i) => `/en/search?q=${encodeURIComponent(searches[i % searches.length] ?? "")}`,
    );
    const first = Array.from({ length: Math.min(n, 100) + 20 }, () => scenarios.archiveFirst);
    const deep = Array.from({ length: Math.min(n, 100) + 20 }, () => scenarios.archiveDeep);
    const misses: Record<string, MissFigures> = {
      article: await measureMisses(app, log, file, articles.slice(20), 20),
      "front page": await measureMisses(app, log, file, fronts.slice(20), 20),
      "archive page (any depth)": await measureMisses(app, log, file, archives.slice(20), 20),
      "archive page 1": await measureMisses(app, log, file, first, 20),
      [`archive page ${scenarios.archiveDeepPage}`]: await measureMisses(app, log, file, deep, 20),
      search: await measureMisses(app, log, file, searchPaths, 20),
      "API article by slug": await measureMisses(app, log, file, articles.map(apiArticlePath).slice(20), 20),
    };
    const firstP50 = misses["archive page 1"]?.p50Ms ?? Number.NaN;
    const deepP50 = misses[`archive page ${scenarios.archiveDeepPage}`]?.p50Ms ?? Number.NaN;
    return {
      misses,
      archiveDepth: { page: scenarios.archiveDeepPage, firstP50Ms: firstP50, deepP50Ms: deepP50 },
    };
  } finally {
    await app.close();
    await database.close();
  }
}

/** `count` archive pages of the English tags, at depths spread from page 1 to `deepest`. */
async function distinctArchivePages(
  corpus: DatabaseHandle,
  count: number,
  deepest: number,
): Promise<string[]> {
  const now = new Date().toISOString();
  const tags = await corpus.db
    .selectFrom("tagListings")
    .innerJoin("tagNames", (join) =>
      join.onRef("tagNames.tagId", "=", "tagListings.tagId").on("tagNames.edition", "=", "en"),
    )
    .select(["tagListings.tagId", "tagNames.slug", (eb) => eb.fn.countAll<number>().as("listed")])
    .where("tagListings.edition", "=", "en")
    .groupBy(["tagListings.tagId", "tagNames.slug"])
    .execute();
  const urls: string[] = [];
  for (let i = 0; urls.length < count && tags.length > 0; i++) {
    const tag = tags[i % tags.length];
    if (!tag) break;
    const pages = Math.max(1, Math.min(deepest, Math.ceil(Number(tag.listed) / ARCHIVE_PAGE_SIZE)));
    const page = 1 + ((i * 7919) % pages);
    const first = `/en/tag/${tag.slug}`;
    urls.push(await archivePageUrl(corpus, tag.tagId, "en", page, now, first));
  }
  return urls;
}

/** Publish-to-visible in-process, on every worker, and through Varnish when it is installed. */
async function measurePublish(
  config: Config,
  env: Record<string, string>,
  corpus: DatabaseHandle,
  port: number,
  workerCount: number,
  tribune: Started,
): Promise<SpeedReport["publish"] & { notes: string[] }> {
  const notes: string[] = [];
  // The second-newest English article: not one of the loaded pages, restored at the end.
  const target = await corpus.db
    .selectFrom("articles")
    .select(["id", "title", "edition", "slug", "publishedAt"])
    .where("edition", "=", "en")
    .where("status", "=", "published")
    .orderBy("publishedAt", "desc")
    .offset(1)
    .limit(1)
    .executeTakeFirstOrThrow();
  const path = articleUrl(config, target);
  const stamp = () => `Retitled for the speed benchmark ${Date.now().toString(36)}`;

  // In-process: one app, its own events, the cache on.
  let inProcessMs: number | null = null;
  {
    const log = new QueryLog();
    const database = openLoggedDatabase(fileOf(env), log);
    const events = new ContentEvents();
    const app = await buildApp({ config, database, events });
    try {
      for (let i = 0; i < 2; i++) await app.inject({ method: "GET", url: path });
      const title = stamp();
      const [took] = await timeUntilVisible(
        () => retitle(database.db, events, target.id, title),
        [async () => (await app.inject({ method: "GET", url: path })).body],
        title,
      );
      inProcessMs = took ?? null;
    } finally {
      await app.close();
      await database.close();
    }
  }

  // Across workers: the change comes from this process (as from a command or another instance),
  // through the content_changes outbox; each worker is polled on its own kept-alive connection.
  const events = new ContentEvents();
  relayLocalChanges({
    events,
    outbox: new ContentOutbox(corpus.db, "speed-bench"),
    onError: (error) => notes.push(`outbox write failed: ${String(error)}`),
  });
  const workers = await connectionsToWorkers(port, workerCount);
  let workersMs: number[] = [];
  try {
    for (const agent of workers.values()) {
      for (let i = 0; i < 2; i++) await httpGet(port, path, { agent });
    }
    const title = stamp();
    workersMs = await timeUntilVisible(
      () => retitle(corpus.db, events, target.id, title),
      [...workers.values()].map(
        (agent) => async () => (await httpGet(port, path, { agent })).body.toString(),
      ),
      title,
    );
  } finally {
    for (const agent of workers.values()) agent.destroy();
  }

  let varnishMs: number | null = null;
  const skip = varnishSkipReason();
  if (skip) {
    notes.push(`publish through Varnish not measured: ${skip}`);
  } else {
    const varnish = await startVarnish(port);
    try {
      varnishMs = await measureThroughVarnish(config, corpus, varnish.port, path, target.id, stamp());
    } catch (error) {
      notes.push(`publish through Varnish failed: ${(error as Error).message}\n${varnish.process.output()}`);
    } finally {
      await stopProcess(varnish.process.child);
    }
  }
  if (tribune.child.exitCode !== null)
    notes.push(`Tribune exited during the benchmark:\n${tribune.output()}`);
  await new ArticleService(corpus.db).updateArticle(target.id, { title: target.title });
  return { inProcessMs, workersMs, varnishMs, notes };
}

function fileOf(env: Record<string, string>): string {
  return (env.DATABASE_URL ?? "").slice("sqlite:".length);
}

function articleUrl(config: Config, article: { edition: string; slug: string; publishedAt: string | null }) {
  const edition = config.editions.find((e) => e.code === article.edition);
  if (!edition) throw new Error(`no edition ${article.edition}`);
  const urls = new SiteUrls(config.publicUrl);
  return urls.href(edition, urls.articlePath(edition, article.publishedAt ?? "", article.slug), edition);
}

async function measureThroughVarnish(
  config: Config,
  corpus: DatabaseHandle,
  varnishPort: number,
  path: string,
  articleId: number,
  title: string,
): Promise<number> {
  // This process made the change, so it tells the workers (outbox) and purges the cache in front, as
  // the worker that publishes does. The second purge comes after the workers have surely heard (the
  // outbox is read every 200 ms): Varnish may have fetched the old page from one in between.
  const purger = new VarnishPurger({
    urls: [`http://127.0.0.1:${varnishPort}`],
    repeatAfterMs: VARNISH_REPEAT_MS,
  });
  const editions = new Editions(config.editions, config.defaultEdition);
  const events = new ContentEvents();
  relayLocalChanges({ events, outbox: new ContentOutbox(corpus.db, "speed-bench"), onError: () => {} });
  events.subscribe(async (change) => purger.purge(await surrogateKeysFor(corpus.db, editions, change)));
  // Twice, so that Varnish holds it.
  for (let i = 0; i < 2; i++) await httpGet(varnishPort, path);
  const [took] = await timeUntilVisible(
    () => retitle(corpus.db, events, articleId, title),
    [async () => (await httpGet(varnishPort, path)).body.toString()],
    title,
  );
  purger.close();
  if (took === undefined || Number.isNaN(took)) throw new Error("the new title did not show through Varnish");
  return took;
}

/** Median time from spawning `serve --workers 1` to the first 200 of /healthz and of the hot article. */
async function measureColdStart(env: Record<string, string>, firstPage: string, runs: number) {
  const healthz: number[] = [];
  const page: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = startTracked(process.execPath, [BIN, "serve", "--workers", "1"], {
      env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port), PUBLIC_URL: env.PUBLIC_URL ?? "" },
    });
    try {
      await waitFor200(port, "/healthz", 30_000);
      healthz.push(performance.now() - started);
      await waitFor200(port, firstPage, 30_000);
      page.push(performance.now() - started);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${child.output()}`);
    } finally {
      await stopProcess(child.child);
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  return { healthzMs: median(healthz), firstPageMs: median(page), runs };
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runSpeedBench(process.argv.slice(2));
}
