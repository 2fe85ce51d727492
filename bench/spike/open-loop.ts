// An open-loop load generator (as wrk2 is, which Debian does not ship): requests leave at a constant
// rate whatever the server does, and each latency is counted from the time its request was due, so
// a server that stalls shows the whole wait of everyone who arrived meanwhile (no "coordinated
// omission"). Run as a process of its own, so that it does not share an event loop with the
// benchmark's watcher and editor:
//
//   node --import tsx bench/spike/open-loop.ts PLAN.json
//
// Prints LoadEvent lines (bench/spike/load-plan.ts) on stdout.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { percentile } from "../speed/miss-render.ts";
import type { LoadEvent, LoadPlan, StreamFigures, StreamPlan } from "./load-plan.ts";

/** How often the schedule is looked at; requests due in between leave together, timed from when due. */
const TICK_MS = 1;

interface Tally {
  latencies: number[];
  requests: number;
  errors: number;
  statuses: Record<string, number>;
}

function say(event: LoadEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function sendOne(plan: LoadPlan, agent: Agent, path: string, dueAt: number, tally: Tally): Promise<void> {
  tally.requests++;
  return new Promise((resolve) => {
    const failed = (status: string) => {
      tally.errors++;
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      resolve();
    };
    const req = request(
      { host: "127.0.0.1", port: plan.port, path, method: "GET", agent, headers: plan.headers },
      (response) => {
        response.resume();
        response.on("error", () => failed("read error"));
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          tally.latencies.push(performance.now() - dueAt);
          tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
          if (status >= 400) tally.errors++;
          resolve();
        });
      },
    );
    req.setTimeout(plan.timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", (error) => failed(error.message === "timeout" ? "timeout" : "socket error"));
    req.end();
  });
}

/** Sends every stream's requests of one phase on time; resolves when the phase's time is up. */
async function runPhase(
  plan: LoadPlan,
  phase: string,
  seconds: number,
  agents: Map<StreamPlan, Agent>,
  cursors: Map<StreamPlan, number>,
  tallies: Map<string, Tally>,
  inFlight: Set<Promise<void>>,
): Promise<void> {
  const started = performance.now();
  const ends = started + seconds * 1000;
  const issued = new Map<StreamPlan, number>();
  for (;;) {
    const now = performance.now();
    for (const stream of plan.streams) {
      const rate = stream.rates[phase] ?? 0;
      if (rate <= 0) continue;
      const tally = tallyOf(tallies, phase, stream.name);
      const interval = 1000 / rate;
      let sent = issued.get(stream) ?? 0;
      for (let dueAt = started + sent * interval; dueAt <= now && dueAt < ends; dueAt += interval) {
        const cursor = cursors.get(stream) ?? 0;
        cursors.set(stream, cursor + 1);
        const path = stream.paths[cursor % stream.paths.length] ?? "/";
        const sending = sendOne(plan, agents.get(stream) as Agent, path, dueAt, tally);
        inFlight.add(sending);
        void sending.finally(() => inFlight.delete(sending));
        sent++;
      }
      issued.set(stream, sent);
    }
    if (now >= ends) return;
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}

function tallyOf(tallies: Map<string, Tally>, phase: string, stream: string): Tally {
  const key = `${phase}\u0000${stream}`;
  let tally = tallies.get(key);
  if (!tally) {
    tally = { latencies: [], requests: 0, errors: 0, statuses: {} };
    tallies.set(key, tally);
  }
  return tally;
}

async function main(planFile: string): Promise<void> {
  const plan = JSON.parse(readFileSync(planFile, "utf8")) as LoadPlan;
  const agents = new Map(
    plan.streams.map((stream) => [stream, new Agent({ keepAlive: true, maxSockets: stream.connections })]),
  );
  const cursors = new Map<StreamPlan, number>();
  const tallies = new Map<string, Tally>();
  const inFlight = new Set<Promise<void>>();
  for (const phase of plan.phases) {
    say({ event: "phase", name: phase.name });
    await runPhase(plan, phase.name, phase.seconds, agents, cursors, tallies, inFlight);
  }
  say({ event: "end" });
  await Promise.all(inFlight);
  for (const agent of agents.values()) agent.destroy();
  const figures: StreamFigures[] = [];
  for (const phase of plan.phases) {
    for (const stream of plan.streams) {
      const tally = tallies.get(`${phase.name}\u0000${stream.name}`);
      if (!tally) continue;
      figures.push({
        phase: phase.name,
        stream: stream.name,
        requests: tally.requests,
        answered: tally.latencies.length - countErrorAnswers(tally),
        errors: tally.errors,
        statuses: tally.statuses,
        requestsPerSecond: (tally.latencies.length - countErrorAnswers(tally)) / phase.seconds,
        p50Ms: percentile(tally.latencies, 50),
        p99Ms: percentile(tally.latencies, 99),
        maxMs: tally.latencies.reduce((a, b) => Math.max(a, b), 0),
      });
    }
  }
  say({ event: "done", figures });
}

/** Answers that came back with a 4xx or 5xx status (errors also counts those that never came). */
function countErrorAnswers(tally: Tally): number {
  return Object.entries(tally.statuses)
    .filter(([status]) => /^\d{3}$/.test(status) && Number(status) >= 400)
    .reduce((sum, [, n]) => sum + n, 0);
}

const planFile = process.argv[2];
if (!planFile) {
  process.stderr.write("usage: node --import tsx bench/spike/open-loop.ts PLAN.json\n");
  process.exit(2);
}
await main(planFile);
