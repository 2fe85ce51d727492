// Live bench: many readers holding a live page's event stream open on one server.
//
//   npm run bench:live -- --streams 200 --posts 5     (a small run, for a shared machine)
//   npm run bench:live                                1,000 streams, 10 posts (the figure)
//   npm run bench -- --quick                          200 streams, 5 posts
//
// The server runs in a child process of its own (Tribune with the demo content on a fresh SQLite
// file, one story covered live), so that its memory is measured apart from the readers'. The
// readers (this process, plain node:http) open `--streams` event streams to one article; the bench
// reads the server's RSS before and after (memory per stream = delta / streams), then has the
// server post `--posts` updates one after another, each through the LiveService as the newsroom
// does, and times from the post (taken in the server) to the last stream receiving it: p50 and max
// over the posts. Writes bench-results/live.json and .md.

import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { UserService } from "../src/accounts/user-service.ts";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { syncEditions } from "../src/editions/edition-service.ts";
import { LiveService } from "../src/live/live-service.ts";
import { openMediaStore } from "../src/media/open-media-store.ts";
import { seedDemo } from "../src/seed/demo-seed.ts";
import { wholeOption } from "./options.ts";

const RESULTS_DIR = "bench-results";
const now = () => performance.timeOrigin + performance.now();

type ToServer = { type: "rss" } | { type: "post"; marker: string } | { type: "stop" };
type FromServer =
  | { type: "ready"; port: number; articleId: number }
  | { type: "rss"; rss: number; heap: number; streams: number }
  | { type: "posted"; marker: string; at: number };

export interface LiveReport {
  streams: number;
  posts: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  kbPerStream: number;
  /** The JavaScript heap's growth (after a GC) per stream: steadier than RSS on a small run. */
  heapKbPerStream: number;
  /** From each post to the last stream receiving it, in ms. */
  fanOutP50Ms: number;
  fanOutMaxMs: number;
}

export async function runLiveBench(argv: string[]): Promise<LiveReport> {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: "boolean" }, streams: { type: "string" }, posts: { type: "string" } },
    strict: false,
  });
  const streams = wholeOption("streams", values.streams, values.quick ? 200 : 1_000);
  const posts = wholeOption("posts", values.posts, values.quick ? 5 : 10);
  mkdirSync(RESULTS_DIR, { recursive: true });

  const server = fork(fileURLToPath(import.meta.url), ["--serve"], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    env: { ...process.env, LIVE_MAX_STREAMS: String(streams + 10) },
  });
  try {
    const ready = await message(server, "ready");
    const url = `http://127.0.0.1:${ready.port}/live/${ready.articleId}/events`;
    const before = await ask(server, { type: "rss" }, "rss");
    const readers = await openReaders(url, streams);
    const after = await ask(server, { type: "rss" }, "rss");
    if (after.streams !== streams)
      throw new Error(`the server holds ${after.streams} streams, not ${streams}`);
    const fanOut: number[] = [];
    for (let i = 0; i < posts; i++) {
      const marker = `bench-update-${i}-${Date.now()}`;
      const received = readers.waitAll(marker);
      const posted = await ask(server, { type: "post", marker }, "posted");
      fanOut.push((await received) - posted.at);
    }
    readers.close();
    fanOut.sort((a, b) => a - b);
    const report: LiveReport = {
      streams,
      posts,
      rssBeforeMb: round(before.rss / 2 ** 20),
      rssAfterMb: round(after.rss / 2 ** 20),
      kbPerStream: round((after.rss - before.rss) / streams / 1024),
      heapKbPerStream: round((after.heap - before.heap) / streams / 1024),
      fanOutP50Ms: round(fanOut[Math.floor((fanOut.length - 1) / 2)] ?? 0),
      fanOutMaxMs: round(fanOut.at(-1) ?? 0),
    };
    writeFileSync(join(RESULTS_DIR, "live.json"), `${JSON.stringify(report, null, 2)}\n`);
    const table = [
      "| streams | posts | server RSS before → after | RSS per stream | heap per stream | post → last stream p50 | max |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      `| ${streams} | ${posts} | ${report.rssBeforeMb} → ${report.rssAfterMb} MB | ${report.kbPerStream} KB | ${report.heapKbPerStream} KB | ${report.fanOutP50Ms} ms | ${report.fanOutMaxMs} ms |`,
    ].join("\n");
    writeFileSync(join(RESULTS_DIR, "live.md"), `${table}\n`);
    console.log(table);
    return report;
  } finally {
    server.send({ type: "stop" } satisfies ToServer);
    await new Promise((resolve) => server.once("exit", resolve));
  }
}

/** `count` streams, each read for update events; `waitAll(marker)` resolves when the last got it. */
async function openReaders(url: string, count: number) {
  const waiting = new Map<string, { left: number; resolve: (at: number) => void }>();
  const requests: ReturnType<typeof request>[] = [];
  const opened: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    opened.push(
      new Promise((resolve, reject) => {
        const req = request(url, { headers: { accept: "text/event-stream" }, agent: false }, (response) => {
          if (response.statusCode !== 200) return reject(new Error(`stream ${i}: ${response.statusCode}`));
          response.setEncoding("utf8");
          let buffer = "";
          response.on("data", (chunk: string) => {
            buffer += chunk;
            for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              if (block.startsWith(": connected")) resolve();
              for (const [marker, wait] of waiting) {
                if (!block.includes(marker)) continue;
                wait.left--;
                if (wait.left === 0) {
                  waiting.delete(marker);
                  wait.resolve(now());
                }
              }
            }
          });
        });
        req.on("error", reject);
        req.end();
        requests.push(req);
      }),
    );
    // Opened in slices: a thousand connections at once would meet the listen backlog.
    if (i % 100 === 99) await Promise.all(opened.slice(i - 99));
  }
  await Promise.all(opened);
  return {
    waitAll: (marker: string) =>
      new Promise<number>((resolve) => waiting.set(marker, { left: count, resolve })),
    close: () => {
      for (const req of requests) req.destroy();
    },
  };
}

function message<T extends FromServer["type"]>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (value: unknown) => {
      if ((value as FromServer).type !== type) return;
      child.off("message", onMessage);
      resolve(value as Extract<FromServer, { type: T }>);
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`the bench server exited (${code})`)));
  });
}

function ask<T extends FromServer["type"]>(child: ChildProcess, sent: ToServer, type: T) {
  const answer = message(child, type);
  child.send(sent);
  return answer;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The server's side: Tribune on a fresh SQLite file, one story covered live, driven by messages. */
async function serve(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tribune-live-bench-"));
  const handle = await openDatabase(`sqlite:${join(dir, "bench.db")}`);
  await migrateToLatest(handle);
  const config = loadConfig({
    NODE_ENV: "production",
    DATA_DIR: dir,
    PUBLIC_URL: "http://127.0.0.1",
    PAGE_CACHE_MB: "16",
    LIVE_MAX_STREAMS: process.env.LIVE_MAX_STREAMS ?? "2000",
  });
  await syncEditions(handle.db, config.editions);
  await seedDemo(handle.db, {
    mediaStore: openMediaStore(config),
    editions: config.editions.map((e) => e.code),
  });
  const app = await buildApp({ config, database: handle, watchSchedule: false });
  const { user } = await new UserService(handle.db).createUser(
    {
      email: "live-bench@example.org",
      role: "editor",
      password: "live bench password 123",
      editions: [],
      name: "Bench",
    },
    { via: "test" },
  );
  const actor = { id: user.id, role: "editor" as const, editions: [] };
  const live = new LiveService(handle.db, app.contentEvents);
  const article = await handle.db
    .selectFrom("articles")
    .select("id")
    .where("edition", "=", "en")
    .where("status", "=", "published")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  await live.setCoverage(actor, article.id, true);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  const send = (value: FromServer) => process.send?.(value);
  process.on("message", async (value: ToServer) => {
    if (value.type === "rss") {
      globalThis.gc?.();
      const memory = process.memoryUsage();
      send({ type: "rss", rss: memory.rss, heap: memory.heapUsed, streams: app.liveHub.openStreams });
    } else if (value.type === "post") {
      const at = now();
      await live.post(actor, article.id, { text: value.marker, pinned: false, keyEvent: false });
      send({ type: "posted", marker: value.marker, at });
    } else {
      await app.close();
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  send({ type: "ready", port, articleId: article.id });
}

if (process.argv.includes("--serve")) {
  await serve();
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runLiveBench(process.argv.slice(2));
}
