// Import benchmark: `tribune import wordpress` on generated exports, as an operator runs it.
//
//   npm run bench                        speed on a 20,000-post export; memory on a 520 MB one
//   npm run bench -- --quick             speed on 1,000 posts; memory on a 20 MB export (CI)
//   node --import tsx bench/import-bench.ts --posts 5000 --memory-mb 100
//
// Each export (a Polylang site in en, pt and es: translation groups of three, a category, a tag, a
// featured and an inline image per post, a comment on one post in ten) is generated streaming into a
// temporary folder with a few small JPEGs as its uploads folder (media already local). The command
// runs as a child process on a fresh SQLite file; its peak RSS is the kernel's high-water mark of
// that process (VmHWM, read from /proc while it runs). Speed is the posts imported divided by the
// seconds the command itself reports for the import (opening and migrating the database excluded);
// statements per post are the SQL statements the command reports, over the posts imported.
// The goals (README, Import from WordPress) are printed beside the figures, never asserted.
// Writes bench-results/import.json and import.md.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { generateExport } from "./import/generate-wxr.ts";

const RESULTS_DIR = "bench-results";
const BIN = fileURLToPath(new URL("../bin/tribune.js", import.meta.url));
const GOAL_POSTS_PER_SECOND = 1_000;
const GOAL_RSS_MB = 300;

interface RunFigures {
  label: string;
  posts: number;
  exportMb: number;
  importSeconds: number;
  postsPerSecond: number;
  /** SQL statements the command completed per post imported (exact, whatever the machine's load). */
  statementsPerPost: number | null;
  peakRssMb: number;
  exitCode: number | null;
}

export async function runImportBench(argv: string[]): Promise<RunFigures[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" },
      posts: { type: "string" },
      "memory-mb": { type: "string" },
    },
    strict: false,
  });
  const posts = Number(values.posts ?? (values.quick ? 1_000 : 20_000));
  const memoryMb = Number(values["memory-mb"] ?? (values.quick ? 20 : 520));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const runs = [
    await benchOne("speed", { posts, bodyBytes: 2_000 }),
    // Long bodies (200 KB each): the export's size, not its number of posts, is what memory could follow.
    await benchOne("memory", { posts: Math.ceil((memoryMb * 1024 * 1024) / 200_000), bodyBytes: 200_000 }),
  ];
  writeFileSync(
    join(RESULTS_DIR, "import.json"),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs }, null, 2)}\n`,
  );
  writeFileSync(join(RESULTS_DIR, "import.md"), toMarkdown(runs));
  console.log(toMarkdown(runs));
  return runs;
}

async function benchOne(label: string, shape: { posts: number; bodyBytes: number }): Promise<RunFigures> {
  const dir = mkdtempSync(join(tmpdir(), "tribune-import-bench-"));
  try {
    process.stderr.write(`${label}: generating ${shape.posts} posts of ~${shape.bodyBytes} bytes…\n`);
    const generated = await generateExport(dir, shape);
    const exportMb = generated.bytes / 1024 / 1024;
    process.stderr.write(`${label}: importing ${exportMb.toFixed(1)} MB…\n`);
    const run = await runImport(dir, generated.file, generated.uploads);
    const imported = Number(/posts: (\d+) imported/.exec(run.stdout)?.[1] ?? 0);
    const seconds = Number(/ in ([\d.]+) s \(run/.exec(run.stdout)?.[1] ?? Number.NaN);
    const statements = /, (\d+) SQL statements\)/.exec(run.stdout)?.[1];
    if (run.code !== 0 || imported !== shape.posts) {
      process.stderr.write(
        `${label}: the import did not bring every post in:\n${run.stdout}\n${run.stderr}\n`,
      );
    }
    return {
      label,
      posts: imported,
      exportMb: round(exportMb),
      importSeconds: round(seconds),
      postsPerSecond: Math.round(imported / seconds),
      statementsPerPost: statements && imported ? round(Number(statements) / imported) : null,
      peakRssMb: round(run.peakRssKb / 1024),
      exitCode: run.code,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the command on a fresh SQLite file, reading its peak RSS from /proc until it exits. */
function runImport(
  dir: string,
  file: string,
  uploads: string,
): Promise<{ code: number | null; stdout: string; stderr: string; peakRssKb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "import", "wordpress", file, "--media-dir", uploads], {
      env: {
        PATH: process.env.PATH ?? "",
        LOG_LEVEL: "warn",
        DATA_DIR: join(dir, "data"),
        DATABASE_URL: `sqlite:${join(dir, "tribune.db")}`,
      },
    });
    let stdout = "";
    let stderr = "";
    let peakRssKb = 0;
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-20_000);
    });
    const readPeak = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        peakRssKb = Math.max(peakRssKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // Gone already: the last reading stands.
      }
    };
    const poll = setInterval(readPeak, 50);
    child.on("error", reject);
    child.on("exit", () => readPeak());
    child.on("close", (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr, peakRssKb });
    });
  });
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function toMarkdown(runs: RunFigures[]): string {
  const lines = [
    "# Import benchmark",
    "",
    `\`tribune import wordpress\` on generated Polylang exports, SQLite, media already local. Goals: ≥ ${GOAL_POSTS_PER_SECOND} posts/s, peak RSS < ${GOAL_RSS_MB} MB whatever the size.`,
    "",
    "| run | export | posts imported | seconds | posts/s | statements/post | peak RSS (MB) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of runs) {
    lines.push(
      `| ${r.label} | ${r.exportMb} MB | ${r.posts} | ${r.importSeconds} | ${r.postsPerSecond} | ${r.statementsPerPost ?? "?"} | ${r.peakRssMb} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runImportBench(process.argv.slice(2));
}
