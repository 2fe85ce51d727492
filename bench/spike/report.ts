// The spike benchmark's report: the JSON it writes, and its tables (printed and in spike.md).
// Figures only: nothing here is a target.
import { percentile } from "../speed/miss-render.ts";
import type { UpdateFigures } from "./editor.ts";
import type { StreamFigures } from "./load-plan.ts";

export interface PhaseServerFigures {
  phase: string;
  seconds: number;
  queriesPerSecond: number;
  cacheHits: number;
  cacheMisses: number;
  cachePurged: number;
}

export interface SpikeReport {
  date: string;
  node: string;
  cpus: number;
  loadAverage: { before: number; after: number };
  quick: boolean;
  database: "sqlite" | "postgres";
  stories: number;
  workers: number;
  article: string;
  /** The site's normal rate (requests/s) and the article's during the spike. */
  normalRate: number;
  spikeRate: number;
  load: StreamFigures[];
  server: PhaseServerFigures[];
  updates: UpdateFigures[];
  /** The article served by nginx from disk at the spike's rate (null: not measured, see notes). */
  nginx: StreamFigures | null;
  notes: string[];
}

// A phase where nothing was answered has no percentiles: null in the JSON, NaN before it.
const ms = (value: number | null) =>
  value === null || Number.isNaN(value)
    ? "–"
    : value >= 100
      ? `${value.toFixed(0)} ms`
      : `${value.toFixed(1)} ms`;
const count = (value: number) => Math.round(value).toLocaleString("en-US");

function loadRow(phase: string, figures: StreamFigures): string {
  return `| ${phase} | ${figures.stream} | ${count(figures.requests)} | ${count(figures.requestsPerSecond)} | ${count(figures.errors)} | ${ms(figures.p50Ms)} | ${ms(figures.p99Ms)} | ${ms(figures.maxMs)} |`;
}

/** p50 and max of a list of times, "–" when empty; NaN (never seen) is reported apart. */
function spread(values: number[]): string {
  const seen = values.filter((v) => !Number.isNaN(v));
  if (seen.length === 0) return "–";
  return `${ms(percentile(seen, 50))} / ${ms(Math.max(...seen))}`;
}

export function toMarkdown(report: SpikeReport): string {
  const lines = [
    `# Spike benchmark, ${report.date}`,
    "",
    `${report.database}, ${count(report.stories)} stories, ${report.workers} workers, ${report.cpus} CPUs, Node ${report.node}, load average ${report.loadAverage.before.toFixed(2)} before and ${report.loadAverage.after.toFixed(2)} after${report.quick ? " (--quick: a smoke run)" : ""}.`,
    `The site at ${count(report.normalRate)} requests/s (open loop) before and after; during the spike ${report.article} alone at ${count(report.spikeRate)} requests/s (20 ×) on top, while an editor updates it every 2 s.`,
    "",
    "| phase | requests for | requests | answered/s | errors | p50 | p99 | max |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.load.map((figures) => loadRow(figures.phase, figures)),
    ...(report.nginx ? [loadRow("reference: nginx, same bytes from disk", report.nginx)] : []),
    "",
    "| phase | seconds | database statements/s | page-cache hits | misses | purged |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...report.server.map(
      (s) =>
        `| ${s.phase} | ${s.seconds.toFixed(1)} | ${count(s.queriesPerSecond)} | ${count(s.cacheHits)} | ${count(s.cacheMisses)} | ${count(s.cachePurged)} |`,
    ),
    "",
    "| updates | saved (PATCH) p50 / max | seen by readers on every worker p50 / max | on the first worker p50 / max | not seen within 10 s | left late (max) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${report.updates.length} | ${spread(report.updates.map((u) => u.writeMs))} | ${spread(report.updates.map((u) => Math.max(...u.visibleMs)))} | ${spread(report.updates.map((u) => Math.min(...u.visibleMs)))} | ${report.updates.filter((u) => u.visibleMs.some(Number.isNaN)).length} | ${ms(Math.max(0, ...report.updates.map((u) => u.lateMs)))} |`,
  ];
  if (report.notes.length > 0) lines.push("", ...report.notes.map((note) => `- ${note}`));
  return `${lines.join("\n")}\n`;
}
