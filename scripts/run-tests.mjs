#!/usr/bin/env node
// `npm test`: finds the test files, works out which optional suites this machine can run
// (PostgreSQL, Chromium), then runs them all with node's test runner through tsx.
//
//   npm test                      every *.test.ts / *.test.tsx under src/ and test/
//   npm test -- media             only files whose path contains "media"
//   npm test -- test/support      a folder (or a file) works as well
//   npm test -- --test-name-pattern=slug media
//                                 arguments starting with "--" are handed to node as they are
//
// Outside CI a missing PostgreSQL server or Chromium skips those suites with a clear line;
// with CI=true either one missing is an error.

import { spawn } from "node:child_process";
import { accessSync, constants, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const testRoots = ["src", "test"];
const defaultDatabaseUrl = "postgres://postgres@127.0.0.1:5432/test";
const isCI = /^(true|1)$/i.test(process.env.CI ?? "");

/** Lines repeated at the very end, so they are the last thing a person reads. */
const skipped = [];

function skip(...lines) {
  skipped.push(...lines);
  for (const line of lines) console.log(line);
}

function fail(message) {
  console.error(`run-tests: ${message}`);
  process.exit(1);
}

/** Every *.test.ts / *.test.tsx below `dir`, as paths relative to the repository root. */
function findTestFiles(dir) {
  const found = [];
  let entries;
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return found;
    throw error;
  }
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(rel));
    else if (entry.isFile() && /\.test\.tsx?$/.test(entry.name)) found.push(rel);
  }
  return found;
}

const isBrowserFile = (file) => /\.browser\.test\.tsx?$/.test(file);

/** Hide the password, if any, when a URL is printed. */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Resolves to undefined when `url` answers a query within 2 s, else to the reason it does not. */
async function probePostgres(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000, query_timeout: 2000 });
  // An error after connecting (server going away) must not crash this script.
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return describeError(error);
  } finally {
    await client.end().catch(() => {});
  }
}

function describeError(error) {
  if (!(error instanceof Error)) return String(error);
  // Node's AggregateError (one error per address tried) has an empty message of its own.
  const inner = Array.isArray(error.errors) ? error.errors.map(describeError).join("; ") : "";
  return error.message || inner || error.code || error.constructor.name;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** CHROMIUM_PATH if set (and only that), else the usual places. */
function findChromium() {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  if (isExecutable("/usr/bin/chromium")) return "/usr/bin/chromium";
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    const found = onPath(name);
    if (found) return found;
  }
  return undefined;
}

// --- arguments -----------------------------------------------------------------------------------

const nodeArgs = [];
const filters = [];
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith("--")) nodeArgs.push(arg);
  else if (arg) filters.push(arg);
}

/** A filter matches a file when it names it (or a folder above it), or is a substring of its path. */
function matches(file, filter) {
  const normalized = filter.replaceAll("\\", "/").replace(/^\.\//, "").replace(/\/+$/, "");
  if (normalized && file.includes(normalized)) return true;
  const abs = path.resolve(process.cwd(), filter);
  const fileAbs = path.join(root, file);
  return fileAbs === abs || fileAbs.startsWith(abs + path.sep);
}

let files = testRoots.flatMap(findTestFiles).sort();
if (filters.length > 0) files = files.filter((file) => filters.some((filter) => matches(file, filter)));
if (files.length === 0) {
  fail(
    filters.length > 0 ? `no test files match ${filters.map((f) => `"${f}"`).join(", ")}` : "no test files",
  );
}

// --- PostgreSQL ----------------------------------------------------------------------------------

const env = { ...process.env };

if (process.env.TEST_DATABASE_URL) {
  const url = process.env.TEST_DATABASE_URL;
  const problem = await probePostgres(url);
  // Asked for explicitly: not answering is an error here as well as in CI.
  if (problem) fail(`TEST_DATABASE_URL=${redact(url)} does not answer: ${problem}`);
  console.log(`PostgreSQL: ${redact(url)} (from TEST_DATABASE_URL)`);
} else {
  const problem = await probePostgres(defaultDatabaseUrl);
  if (!problem) {
    env.TEST_DATABASE_URL = defaultDatabaseUrl;
    console.log(`PostgreSQL: ${defaultDatabaseUrl}`);
  } else if (isCI) {
    fail(`CI=true but no PostgreSQL at ${defaultDatabaseUrl}: ${problem}`);
  } else {
    console.log(`PostgreSQL: ${defaultDatabaseUrl} does not answer: ${problem}`);
    skip(
      `SKIPPED: PostgreSQL suites — no server at ${defaultDatabaseUrl} (set TEST_DATABASE_URL to run them)`,
    );
  }
}

// --- Chromium ------------------------------------------------------------------------------------

const chromiumPath = findChromium();
if (chromiumPath) {
  env.CHROMIUM_PATH = chromiumPath;
  console.log(`Chromium: ${chromiumPath}`);
} else {
  const where = process.env.CHROMIUM_PATH
    ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable`
    : "none at /usr/bin/chromium or on PATH (chromium, chromium-browser, google-chrome)";
  if (isCI) fail(`CI=true but no Chromium: ${where}`);
  const browserFiles = files.filter(isBrowserFile);
  files = files.filter((file) => !isBrowserFile(file));
  console.log(`Chromium: ${where}`);
  skip(
    "SKIPPED: browser suites — no Chromium found (apt-get install chromium)",
    ...browserFiles.map((file) => `  left out: ${file}`),
  );
}

// --- run -----------------------------------------------------------------------------------------

function printSkipped() {
  if (skipped.length === 0) return;
  console.log("");
  for (const line of skipped) console.log(line);
}

if (files.length === 0) {
  console.log("run-tests: every matching file was left out; nothing to run.");
  printSkipped();
  process.exit(0);
}

/** Files per process: enough that loading the code is paid rarely, few enough to balance two slots. */
const FILES_PER_SHARD = 16;
/** How long one process of files may run (the longest takes under two minutes on two cores). */
const PROCESS_TIMEOUT_S = Number(process.env.TEST_PROCESS_TIMEOUT_S) || 900;

/**
 * Test files share processes where node can (22.8 and later: --test-isolation=none): each file on
 * its own cost a process that loaded some 1,900 modules (~3 s of CPU) before its first test, a third
 * of the suite's time on two cores. The files are dealt into shards, each one process running its
 * files one after the other, two shards at a time. TEST_ISOLATION=process (or node 20) runs every
 * file in its own process as before.
 */
const canShare = process.allowedNodeEnvironmentFlags.has("--test-isolation");
const sharing = canShare && process.env.TEST_ISOLATION !== "process" && files.length > 1;
const reporterArgs = nodeArgs.some((arg) => arg.startsWith("--test-reporter"))
  ? []
  : ["--test-reporter=spec"];
const children = new Set();

// Pass termination requests on; each child's end is handled where it was started.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}

if (!sharing) {
  console.log(`Running ${files.length} test file(s), each in its own process\n`);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--test", "--test-concurrency=2", ...nodeArgs, ...files],
    { cwd: root, env, stdio: "inherit" },
  );
  children.add(child);
  child.on("error", (error) => fail(`could not start node: ${error.message}`));
  child.on("exit", (code, signal) => {
    printSkipped();
    if (signal) console.error(`run-tests: test runner ended by ${signal}`);
    process.exit(code ?? 1);
  });
} else {
  const shards = dealShards(files, Math.max(2, Math.ceil(files.length / FILES_PER_SHARD)));
  console.log(`Running ${files.length} test file(s) in ${shards.length} processes, two at a time\n`);
  const outcomes = await runShards(shards, 2);
  printSummary(outcomes);
  printSkipped();
  process.exit(failed(outcomes).length === 0 ? 0 : 1);
}

/**
 * A guess at a file's running time, to balance the shards: browser flows and the end-to-end files
 * under test/ take several times what a unit's file does.
 */
function weightOf(file) {
  if (isBrowserFile(file)) return 20;
  if (file.startsWith("test/")) return 10;
  return 4;
}

/** Heaviest first, each file to the lightest shard (longest-processing-time scheduling). */
function dealShards(list, count) {
  const shards = Array.from({ length: Math.min(count, list.length) }, () => ({ files: [], weight: 0 }));
  const byWeight = [...list].sort((a, b) => weightOf(b) - weightOf(a) || a.localeCompare(b));
  for (const file of byWeight) {
    const lightest = shards.reduce((least, shard) => (shard.weight < least.weight ? shard : least));
    lightest.files.push(file);
    lightest.weight += weightOf(file);
  }
  return shards.map((shard) => shard.files.sort());
}

/** Runs the shards `slots` at a time; prints each one's report whole when it ends. */
async function runShards(shards, slots) {
  const outcomes = [];
  let next = 0;
  const startedAt = Date.now();
  const worker = async () => {
    while (next < shards.length) {
      const index = next++;
      const outcome = await runShard(shards[index], index, shards.length);
      outcomes[index] = outcome;
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
      console.log(
        `\n── process ${index + 1}/${shards.length} (${shards[index].length} files) ${outcome.code === 0 ? "passed" : "FAILED"}, ${seconds} s into the run`,
      );
      process.stdout.write(outcome.output);
    }
  };
  await Promise.all(Array.from({ length: slots }, worker));
  return outcomes;
}

function runShard(shardFiles, index, count) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--test", "--test-isolation=none", ...reporterArgs, ...nodeArgs, ...shardFiles],
      { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.add(child);
    const chunks = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.on("error", (error) =>
      chunks.push(Buffer.from(`run-tests: could not start node: ${error.message}\n`)),
    );
    // Its report is printed only when it ends: one that never does (a handle a test left open)
    // is stopped, so that the run ends and says which files it was running.
    let stopped = false;
    const timer = setTimeout(() => {
      stopped = true;
      chunks.push(
        Buffer.from(
          `run-tests: process ${index + 1}/${count} still running after ${PROCESS_TIMEOUT_S} s (TEST_PROCESS_TIMEOUT_S); stopped\n`,
        ),
      );
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    }, PROCESS_TIMEOUT_S * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (signal) chunks.push(Buffer.from(`run-tests: process ${index + 1}/${count} ended by ${signal}\n`));
      const output = Buffer.concat(chunks).toString();
      // Stopped, it is a failure whatever its code (node's runner ends a SIGTERM with 0).
      resolve({ files: shardFiles, code: stopped ? 1 : (code ?? 1), output, counts: countsOf(output) });
    });
  });
}

/** The spec reporter's closing figures ("ℹ tests 12", "ℹ fail 0", ...). */
function countsOf(output) {
  const counts = {};
  for (const match of output.matchAll(/^ℹ (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) {
    counts[match[1]] = (counts[match[1]] ?? 0) + Number(match[2]);
  }
  return counts;
}

function printSummary(outcomes) {
  const total = {};
  for (const { counts } of outcomes) {
    for (const [name, value] of Object.entries(counts)) total[name] = (total[name] ?? 0) + value;
  }
  console.log(
    `\n── all processes: ${outcomes.length - failed(outcomes).length} of ${outcomes.length} passed`,
  );
  // The figures are the spec reporter's; another reporter chosen by hand prints its own.
  if (reporterArgs.length > 0) {
    for (const name of ["tests", "suites", "pass", "fail", "cancelled", "skipped", "todo"]) {
      console.log(`ℹ ${name} ${total[name] ?? 0}`);
    }
  }
  if (failed(outcomes).length > 0) {
    console.log("\nFAILED: the processes that ran these files (their reports above say which tests):");
    for (const outcome of failed(outcomes)) console.log(`  ${outcome.files.join(" ")}`);
  }
}

function failed(outcomes) {
  return outcomes.filter((outcome) => outcome.code !== 0);
}
