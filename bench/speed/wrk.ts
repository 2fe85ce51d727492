// Runs wrk against one server and reads its summary: requests/s, p50 and p99 latency, errors.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTracked } from "./processes.ts";

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx/3xx answers plus socket errors (connect, read, write, timeout). */
  errors: number;
  /** Answers by HTTP status, when counted (`countStatuses`). */
  statuses?: Record<string, number>;
}

export interface LoadOptions {
  port: number;
  /** One path, or many: then a Lua script walks the list, each thread from its own offset. */
  paths: string[];
  seconds: number;
  connections: number;
  threads: number;
  headers: Record<string, string>;
  /** Where the Lua script and the path list go. */
  workDir: string;
  /** Count the answers by status (a Lua callback per answer: a little more work for wrk). */
  countStatuses?: boolean;
}

const WALK_SCRIPT = `
local paths = {}
local index = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 4099)
  threads = threads + 1
end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  index = offset or 0
end
function request()
  index = index + 1
  return wrk.format(nil, paths[(index % #paths) + 1])
end
`;

/**
 * Counts answers by status in each thread; at the end, prints one `status <code> <count>` line per
 * status over all threads (each thread has its own Lua state: setup keeps them for done).
 */
const STATUS_SCRIPT = `
local all_threads = {}
local counting_setup = setup
function setup(thread)
  if counting_setup then counting_setup(thread) end
  all_threads[#all_threads + 1] = thread
end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(all_threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do io.write(string.format("status %d %d\\n", status, count)) end
end
`;

let scripts = 0;

export async function runWrk(wrk: string, options: LoadOptions): Promise<LoadResult> {
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--latency",
    "--timeout",
    "5s",
  ];
  for (const [name, value] of Object.entries(options.headers)) args.push("-H", `${name}: ${value}`);
  const first = options.paths[0] ?? "/";
  if (options.paths.length > 1 || options.countStatuses) {
    scripts++;
    const script = join(options.workDir, `walk-${scripts}.lua`);
    const list = join(options.workDir, `paths-${scripts}.txt`);
    writeFileSync(script, WALK_SCRIPT + (options.countStatuses ? STATUS_SCRIPT : ""));
    writeFileSync(list, `${options.paths.join("\n")}\n`);
    args.push("-s", script, `http://127.0.0.1:${options.port}${first}`, "--", list);
  } else {
    args.push(`http://127.0.0.1:${options.port}${first}`);
  }
  const run = startTracked(wrk, args);
  const code = await new Promise<number | null>((resolve) => run.child.once("exit", resolve));
  if (code !== 0) throw new Error(`wrk ${args.join(" ")} failed (${code}):\n${run.output()}`);
  return parseWrk(run.output());
}

/** Reads wrk's text summary. Exported for its test. */
export function parseWrk(output: string): LoadResult {
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const total = /(\d+) requests in/.exec(output);
  if (!rate || !total) throw new Error(`cannot read wrk's output:\n${output}`);
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(output);
    if (!match?.[1]) return Number.NaN;
    const value = Number(match[1]);
    return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
  };
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const statuses: Record<string, number> = {};
  for (const match of output.matchAll(/^status (\d{3}) (\d+)$/gm))
    statuses[match[1] as string] = Number(match[2]);
  return {
    requestsPerSecond: Number(rate[1]),
    p50Ms: percentile("50"),
    p99Ms: percentile("99"),
    requests: Number(total[1]),
    errors: non2xx + socketErrors,
    ...(Object.keys(statuses).length > 0 ? { statuses } : {}),
  };
}
