// The speed benchmark's figures, its targets with ✓/✗, and the Markdown table the README quotes.
import type { MissFigures } from "./miss-render.ts";
import { refusedOf, type SearchFloodFigures } from "./search-flood.ts";
import type { LoadResult } from "./wrk.ts";

export interface ScenarioFigures {
  name: string;
  encoding: "identity" | "gzip, br";
  /** Distinct URLs loaded. */
  urls: number;
  nginx: LoadResult;
  tribune: LoadResult;
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  /** null when it could not be measured here (a tool missing). */
  met: boolean | null;
}

export interface SpeedReport {
  date: string;
  node: string;
  cpus: number;
  /** The machine's 1-minute load average before and after: other work on it skews every figure. */
  loadAverage: { before: number; after: number };
  quick: boolean;
  stories: number;
  articles: number;
  workers: number;
  load: { seconds: number; connections: number; threads: number; tool: string };
  scenarios: ScenarioFigures[];
  /** The hot article alone and beside search floods, per database (PostgreSQL when there is one). */
  searchFloods: SearchFloodFigures[];
  misses: Record<string, MissFigures>;
  archiveDepth: { page: number; firstP50Ms: number; deepP50Ms: number };
  publish: {
    inProcessMs: number | null;
    workersMs: number[];
    varnishMs: number | null;
  };
  memory: { workers: { pid: number; rssMb: number }[]; primaryRssMb: number | null };
  coldStart: { healthzMs: number; firstPageMs: number; runs: number };
  targets: Target[];
  /** What went differently from the plan (a tool missing, a budget reached). */
  notes: string[];
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : "–");
const rate = (value: number) => Math.round(value).toLocaleString("en-GB");

/** The issue's targets, judged on the figures. */
export function judge(report: Omit<SpeedReport, "targets" | "notes">): Target[] {
  const targets: Target[] = [];
  for (const encoding of ["identity", "gzip, br"] as const) {
    const hot = report.scenarios.find((s) => s.name === "hot article" && s.encoding === encoding);
    if (!hot) continue;
    const ratio = hot.tribune.requestsPerSecond / hot.nginx.requestsPerSecond;
    targets.push({
      name: `hot article (${encoding}): requests/s vs nginx`,
      target: "≥ 0.5 × nginx",
      measured: `${ratio.toFixed(2)} × (${rate(hot.tribune.requestsPerSecond)} vs ${rate(hot.nginx.requestsPerSecond)})`,
      met: ratio >= 0.5,
    });
    targets.push({
      name: `hot article (${encoding}): p99 at ${report.load.connections} connections`,
      target: "< 10 ms",
      measured: ms(hot.tribune.p99Ms),
      met: hot.tribune.p99Ms < 10,
    });
  }
  for (const figures of report.searchFloods) {
    const run = figures.runs.find((r) => r.kind === "distinct queries");
    if (!run) continue;
    const name = `hot article beside a search flood (${figures.database}, ${figures.connections.flood} connections, distinct queries)`;
    targets.push({
      name: `${name}: p99`,
      target: "< 50 ms",
      measured: ms(run.hot.p99Ms),
      met: run.hot.p99Ms < 50,
    });
    const ratio = run.hot.requestsPerSecond / figures.hotAlone.requestsPerSecond;
    targets.push({
      name: `${name}: requests/s vs alone`,
      target: "≥ 0.5 ×",
      measured: `${ratio.toFixed(2)} × (${rate(run.hot.requestsPerSecond)} vs ${rate(figures.hotAlone.requestsPerSecond)})`,
      met: ratio >= 0.5,
    });
  }
  for (const figures of report.searchFloods) {
    const spike = figures.runs.find((r) => r.kind === "popular query spike");
    if (!spike) continue;
    targets.push({
      name: `popular query spike (${figures.database}, one search at ${spike.connections} connections): search p99`,
      target: "< 100 ms",
      measured: `${ms(spike.flood.p99Ms)}${spike.flood.errors ? ` (${spike.flood.errors} errors)` : ""}`,
      met: spike.flood.p99Ms < 100 && spike.flood.errors === 0,
    });
  }
  const article = report.misses.article;
  if (article) {
    targets.push({
      name: `uncached article render p50 (${report.stories.toLocaleString("en-GB")} stories)`,
      target: "< 3 ms",
      measured: ms(article.p50Ms),
      met: article.p50Ms < 3,
    });
  }
  const depth = report.archiveDepth;
  targets.push({
    name: `archive page ${depth.page} vs page 1 (uncached render p50)`,
    target: "≤ 1.5 ×",
    measured: `${(depth.deepP50Ms / depth.firstP50Ms).toFixed(2)} × (${ms(depth.deepP50Ms)} vs ${ms(depth.firstP50Ms)})`,
    met: depth.deepP50Ms <= 1.5 * depth.firstP50Ms,
  });
  const publish = report.publish;
  targets.push({
    name: "publish to visible, in-process",
    target: "< 1 s",
    measured: publish.inProcessMs === null ? "not measured" : ms(publish.inProcessMs),
    met: publish.inProcessMs === null ? null : publish.inProcessMs < 1000,
  });
  const slowestWorker = publish.workersMs.length ? Math.max(...publish.workersMs) : Number.NaN;
  targets.push({
    name: `publish to visible, on every worker (${report.workers})`,
    target: "< 1 s",
    measured: publish.workersMs.length ? `${ms(slowestWorker)} (slowest)` : "not measured",
    met: publish.workersMs.length ? slowestWorker < 1000 : null,
  });
  targets.push({
    name: "publish to visible, through Varnish",
    target: "< 1 s",
    measured: publish.varnishMs === null ? "not measured" : ms(publish.varnishMs),
    met: publish.varnishMs === null ? null : publish.varnishMs < 1000,
  });
  const rss = Math.max(...report.memory.workers.map((w) => w.rssMb));
  targets.push({
    name: "memory per worker after the load (RSS)",
    target: "< 300 MB",
    measured: `${rss.toFixed(0)} MB (largest)`,
    met: rss < 300,
  });
  targets.push({
    name: "cold start to first answer (serve --workers 1)",
    target: "< 1 s",
    measured: `${ms(report.coldStart.healthzMs)} (/healthz), ${ms(report.coldStart.firstPageMs)} (hot article)`,
    met: report.coldStart.firstPageMs < 1000,
  });
  return targets;
}

const mark = (met: boolean | null) => (met === null ? "–" : met ? "✓" : "✗");

/** The report as Markdown: load scenarios side by side with nginx, misses, targets. */
export function toMarkdown(report: SpeedReport): string {
  const lines: string[] = [];
  lines.push(
    `Speed benchmark, ${report.date.slice(0, 10)}: ${report.stories.toLocaleString("en-GB")} stories (${report.articles.toLocaleString("en-GB")} articles), ` +
      `${report.workers} workers on ${report.cpus} cores, Node ${report.node}, ` +
      `${report.load.tool} -t${report.load.threads} -c${report.load.connections} -d${report.load.seconds}s per run${report.quick ? " (--quick: figures not meaningful)" : ""}; ` +
      `load average ${report.loadAverage.before.toFixed(1)} before, ${report.loadAverage.after.toFixed(1)} after.`,
    "",
    "| scenario | Accept-Encoding | nginx req/s | Tribune req/s | ratio | nginx p50 / p99 | Tribune p50 / p99 |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const s of report.scenarios) {
    const errors = s.tribune.errors + s.nginx.errors;
    lines.push(
      `| ${s.name}${s.urls > 1 ? ` (${s.urls.toLocaleString("en-GB")} URLs)` : ""} | ${s.encoding} | ${rate(s.nginx.requestsPerSecond)} | ${rate(s.tribune.requestsPerSecond)} | ${(s.tribune.requestsPerSecond / s.nginx.requestsPerSecond).toFixed(2)} | ${ms(s.nginx.p50Ms)} / ${ms(s.nginx.p99Ms)} | ${ms(s.tribune.p50Ms)} / ${ms(s.tribune.p99Ms)}${errors ? ` (${errors} errors)` : ""} |`,
    );
  }
  if (report.searchFloods.length > 0) lines.push("", ...floodTable(report.searchFloods));
  lines.push(
    "",
    "| uncached render (in-process) | p50 | p95 | SQL statements (median / max) | full table scans |",
    "| --- | ---: | ---: | ---: | --- |",
  );
  for (const [name, m] of Object.entries(report.misses)) {
    lines.push(
      `| ${name} (${m.samples}) | ${ms(m.p50Ms)} | ${ms(m.p95Ms)} | ${m.queriesMedian} / ${m.queriesMax} | ${m.fullScans.length ? m.fullScans.join(", ") : "none"} |`,
    );
  }
  lines.push("", "| target | wanted | measured | met |", "| --- | --- | --- | :---: |");
  for (const t of report.targets) lines.push(`| ${t.name} | ${t.target} | ${t.measured} | ${mark(t.met)} |`);
  if (report.notes.length) lines.push("", ...report.notes.map((note) => `- ${note}`));
  return `${lines.join("\n")}\n`;
}

/** The hot article alone and beside each search flood, with what the flood got. */
function floodTable(floods: SearchFloodFigures[]): string[] {
  const lines = [
    "| hot article beside a search flood | database | hot req/s | hot p50 / p99 | ratio to alone | search req/s | search p50 / p99 | searches answered 503 |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const f of floods) {
    const hot = (load: LoadResult) => `${ms(load.p50Ms)} / ${ms(load.p99Ms)}`;
    lines.push(
      `| alone (${f.connections.hot} connections) | ${f.database} | ${rate(f.hotAlone.requestsPerSecond)} | ${hot(f.hotAlone)} | 1.00 | – | – | – |`,
    );
    for (const run of f.runs) {
      const refused = refusedOf(run.flood);
      const share = run.flood.requests ? ` (${((refused / run.flood.requests) * 100).toFixed(0)} %)` : "";
      const failed = run.flood.errors - refused;
      lines.push(
        `| beside ${run.connections ?? f.connections.flood} connections searching, ${run.kind} | ${f.database} | ${rate(run.hot.requestsPerSecond)} | ${hot(run.hot)}${run.hot.errors ? ` (${run.hot.errors} errors)` : ""} | ${(run.hot.requestsPerSecond / f.hotAlone.requestsPerSecond).toFixed(2)} | ${rate(run.flood.requestsPerSecond)} | ${hot(run.flood)} | ${rate(refused)}${share}${failed > 0 ? `, ${failed} other errors` : ""} |`,
      );
    }
  }
  return lines;
}

/** The same, for the terminal. */
export function printReport(report: SpeedReport): void {
  process.stdout.write(`\n${toMarkdown(report)}`);
  const missed = report.targets.filter((t) => t.met === false).length;
  const unmeasured = report.targets.filter((t) => t.met === null).length;
  process.stdout.write(
    `\n${report.targets.length - missed - unmeasured} of ${report.targets.length} targets met` +
      `${missed ? `, ${missed} missed` : ""}${unmeasured ? `, ${unmeasured} not measured here` : ""}.\n`,
  );
}
