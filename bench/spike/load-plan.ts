// What the spike benchmark's load generator is asked to do, and what it answers: shared by the
// generator (bench/spike/open-loop.ts, a process of its own) and the benchmark that starts it.

export interface PhasePlan {
  name: string;
  seconds: number;
}

export interface StreamPlan {
  /** What the requests stand for in the report ("the article", "rest of the site"). */
  name: string;
  /** Requests per second in each phase, by phase name; a phase not named sends none. */
  rates: Record<string, number>;
  /** Asked in turn, round and round. */
  paths: string[];
  /** Kept-alive connections at most; a request finding none free waits, and its wait counts. */
  connections: number;
}

export interface LoadPlan {
  port: number;
  headers: Record<string, string>;
  /** A request unanswered after this long is an error. */
  timeoutMs: number;
  phases: PhasePlan[];
  streams: StreamPlan[];
}

/** One stream in one phase: latencies from the time each request was due, not sent. */
export interface StreamFigures {
  phase: string;
  stream: string;
  /** Requests due in the phase (all were sent). */
  requests: number;
  /** Answered 2xx or 3xx. */
  answered: number;
  /** 4xx and 5xx answers, socket errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
  /** Answers per second over the phase. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** What the generator prints, one JSON object a line: each phase as it starts, then the figures. */
export type LoadEvent =
  | { event: "phase"; name: string }
  | { event: "end" }
  | { event: "done"; figures: StreamFigures[] };
