// Kill -9 under load: workers and the primary of `tribune serve --workers 2` are killed at random
// moments while editors create, save and publish, readers comment and an editor uploads images;
// the server is started again after each kill of its primary. Whatever the server acknowledged must
// be in the database afterwards, and no story may be left half made.
//
// The kill schedule comes from a seed, printed at the start: CRASH_SEED=<seed> replays it.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { get } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { freePort } from "./support/cli.ts";
import { postgresTestUrl } from "./support/databases.ts";
import { HttpClient } from "./support/http-client.ts";
import { createServerDatabase, type ServerDatabase } from "./support/server-database.ts";
import {
  type ServerProcess,
  sleep,
  startServer,
  stopServer,
  waitForGroupExit,
} from "./support/server-process.ts";
import {
  findHalfMadeStories,
  findLostWrites,
  type PreparedSite,
  prepareSite,
  sqliteIntegrity,
  WriteWorkload,
} from "./support/write-workload.ts";

const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : randomInt(2 ** 31);
if (!Number.isSafeInteger(SEED))
  throw new Error(`CRASH_SEED must be a whole number, not "${process.env.CRASH_SEED}"`);
console.log(
  `crash-safety: seed ${SEED} (CRASH_SEED=${SEED} npm test -- test/crash-safety replays the kills)`,
);

/** Kills per database: a worker, the primary, and one more of either; in a seeded order. */
function killPlan(random: () => number): ("worker" | "primary")[] {
  return shuffled(["worker", "primary", random() < 0.5 ? "worker" : "primary"] as const, random);
}
/** Writing between kills, in ms: from the first to the second number, seeded. */
const BETWEEN_KILLS_MS = [400, 1_600] as const;
/** What a process that died of an error, or did not stop cleanly, prints; none may appear. */
const CRASH_TRACE =
  /Uncaught|unhandled|ERR_IPC_CHANNEL_CLOSED|EPIPE|ERR_UNHANDLED_ERROR|exiting anyway|could not stop/i;

/** mulberry32: a small seeded generator, the same numbers for the same seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

interface Site {
  dataDir: string;
  database: ServerDatabase;
  prepared: PreparedSite;
  env: Record<string, string>;
  origin: string;
}

async function createSite(kind: "sqlite" | "postgres", editors: number): Promise<Site> {
  const dataDir = await mkdtemp(join(tmpdir(), `tribune-crash-${kind}-`));
  const database = await createServerDatabase(kind, dataDir, postgresTestUrl());
  const handle = await database.open();
  let prepared: PreparedSite;
  try {
    prepared = await prepareSite(handle.db, { editors });
  } finally {
    await handle.close();
  }
  const port = await freePort();
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    PORT: String(port),
    LOG_LEVEL: "warn",
    // Readers post from addresses of their own, named in X-Forwarded-For.
    TRUST_PROXY: "loopback",
    COMMENT_POLICY: "open",
  };
  return { dataDir, database, prepared, env, origin: `http://127.0.0.1:${port}` };
}

async function removeSite(site: Site | undefined): Promise<void> {
  if (!site) return;
  await site.database.drop();
  await rm(site.dataDir, { recursive: true, force: true });
}

/** The pid of a worker answering now, asked on a new connection; undefined if none answers. */
async function someWorkerPid(port: number): Promise<number | undefined> {
  const ask = () =>
    new Promise<number | undefined>((resolve) => {
      // No pooled connection: one kept alive might lead to a worker of a primary killed earlier.
      const request = get({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (response) => {
        response.resume();
        const pid = Number(response.headers["x-worker"]);
        resolve(Number.isInteger(pid) && pid > 0 ? pid : undefined);
      });
      request.setTimeout(5_000, () => request.destroy());
      request.on("error", () => resolve(undefined));
    });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const pid = await ask();
    if (pid !== undefined) return pid;
    // A worker just killed is being replaced: ask again.
    await sleep(50);
  }
  return undefined;
}

const pgUrl = postgresTestUrl();

for (const kind of ["sqlite", "postgres"] as const) {
  describe(`kill -9 under mixed writes, ${kind}, two workers`, {
    skip: kind === "postgres" && !pgUrl && "no PostgreSQL (TEST_DATABASE_URL)",
  }, () => {
    let site: Site | undefined;
    const servers: ServerProcess[] = [];

    before(async () => {
      site = await createSite(kind, 3);
    });

    after(async () => {
      for (const server of servers) await stopServer(server, 5_000);
      await removeSite(site);
    });

    test("kills of workers and the primary: nothing acknowledged lost, no half-made story", async () => {
      assert.ok(site);
      const random = seededRandom(SEED + (kind === "sqlite" ? 0 : 1));
      const start = () => startServer(["serve", "--workers", "2"], site?.env ?? {});
      let server = await start();
      servers.push(server);
      const workload = new WriteWorkload(site.origin, site.prepared, {
        tag: `crash-${kind}`,
        commenters: 2,
        uploads: true,
        // A connection the primary hands to a worker killed before it takes it is never answered
        // nor closed (Node's round-robin handoff): such a request gives up sooner than 20 s.
        requestTimeoutMs: 8_000,
      });
      await workload.signIn();
      workload.start();
      const kills: string[] = [];
      const began = Date.now();
      const killedPrimaries: ServerProcess[] = [];
      try {
        for (const target of killPlan(random)) {
          const [low, high] = BETWEEN_KILLS_MS;
          await sleep(low + random() * (high - low));
          if (target === "worker") {
            const pid = await someWorkerPid(Number(site.env.PORT));
            assert.ok(pid, `no worker answered before a kill:\n${server.output()}`);
            process.kill(pid, "SIGKILL");
            kills.push(`worker ${pid} at ${Date.now() - began} ms`);
            continue;
          }
          process.kill(server.pid, "SIGKILL");
          kills.push(`primary ${server.pid} at ${Date.now() - began} ms`);
          await server.exited;
          killedPrimaries.push(server);
          server = await start();
          servers.push(server);
          kills.push(`restarted at ${Date.now() - began} ms`);
        }
        // Writes go on until each kind has been acknowledged at least once, so none passes unchecked.
        const deadline = Date.now() + 30_000;
        do await sleep(BETWEEN_KILLS_MS[0]);
        while (Object.values(workload.ledger).some((writes) => writes.length === 0) && Date.now() < deadline);
      } finally {
        await workload.stop();
      }
      kills.push(`writes stopped at ${Date.now() - began} ms`);
      await stopServer(server);
      kills.push(`stopped at ${Date.now() - began} ms`);
      // The workers of a killed primary finish what they were answering, then go by themselves.
      for (const orphaned of killedPrimaries) {
        assert.ok(
          await waitForGroupExit(orphaned, 20_000),
          `the workers of a killed primary were still running 20 s later:\n${orphaned.output()}`,
        );
      }

      const { ledger, tally } = workload;
      console.log(
        `crash-safety ${kind}: ${kills.join(", ")}; ${workload.acknowledged()} writes acknowledged (${ledger.created.length} creates, ${ledger.saved.length} saves, ${ledger.published.length} publishes, ${ledger.comments.length} comments, ${ledger.uploads.length} uploads); answers ${JSON.stringify(Object.fromEntries(tally.statuses))}, ${tally.unanswered.length} unanswered${tally.slow.length ? `, ${tally.slow.length} after waiting:\n${tally.slow.join("\n")}` : ""}`,
      );
      // A worker closing after its primary died answers what reaches it meanwhile with 503 (and
      // closes the connection): a client tries again. Anything else 5xx is a bug.
      assert.deepEqual(
        tally.serverErrors.filter((line) => !/ → 503: /.test(line)),
        [],
        "answers 5xx other than 503",
      );
      for (const kind of ["created", "saved", "published", "comments", "uploads"] as const) {
        assert.ok(ledger[kind].length > 0, `no ${kind} write was acknowledged`);
      }
      const outputs = servers.map((s) => s.output()).join("\n");
      assert.doesNotMatch(outputs, CRASH_TRACE, "a process died of an error");

      const handle = await site.database.open();
      try {
        assert.deepEqual(await findLostWrites(handle.db, ledger, join(site.dataDir, "media")), []);
        assert.deepEqual(await findHalfMadeStories(handle.db), []);
        if (kind === "sqlite") assert.equal(await sqliteIntegrity(handle.db), "ok");
      } finally {
        await handle.close();
      }
    });
  });
}

/** A raw HTTP/1.1 connection, to hold a request half sent. */
class RawConnection {
  private received = "";
  private readonly socket: Socket;
  readonly closed: Promise<void>;

  constructor(port: number) {
    this.socket = connect(port, "127.0.0.1");
    this.socket.setEncoding("latin1");
    this.socket.on("data", (chunk: string) => {
      this.received += chunk;
    });
    this.closed = new Promise((resolve) => this.socket.once("close", () => resolve()));
    this.socket.on("error", () => {});
  }

  write(text: string): void {
    this.socket.write(text, "latin1");
  }

  /** Waits for one whole answer (with Content-Length) and returns its head; keeps what follows. */
  async answer(ms = 10_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const end = this.received.indexOf("\r\n\r\n");
      if (end >= 0) {
        const head = this.received.slice(0, end);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (this.received.length >= end + 4 + length) {
          this.received = this.received.slice(end + 4 + length);
          return head;
        }
      }
      if (Date.now() > deadline) throw new Error(`no whole answer; got ${JSON.stringify(this.received)}`);
      await sleep(10);
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

describe("a worker whose primary is killed", () => {
  let site: Site | undefined;
  let server: ServerProcess | undefined;

  before(async () => {
    site = await createSite("sqlite", 1);
    server = await startServer(["serve", "--workers", "2"], site.env);
  });

  after(async () => {
    if (server) await stopServer(server, 5_000);
    await removeSite(site);
  });

  test("finishes the request it was reading, answers it, and exits by itself", async () => {
    assert.ok(site && server);
    const [user] = site.prepared.editors;
    assert.ok(user);
    const editor = new HttpClient(site.origin);
    await editor.signIn(user.email, user.password);
    const created = await editor.sendJson("POST", "/newsroom/api/articles", {
      edition: "en",
      title: "Published while the primary dies",
    });
    assert.equal(created.status, 201, created.body);
    const articleId = (JSON.parse(created.body) as { article: { id: number } }).article.id;

    // One connection, handed to one worker: a first request says which.
    const connection = new RawConnection(Number(site.env.PORT));
    try {
      connection.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      const workerPid = Number(/\r\nx-worker: *(\d+)/i.exec(await connection.answer())?.[1]);
      assert.ok(workerPid > 0);

      // The publish form, half sent; the primary dies while the worker waits for the rest.
      const cookie = [...editor.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
      const body = new URLSearchParams({ _csrf: editor.csrfToken }).toString();
      connection.write(
        `POST /newsroom/articles/${articleId}/workflow/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      );
      await sleep(200);
      process.kill(server.pid, "SIGKILL");
      await server.exited;
      const deadline = Date.now() + 10_000;
      while (!server.output().includes("primary is gone")) {
        assert.ok(
          Date.now() < deadline,
          `the worker did not notice its primary was gone:\n${server.output()}`,
        );
        await sleep(20);
      }
      connection.write(body.slice(10));
      const head = await connection.answer();
      assert.match(head, /^HTTP\/1\.1 303/, `the publish was answered:\n${server.output()}`);
      await connection.closed;
    } finally {
      connection.destroy();
    }
    assert.ok(
      await waitForGroupExit(server, 20_000),
      `the worker was still running 20 s later:\n${server.output()}`,
    );
    assert.doesNotMatch(server.output(), CRASH_TRACE);

    const handle = await site.database.open();
    try {
      const article = await handle.db
        .selectFrom("articles")
        .select("status")
        .where("id", "=", articleId)
        .executeTakeFirstOrThrow();
      assert.equal(article.status, "published");
    } finally {
      await handle.close();
    }
  });
});

describe("a worker forked just as its primary dies", () => {
  test("exits without an unhandled error when its first message to the primary fails", async () => {
    // The primary kills itself right after forking: the worker's "online" message meets a closed
    // channel (EPIPE), emitted before any of its modules could listen, unless bin/cluster-worker.cjs
    // (which `tribune serve` requires into every worker) is there first.
    const dir = await mkdtemp(join(tmpdir(), "tribune-orphan-"));
    const preload = new URL("../bin/cluster-worker.cjs", import.meta.url).pathname;
    await writeFile(join(dir, "worker.mjs"), "setTimeout(() => {}, 1000);\n");
    await writeFile(
      join(dir, "primary.mjs"),
      `import cluster from "node:cluster";
cluster.setupPrimary({ exec: ${JSON.stringify(join(dir, "worker.mjs"))}, execArgv: ["--require", ${JSON.stringify(preload)}] });
cluster.fork();
setTimeout(() => process.kill(process.pid, "SIGKILL"), 5);
`,
    );
    const primary = spawn(process.execPath, [join(dir, "primary.mjs")], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    primary.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    primary.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    // The output pipes close once the primary and its worker have both gone.
    const closed = new Promise<void>((resolve) => primary.stderr?.once("close", () => resolve()));
    try {
      await Promise.race([closed, sleep(20_000)]);
      assert.ok(primary.stderr?.closed, "the worker was still running 20 s later");
      assert.doesNotMatch(output, CRASH_TRACE);
    } finally {
      try {
        if (primary.pid) process.kill(-primary.pid, "SIGKILL");
      } catch {
        // Gone, as it should be.
      }
      await rm(dir, { recursive: true, force: true });
    }
  });
});
