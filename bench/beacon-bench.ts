// Beacon ingestion: how many views a second one Tribune process accepts at `POST /beacon`, with what
// p99 latency, and how many database writes a second that becomes (the counts are tallied in memory
// and written every few seconds, so the writes stay a handful whatever the rate).
//
//   npm run bench:beacon                       10 s, 64 connections (SQLite)
//   npm run bench:beacon -- --quick            3 s, 16 connections
//   npm run bench:beacon -- --seconds 20 --connections 128
//
// Needs wrk (apt-get install wrk). Every request is another reader (its own X-Forwarded-For), so no
// view is dropped as a reload. Writes bench-results/beacon.json and bench-results/beacon.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { syncEditions } from "../src/editions/edition-service.ts";
import { openMediaStore } from "../src/media/open-media-store.ts";
import { seedDemo } from "../src/seed/demo-seed.ts";
import { wholeOption } from "./options.ts";
import { findExecutable, startTracked } from "./speed/processes.ts";
import { parseWrk } from "./speed/wrk.ts";

export interface BeaconReport {
  engine: "sqlite";
  seconds: number;
  connections: number;
  viewsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Views in the database after the last flush (all the 204s: none is a reload or a bot). */
  viewsWritten: number;
  databaseWrites: number;
  databaseWritesPerSecond: number;
}

/** Each request a new reader (X-Forwarded-For from a counter) reading one of the articles in turn. */
const POST_SCRIPT = `
local articles = {}
local n = 0
local threads = 0
function setup(thread)
  thread:set("base", threads * 1000000)
  threads = threads + 1
end
function init(args)
  for id in string.gmatch(args[1], "[^,]+") do articles[#articles + 1] = id end
  n = base or 0
end
function request()
  n = n + 1
  local address = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  local path = "/beacon?a=" .. articles[(n % #articles) + 1] .. "&e=en&r=direct"
  -- Headers given here replace wrk's -H ones: the browser's name too.
  return wrk.format("POST", path, { ["X-Forwarded-For"] = address, ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0" })
end
`;

export async function runBeaconBench(argv: string[]): Promise<BeaconReport | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" },
      seconds: { type: "string" },
      connections: { type: "string" },
    },
    strict: false,
  });
  const quick = values.quick === true;
  const seconds = wholeOption("seconds", values.seconds, quick ? 3 : 10);
  const connections = wholeOption("connections", values.connections, quick ? 16 : 64);
  const wrk = findExecutable("wrk");
  if (!wrk) {
    console.error("beacon benchmark: wrk not found; install Debian's package: apt-get install -y wrk");
    return undefined;
  }
  const dataDir = mkdtempSync(join(tmpdir(), "tribune-beacon-bench-"));
  const config = loadConfig({
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    TRUST_PROXY: "loopback",
  });
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    await syncEditions(database.db, config.editions);
    await seedDemo(database.db, {
      mediaStore: openMediaStore(config),
      editions: config.editions.map((e) => e.code),
    });
    const articleIds = (
      await database.db.selectFrom("articles").select("id").where("edition", "=", "en").execute()
    ).map((row) => row.id);
    const app = await buildApp({ config, database, watchSchedule: false });
    try {
      const origin = await app.listen({ host: "127.0.0.1", port: 0 });
      const script = join(dataDir, "beacon.lua");
      writeFileSync(script, POST_SCRIPT);
      const writesBefore = app.audience.counter.writes;
      const args = [`-t2`, `-c${connections}`, `-d${seconds}s`, "--latency", "--timeout", "5s"];
      args.push("-s", script, `${origin}/beacon`, "--", articleIds.join(","));
      const run = startTracked(wrk, args);
      const code = await new Promise<number | null>((resolve) => run.child.once("exit", resolve));
      if (code !== 0) throw new Error(`wrk failed (${code}):\n${run.output()}`);
      const load = parseWrk(run.output());
      await app.audience.counter.flush();
      const databaseWrites = app.audience.counter.writes - writesBefore;
      const written = await database.db
        .selectFrom("audienceViews")
        .select((eb) => eb.fn.sum<number | string>("views").as("views"))
        .executeTakeFirst();
      const report: BeaconReport = {
        engine: "sqlite",
        seconds,
        connections,
        viewsPerSecond: Math.round(load.requestsPerSecond),
        p50Ms: load.p50Ms,
        p99Ms: load.p99Ms,
        errors: load.errors,
        viewsWritten: Number(written?.views ?? 0),
        databaseWrites,
        databaseWritesPerSecond: Number((databaseWrites / seconds).toFixed(2)),
      };
      mkdirSync("bench-results", { recursive: true });
      writeFileSync("bench-results/beacon.json", `${JSON.stringify(report, null, 2)}\n`);
      const markdown = [
        "| engine | seconds | connections | views/s | p50 ms | p99 ms | errors | views written | DB writes | DB writes/s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        `| ${report.engine} | ${seconds} | ${connections} | ${report.viewsPerSecond} | ${report.p50Ms} | ${report.p99Ms} | ${report.errors} | ${report.viewsWritten} | ${databaseWrites} | ${report.databaseWritesPerSecond} |`,
      ].join("\n");
      writeFileSync("bench-results/beacon.md", `${markdown}\n`);
      console.log(markdown);
      return report;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runBeaconBench(process.argv.slice(2));
}
