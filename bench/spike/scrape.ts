// Reads the counters the spike benchmark reports from Tribune's Prometheus endpoint (METRICS_PORT,
// every worker's added up by the primary).
import { httpGet } from "../speed/http.ts";

export interface CounterReading {
  /** performance.now() when the answer came. */
  at: number;
  queries: number;
  cacheHits: number;
  cacheMisses: number;
  cachePurged: number;
}

const COUNTERS = {
  queries: "tribune_db_queries_total",
  cacheHits: "tribune_page_cache_hits_total",
  cacheMisses: "tribune_page_cache_misses_total",
  cachePurged: "tribune_page_cache_purged_total",
} as const;

export async function readCounters(metricsPort: number): Promise<CounterReading> {
  const answer = await httpGet(metricsPort, "/metrics", { timeoutMs: 5_000 });
  if (answer.status !== 200) throw new Error(`GET /metrics answered ${answer.status}`);
  const text = answer.body.toString();
  const value = (name: string) => {
    const match = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
    if (!match) throw new Error(`${name} is not among Tribune's metrics`);
    return Number(match[1]);
  };
  return {
    at: performance.now(),
    queries: value(COUNTERS.queries),
    cacheHits: value(COUNTERS.cacheHits),
    cacheMisses: value(COUNTERS.cacheMisses),
    cachePurged: value(COUNTERS.cachePurged),
  };
}

/** What happened between two readings, per second for statements. */
export function between(from: CounterReading, to: CounterReading) {
  const seconds = (to.at - from.at) / 1000;
  return {
    queriesPerSecond: (to.queries - from.queries) / seconds,
    cacheHits: to.cacheHits - from.cacheHits,
    cacheMisses: to.cacheMisses - from.cacheMisses,
    cachePurged: to.cachePurged - from.cachePurged,
  };
}
