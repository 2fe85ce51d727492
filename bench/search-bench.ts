// Search benchmark: seeds synthetic stories into a fresh SQLite file and a fresh PostgreSQL schema,
// times the index rebuild, measures the index size, and runs a fixed list of queries per edition
// through SearchService (engine, snippets and all) several times.
//
//   npm run bench:search                   100,000 stories (about 240,000 articles) on both engines
//   npm run bench:search -- --quick        2,000 stories (a smoke run for CI)
//   npm run bench:search -- --stories 20000 --engines sqlite
//
// Writes bench-results/search.json and bench-results/search.md.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import { rebuildSearchIndex, searchEngineOf } from "../src/content/search-index.ts";
import { type DatabaseHandle, openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { syncEditions } from "../src/editions/edition-service.ts";
import { SiteUrls } from "../src/editions/site-urls.ts";
import { type SearchOptions, SearchService } from "../src/search/search-service.ts";
import { seedSynthetic } from "../src/seed/synthetic/synthetic-seed.ts";
import { benchPostgresUrl, postgresUnavailable } from "./postgres-server.ts";

/** The fixed queries: common and rare words, phrases, exclusions, per edition. */
export const QUERIES: Readonly<Record<string, readonly string[]>> = {
  en: [
    "iran",
    "election results",
    '"trade agreement"',
    "protesters police",
    "ceasefire",
    "inflation -currency",
    "refugees border",
    "ambassador recalled",
    "corruption investigation minister",
    "government",
  ],
  pt: [
    "irã",
    "eleições",
    '"acordo comercial"',
    "manifestantes polícia",
    "cessar-fogo",
    "inflação -moeda",
    "refugiados fronteira",
    "embaixador",
    "investigação corrupção ministro",
    "governo",
  ],
  es: [
    "irán",
    "elecciones",
    '"acuerdo comercial"',
    "manifestantes policía",
    "alto el fuego",
    "inflación -moneda",
    "refugiados frontera",
    "embajador",
    "investigación corrupción ministro",
    "gobierno",
  ],
};

const RESULTS_DIR = "bench-results";
const UNTIL = new Date("2026-11-01T00:00:00.000Z");

interface EngineReport {
  engine: "sqlite" | "postgres";
  /** When these figures were measured, if before this report's date. */
  measuredAt?: string;
  stories: number;
  articles: number;
  indexed: number;
  seedSeconds: number;
  indexSeconds: number;
  indexBytes: number;
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perEdition: Record<string, { p50: number; p95: number; p99: number }>;
  /** Median per query, for finding the slow ones. */
  perQuery: {
    edition: string;
    query: string;
    filter: string;
    medianMs: number;
    total: number;
    more: boolean;
  }[];
}

interface BenchReport {
  date: string;
  node: string;
  stories: number;
  rounds: number;
  engines: EngineReport[];
  skipped: { engine: string; reason: string }[];
}

export async function runSearchBench(argv: string[]): Promise<BenchReport> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stories: { type: "string" },
      quick: { type: "boolean" },
      engines: { type: "string" },
      rounds: { type: "string" },
    },
    strict: false,
  });
  const stories = values.quick ? 2_000 : Number(values.stories ?? 100_000);
  const rounds = Number(values.rounds ?? (values.quick ? 3 : 5));
  if (!Number.isSafeInteger(stories) || stories < 1)
    throw new Error(`--stories takes a whole number, not ${values.stories}`);
  const engines = String(values.engines ?? "sqlite,postgres").split(",");
  mkdirSync(RESULTS_DIR, { recursive: true });
  const report: BenchReport = {
    date: new Date().toISOString(),
    node: process.version,
    stories,
    rounds,
    engines: [],
    skipped: [],
  };

  if (engines.includes("sqlite")) {
    const file = join(RESULTS_DIR, "search-bench.db");
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    const handle = await openDatabase(`sqlite:${file}`);
    try {
      report.engines.push(await benchEngine("sqlite", handle, stories, rounds));
    } finally {
      await handle.close();
    }
  }
  if (engines.includes("postgres")) {
    const url = benchPostgresUrl();
    const reason = await postgresUnavailable(url);
    if (reason) {
      console.log(`PostgreSQL skipped: ${reason}`);
      report.skipped.push({ engine: "postgres", reason });
    } else {
      const schema = "bench_search";
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
      const handle = await openDatabase(url, { schema, poolSize: 4 });
      try {
        report.engines.push(await benchEngine("postgres", handle, stories, rounds));
      } finally {
        await handle.close();
      }
    }
  }

  keepEarlierEngines(report, join(RESULTS_DIR, "search.json"));
  writeFileSync(join(RESULTS_DIR, "search.json"), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = renderMarkdown(report);
  writeFileSync(join(RESULTS_DIR, "search.md"), markdown);
  console.log(`\n${markdown}`);
  return report;
}

async function benchEngine(
  engine: "sqlite" | "postgres",
  handle: DatabaseHandle,
  stories: number,
  rounds: number,
): Promise<EngineReport> {
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: RESULTS_DIR });
  await migrateToLatest(handle);
  await syncEditions(handle.db, config.editions);
  const editions = config.editions.map((e) => e.code);

  log(`${engine}: seeding ${stories} stories`);
  let started = performance.now();
  const seeded = await seedSynthetic(handle, {
    count: stories,
    seed: 1,
    editions,
    until: UNTIL,
    searchIndex: false,
    onProgress: (done, total) => progress(`${engine}: seeding`, done, total, started),
  });
  const seedSeconds = (performance.now() - started) / 1000;
  process.stderr.write("\n");
  // A server that has run for a while has vacuumed and analyzed its tables (autovacuum); a fresh bulk
  // load has not, and index-only scans of the listings would visit the heap for every row.
  if (engine === "postgres") await sql`vacuum analyze`.execute(handle.db);

  started = performance.now();
  const indexed = await rebuildSearchIndex(handle.db, (done, total) =>
    progress(`${engine}: indexing`, done, total, started),
  );
  const indexSeconds = (performance.now() - started) / 1000;
  process.stderr.write("\n");
  if (engine === "postgres") await sql`vacuum analyze search_documents`.execute(handle.db);
  const indexBytes = await searchEngineOf(handle.db).sizeInBytes();
  log(`${engine}: ${indexed} articles indexed in ${indexSeconds.toFixed(1)} s, index ${mb(indexBytes)}`);

  const service = new SearchService(handle.db, new SiteUrls("http://bench.test"));
  const now = new Date(UNTIL.getTime() + 3_600_000).toISOString();
  const monthAgo = new Date(UNTIL.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const samples: { edition: string; ms: number }[] = [];
  const perQuery: EngineReport["perQuery"] = [];
  for (const edition of config.editions) {
    const region = await regionSlug(handle, edition.code);
    const cases: { query: string; filter: string; options: SearchOptions }[] = [
      ...(QUERIES[edition.code] ?? []).map((query) => ({ query, filter: "", options: {} })),
      { query: QUERIES[edition.code]?.[1] ?? "", filter: `tag=${region}`, options: { tagSlug: region } },
      { query: QUERIES[edition.code]?.[3] ?? "", filter: `from=${monthAgo}`, options: { from: monthAgo } },
      { query: QUERIES[edition.code]?.[9] ?? "", filter: "page=3", options: { page: 3 } },
    ];
    for (const item of cases) {
      const times: number[] = [];
      let last = { total: 0, more: false };
      // One warm-up run, then the measured rounds.
      for (let round = 0; round <= rounds; round++) {
        const t0 = performance.now();
        const result = await service.search(edition, item.query, item.options, now);
        const ms = performance.now() - t0;
        last = { total: result.total, more: result.more };
        if (round > 0) {
          times.push(ms);
          samples.push({ edition: edition.code, ms });
        }
      }
      perQuery.push({
        edition: edition.code,
        query: item.query,
        filter: item.filter,
        medianMs: round2(percentile(times, 50)),
        ...last,
      });
    }
  }
  // Ends the search thread (SQLite) the service started.
  await service.close();
  const all = samples.map((s) => s.ms);
  const perEdition = Object.fromEntries(
    editions.map((code) => {
      const times = samples.filter((s) => s.edition === code).map((s) => s.ms);
      return [
        code,
        {
          p50: round2(percentile(times, 50)),
          p95: round2(percentile(times, 95)),
          p99: round2(percentile(times, 99)),
        },
      ];
    }),
  );
  return {
    engine,
    stories: seeded.stories,
    articles: seeded.articles,
    indexed,
    seedSeconds: round2(seedSeconds),
    indexSeconds: round2(indexSeconds),
    indexBytes,
    samples: all.length,
    p50: round2(percentile(all, 50)),
    p95: round2(percentile(all, 95)),
    p99: round2(percentile(all, 99)),
    max: round2(Math.max(...all)),
    perEdition,
    perQuery,
  };
}

async function regionSlug(handle: DatabaseHandle, edition: string): Promise<string> {
  const row = await handle.db
    .selectFrom("tags")
    .innerJoin("tagNames", "tagNames.tagId", "tags.id")
    .select("tagNames.slug")
    .where("tags.kind", "=", "region")
    .where("tagNames.edition", "=", edition)
    .orderBy("tags.id")
    .executeTakeFirst();
  return row?.slug ?? "";
}

function renderMarkdown(report: BenchReport): string {
  const lines = [
    `# Search benchmark`,
    "",
    `${report.date}, Node ${report.node}; ${report.stories} synthetic stories; each query run ${report.rounds} times after a warm-up, through SearchService (10 hits with snippets).`,
    "",
    "| engine | stories | articles indexed | index time | index size | p50 | p95 | p99 | max |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.engines.map(
      (e) =>
        `| ${e.engine}${e.measuredAt ? ` (${e.measuredAt.slice(0, 10)})` : ""} | ${e.stories} | ${e.indexed} | ${e.indexSeconds.toFixed(1)} s | ${mb(e.indexBytes)} | ${e.p50} ms | ${e.p95} ms | ${e.p99} ms | ${e.max} ms |`,
    ),
    "",
    "| engine | edition | p50 | p95 | p99 |",
    "| --- | --- | ---: | ---: | ---: |",
    ...report.engines.flatMap((e) =>
      Object.entries(e.perEdition).map(
        ([edition, p]) => `| ${e.engine} | ${edition} | ${p.p50} ms | ${p.p95} ms | ${p.p99} ms |`,
      ),
    ),
    "",
    "| engine | edition | query | filter | median | matches |",
    "| --- | --- | --- | --- | ---: | ---: |",
    ...report.engines.flatMap((e) =>
      e.perQuery.map(
        (q) =>
          `| ${e.engine} | ${q.edition} | \`${q.query}\` | ${q.filter} | ${q.medianMs} ms | ${q.more ? `>${q.total}` : q.total} |`,
      ),
    ),
    ...report.skipped.map((s) => `\n${s.engine} skipped: ${s.reason}`),
    "",
  ];
  return lines.join("\n");
}

/**
 * With `--engines` naming only some engines, the others' figures from an earlier run of the same size
 * are kept (with their own date), so one table still compares both.
 */
function keepEarlierEngines(report: BenchReport, file: string): void {
  let earlier: BenchReport;
  try {
    earlier = JSON.parse(readFileSync(file, "utf8")) as BenchReport;
  } catch {
    return;
  }
  if (earlier.stories !== report.stories) return;
  for (const engine of earlier.engines) {
    if (report.engines.some((e) => e.engine === engine.engine)) continue;
    report.engines.push({ ...engine, measuredAt: engine.measuredAt ?? earlier.date });
  }
  report.engines.sort((a, b) => a.engine.localeCompare(b.engine) * -1);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function progress(label: string, done: number, total: number, started: number): void {
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `\r${label} ${done}/${total} (${total ? Math.floor((done / total) * 100) : 100}%), ${seconds.toFixed(0)} s   `,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSearchBench(process.argv.slice(2));
}
