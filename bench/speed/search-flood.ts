// The search flood: one client searching at 256 connections beside readers of the hot article.
// The hot article is loaded alone, then again while the flood runs (started a second before and
// ended a second after), and the two are compared: cached pages must keep their speed whatever
// search costs (issue 11: p99 under 50 ms, at least half the requests/s). Then the popular-query
// spike: one search asked at 64 connections, whose own p99 must stay under 100 ms (issue 17).
import type { DatabaseHandle } from "../../src/db/database.ts";
import { sleep } from "./processes.ts";
import { type LoadResult, runWrk } from "./wrk.ts";

/** The flood's connections: one client, many sockets. */
export const FLOOD_CONNECTIONS = 256;
/** The popular-query spike's connections: many readers asking for the same search at once. */
export const SPIKE_CONNECTIONS = 64;
/** Distinct searches the flood walks through: far more than any result cache holds. */
const DISTINCT_QUERIES = 4_000;

export type FloodKind = "distinct queries" | "one query" | "popular query spike";

export interface FloodRun {
  kind: FloodKind;
  /** The flood's connections (older reports: the figures' `connections.flood`). */
  connections?: number;
  /** The hot article while the flood ran. */
  hot: LoadResult;
  /** The flood itself; `statuses` counts its 200s and 503s. */
  flood: LoadResult;
}

export interface SearchFloodFigures {
  database: "sqlite" | "postgres";
  connections: { hot: number; flood: number };
  /** The hot article alone, just before the floods. */
  hotAlone: LoadResult;
  runs: FloodRun[];
}

export interface FloodOptions {
  wrk: string;
  port: number;
  hotPath: string;
  /** Search URLs: the first alone makes the one-query flood, all of them the distinct flood. */
  searchPaths: string[];
  seconds: number;
  hotConnections: number;
  workDir: string;
}

/** Loads the hot article alone, then beside each flood in turn. */
export async function measureSearchFloods(
  database: SearchFloodFigures["database"],
  options: FloodOptions,
): Promise<SearchFloodFigures> {
  const hotLoad = (seconds: number) =>
    runWrk(options.wrk, {
      port: options.port,
      paths: [options.hotPath],
      seconds,
      connections: options.hotConnections,
      threads: 2,
      headers: {},
      workDir: options.workDir,
    });
  await hotLoad(1);
  const hotAlone = await hotLoad(options.seconds);
  const runs: FloodRun[] = [];
  const floods: [FloodKind, string[], number][] = [
    ["distinct queries", options.searchPaths, FLOOD_CONNECTIONS],
    ["one query", options.searchPaths.slice(0, 1), FLOOD_CONNECTIONS],
    // Another search than the one-query flood's, so that it starts unanswered, as a spike would.
    ["popular query spike", options.searchPaths.slice(1, 2), SPIKE_CONNECTIONS],
  ];
  for (const [kind, paths, connections] of floods) {
    const flood = runWrk(options.wrk, {
      port: options.port,
      paths,
      seconds: options.seconds + 2,
      connections,
      threads: 2,
      headers: {},
      workDir: options.workDir,
      countStatuses: true,
    });
    await sleep(1_000);
    const hot = await hotLoad(options.seconds);
    runs.push({ kind, connections, hot, flood: await flood });
    // The queue of the flood drains (its searches are refused within seconds) before the next run.
    await sleep(3_000);
  }
  return {
    database,
    connections: { hot: options.hotConnections, flood: FLOOD_CONNECTIONS },
    hotAlone,
    runs,
  };
}

/**
 * Search URLs of the English edition made of words from the corpus's own headlines (one word, or
 * two), in a fixed order: each matches something, none is cheap because it finds nothing, and
 * every run of the benchmark asks the same ones.
 */
export async function floodSearchPaths(database: DatabaseHandle, prefix = "/en"): Promise<string[]> {
  const rows = await database.db
    .selectFrom("articles")
    .select("title")
    .where("edition", "=", "en")
    .where("status", "=", "published")
    .orderBy("id")
    .limit(20_000)
    .execute();
  const words = new Set<string>();
  for (const row of rows) {
    for (const word of row.title.toLowerCase().split(/[^\p{L}\p{N}]+/u))
      if (word.length >= 4) words.add(word);
  }
  const list = [...words].sort();
  if (list.length === 0) throw new Error("the corpus has no English headlines to search for");
  let state = 7;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return list[state % list.length] as string;
  };
  const queries = new Set<string>();
  for (let i = 0; queries.size < DISTINCT_QUERIES && i < DISTINCT_QUERIES * 4; i++) {
    queries.add(i % 3 === 0 ? next() : `${next()} ${next()}`);
  }
  return [...queries].map((query) => `${prefix}/search?q=${encodeURIComponent(query)}`);
}

/** 503s among the flood's answers (refused searches). */
export function refusedOf(flood: LoadResult): number {
  return flood.statuses?.["503"] ?? 0;
}
