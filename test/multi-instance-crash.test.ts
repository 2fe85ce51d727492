// Crash safety across instances: three `tribune serve` on a PostgreSQL server of the test's own,
// sharing one media directory, while editors write through the admin API with a token (stories
// created, then edited with If-Match) and upload pictures, on every live instance in turn.
// Meanwhile an instance is killed (SIGKILL) and a replacement started, then the holder of the
// schedule lease is killed, then PostgreSQL itself is stopped at once and started again (every
// connection drops). Afterwards every acknowledged write is in the database with its content, each
// publication scheduled to fall among the faults was announced exactly once, every instance listens
// again (LISTEN/NOTIFY) and an edit made on one reaches the other's page cache within a second, and
// every media row's files are there, of their recorded size and decodable.

import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import sharp from "sharp";
import { CONTENT_CHANGE_CHANNEL } from "../src/cache/cluster-relay.ts";
import { SCHEDULE_LEASE } from "../src/cache/scheduled-work.ts";
import type { DatabaseHandle, Db } from "../src/db/database.ts";
import { ORIGINALS_DIR, VARIANTS_DIR } from "../src/media/media-storage.ts";
import { generatePlaceholderPhoto } from "../src/media/placeholder-photo.ts";
import { runTribune } from "./support/cli.ts";
import { type Instance, type Instances, startInstances } from "./support/instances.ts";
import { createTestUser } from "./support/newsroom.ts";
import { privatePostgresForSuite } from "./support/private-postgres.ts";
import { createServerDatabase, type ServerDatabase } from "./support/server-database.ts";
import { sleep } from "./support/server-process.ts";
import { findLostWrites, withJpegComment } from "./support/write-workload.ts";

/** Short, so that a takeover happens within the test; production's default is 15 s. */
const LEASE_SECONDS = 2;
/** How long PostgreSQL stays stopped before it starts again. */
const DOWN_MS = 1_000;
const CRASH_TRACE = /Uncaught|unhandled|ERR_UNHANDLED_ERROR/i;

/** What the instances acknowledged (2xx): to be found in the database afterwards. */
interface Ledger {
  created: { id: number; title: string }[];
  edited: { id: number; title: string }[];
  uploads: { id: number; name: string; bytes: number }[];
}

// Started before the suite, so that a machine without a PostgreSQL install can skip with the reason.
const { server, skip } = await privatePostgresForSuite();

describe("crash safety across three instances on PostgreSQL", { skip }, () => {
  let dir: string;
  let mediaDir: string;
  let database: ServerDatabase;
  let handle: DatabaseHandle;
  let instances: Instances | undefined;
  let token = "";

  before(async () => {
    assert.ok(server);
    dir = await mkdtemp(join(tmpdir(), "tribune-crashmulti-"));
    mediaDir = join(dir, "media");
    database = await createServerDatabase("postgres", dir, server.url);
    handle = await database.open();
    const editor = await createTestUser(handle.db, "editor");
    instances = await startInstances(3, database.url, {
      MEDIA_DIR: mediaDir,
      PAGE_CACHE_MB: "16",
      SCHEDULE_LEASE_SECONDS: String(LEASE_SECONDS),
    });
    const added = await runTribune(["token", "add", "--email", editor.email, "--name", "crash"], {
      DATABASE_URL: database.url,
      DATA_DIR: instances.list[0]?.dataDir ?? "",
    });
    token = /trb_\S+/.exec(added.stdout)?.[0] ?? "";
    assert.ok(token, `tribune token add printed a token:\n${added.stdout}${added.stderr}`);
  });
  after(async () => {
    await instances?.close();
    await handle?.close();
    await database?.drop().catch(() => {});
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("an instance, the lease holder and PostgreSQL go down under writes: nothing acknowledged is lost", async () => {
    assert.ok(instances && server);
    const started = instances;
    const live = [...instances.list];
    const api = new AdminApi(token);
    const holderPid = async () => {
      const row = await handle.db
        .selectFrom("leases")
        .select("holder")
        .where("name", "=", SCHEDULE_LEASE)
        .executeTakeFirst();
      return Number(row?.holder.split(":")[1]);
    };
    // Two drafts to schedule: one due while the lease holder is dead, one while PostgreSQL is down.
    const scheduled: number[] = [];
    for (const n of [1, 2]) {
      const created = await api.createStory(live[0]?.origin ?? "", `Scheduled among the faults ${n}`);
      assert.equal(created.status, 201, created.text);
      scheduled.push((created.body as { id: number }).id);
    }

    const workload = new Workload(api, () => live);
    workload.start(4);
    const began = Date.now();
    const timeline: string[] = [];
    const note = (what: string) => timeline.push(`${what} at ${Date.now() - began} ms`);
    const kill = async (instance: Instance, what: string) => {
      live.splice(live.indexOf(instance), 1);
      process.kill(instance.server.pid, "SIGKILL");
      await instance.server.exited;
      note(`${what} ${instance.server.pid} killed`);
    };
    try {
      await sleep(1_500);
      // a. An instance that does not hold the lease.
      const holding = await holderPid();
      const bystander = live.find((instance) => instance.server.pid !== holding);
      assert.ok(bystander);
      await kill(bystander, "instance");
      // Replaced, as an operator would; it starts while the rest goes on.
      const replacement = started.start().then((instance) => {
        live.push(instance);
        note("its replacement serving");
      });

      // b. The lease holder, with a publication coming due before another can take the lease over.
      const holder = live.find((instance) => instance.server.pid === holding);
      assert.ok(holder, `an instance holds the schedule lease (${holding})`);
      const [duringTakeover, duringRestart] = scheduled as [number, number];
      const dueSoon = new Date(Date.now() + 1_000).toISOString();
      const scheduledFirst = await api.schedule(holder.origin, duringTakeover, dueSoon);
      assert.equal(scheduledFirst.status, 200, scheduledFirst.text);
      await kill(holder, "lease holder");
      const deadline = Date.now() + LEASE_SECONDS * 1_000 * 3;
      while ((await holderPid()) === holding && Date.now() < deadline) await sleep(50);
      assert.notEqual(await holderPid(), holding, "another instance took the schedule lease over");
      note("lease taken over");

      // c. PostgreSQL stops at once and starts again, with a publication coming due meanwhile.
      await replacement;
      await sleep(500);
      const dueWhileDown = new Date(Date.now() + 500).toISOString();
      const second = await api.schedule(live[0]?.origin ?? "", duringRestart, dueWhileDown);
      assert.equal(second.status, 200, second.text);
      const listenersBefore = await listeners(handle.db);
      assert.equal(listenersBefore, live.length, "each instance listens before the restart");
      note("PostgreSQL stopping");
      await server.restart({ downMs: DOWN_MS });
      note("PostgreSQL started");
      const restarted = Date.now();
      const acknowledgedBefore = workload.acknowledged();

      // Every instance listens again (its old connection died with the server).
      while ((await listeners(handle.db).catch(() => 0)) < live.length && Date.now() - restarted < 15_000)
        await sleep(50);
      assert.equal(await listeners(handle.db), live.length, "each instance listens again after the restart");
      note("every instance listening again");
      // Writes go on after the restart on every writer before they stop.
      while (!workload.everyWriterSince(restarted) && Date.now() - restarted < 20_000) await sleep(100);
      assert.ok(
        workload.everyWriterSince(restarted),
        "every writer had a write acknowledged after the restart",
      );
      assert.ok(workload.acknowledged() > acknowledgedBefore);
    } finally {
      await workload.stop();
      note("writes stopped");
    }
    console.log(
      `multi-instance crash: ${timeline.join(", ")}; acknowledged ${workload.ledger.created.length} creates, ${workload.ledger.edited.length} edits, ${workload.ledger.uploads.length} uploads; answers ${JSON.stringify(Object.fromEntries(workload.statuses))}, ${workload.unanswered} unanswered`,
    );

    // The database away is a 503 with a time to try again, never a server error.
    assert.equal(workload.statuses.get(500), undefined, "no write was answered 500");

    // Purges reach the other instances within a second of an edit, through LISTEN/NOTIFY.
    const purgeMs = await editAndRead(api, live);
    console.log(
      `multi-instance crash: an edit after the restart was read on the others after ${purgeMs.join(", ")} ms`,
    );
    for (const ms of purgeMs) assert.ok(ms < 1_000, `read ${ms} ms after the edit`);

    // Each scheduled publication was announced once, though its holder died or the database went away.
    for (const id of scheduled) {
      const due = async () => (await announcementsOf(handle.db, id)).length;
      const deadline = Date.now() + LEASE_SECONDS * 1_000 * 3;
      while ((await due()) === 0 && Date.now() < deadline) await sleep(100);
      // A second announcement would come within a look or two: wait for one before counting.
      await sleep(LEASE_SECONDS * 1_000);
      assert.equal(await due(), 1, `article #${id}: announced once`);
    }

    for (const instance of live) {
      assert.equal(instance.server.child.exitCode, null, `instance ${instance.server.pid} still runs`);
      assert.doesNotMatch(instance.server.output(), CRASH_TRACE, `instance ${instance.server.pid} crashed`);
    }
    assert.deepEqual(await lostWrites(handle.db, workload.ledger, mediaDir), []);
    assert.deepEqual(await brokenMedia(handle.db, mediaDir), []);
    for (const kind of ["created", "edited", "uploads"] as const) {
      assert.ok(workload.ledger[kind].length > 0, `some ${kind} were acknowledged`);
    }
  });
});

/** Backends whose last statement was an instance's LISTEN on the content outbox's channel. */
async function listeners(db: Db): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from pg_stat_activity
    where datname = current_database() and query like ${`listen "${CONTENT_CHANGE_CHANNEL}%`}`.execute(db);
  return rows[0]?.count ?? 0;
}

/** The outbox rows that announced `articleId`'s scheduled time. */
async function announcementsOf(db: Db, articleId: number): Promise<string[]> {
  const rows = await db.selectFrom("contentChanges").select(["origin", "change"]).execute();
  return rows
    .filter((row) => {
      const change = JSON.parse(row.change) as { reasons: string[]; articleIds: number[] };
      return change.reasons.includes("schedule.due") && change.articleIds.includes(articleId);
    })
    .map((row) => row.origin);
}

/**
 * Publishes a story on the first instance, has the others cache its page, then edits it there: how
 * long each other instance took to show the edit, from its acknowledgement.
 */
async function editAndRead(api: AdminApi, live: Instance[]): Promise<number[]> {
  const [writer, ...readers] = live;
  assert.ok(writer && readers.length > 0);
  const created = await api.createStory(writer.origin, "Harbour works go on");
  assert.equal(created.status, 201, created.text);
  const { id } = created.body as { id: number };
  const published = await api.send(writer.origin, "POST", `/api/v1/articles/${id}/publish`, {});
  assert.equal(published.status, 200, published.text);
  const read = await api.send(writer.origin, "GET", `/api/v1/articles/${id}`);
  assert.equal(read.status, 200, read.text);
  const path = new URL((read.body as { url: string }).url).pathname;
  const titleOf = async (origin: string) =>
    /<h1[^>]*>([^<]*)</.exec(await (await fetch(`${origin}${path}`)).text())?.[1];
  for (const reader of readers) {
    await titleOf(reader.origin);
    assert.equal(await titleOf(reader.origin), "Harbour works go on");
  }
  const title = "Harbour reopens after the restart";
  const version = (published.body as { version: number }).version;
  const edited = await api.send(writer.origin, "PATCH", `/api/v1/articles/${id}`, { title }, version);
  assert.equal(edited.status, 200, edited.text);
  const started = Date.now();
  return Promise.all(
    readers.map(async (reader) => {
      while ((await titleOf(reader.origin)) !== title && Date.now() - started < 3_000) await sleep(20);
      assert.equal(await titleOf(reader.origin), title, `${reader.origin} shows the edit`);
      return Date.now() - started;
    }),
  );
}

interface Answer {
  status: number;
  text: string;
  body: unknown;
}

/** The admin API with a bearer token, on whichever instance is asked. */
class AdminApi {
  constructor(private readonly token: string) {}

  async send(
    origin: string,
    method: string,
    path: string,
    json?: unknown,
    version?: number,
  ): Promise<Answer> {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(json === undefined ? {} : { "content-type": "application/json" }),
        ...(version === undefined ? {} : { "if-match": `"${version}"` }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      signal: AbortSignal.timeout(15_000),
    });
    return answerOf(response);
  }

  createStory(origin: string, title: string): Promise<Answer> {
    return this.send(origin, "POST", "/api/v1/stories", {
      edition: "en",
      title,
      body: `The text of ${title}.`,
    });
  }

  schedule(origin: string, id: number, at: string): Promise<Answer> {
    return this.send(origin, "POST", `/api/v1/articles/${id}/schedule`, { at });
  }

  async upload(origin: string, name: string, photo: Buffer): Promise<Answer> {
    const form = new FormData();
    form.append("credit", name);
    form.append("file", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), name);
    const response = await fetch(`${origin}/api/v1/media`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.token}` },
      body: form,
      signal: AbortSignal.timeout(15_000),
    });
    return answerOf(response);
  }
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, text: text.slice(0, 300), body };
}

/**
 * Writers, each a loop: create a story, edit it (If-Match), and every third time upload a picture;
 * each request to the next live instance. Only 2xx answers go in the ledger.
 */
class Workload {
  readonly ledger: Ledger = { created: [], edited: [], uploads: [] };
  readonly statuses = new Map<number | string, number>();
  unanswered = 0;
  /** When each writer last had a write acknowledged. */
  private readonly lastAcknowledged: number[] = [];
  private running: Promise<void>[] = [];
  private stopping = false;

  constructor(
    private readonly api: AdminApi,
    private readonly live: () => Instance[],
  ) {}

  start(writers: number): void {
    this.running = Array.from({ length: writers }, (_, n) => this.loop(n));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  acknowledged(): number {
    return this.ledger.created.length + this.ledger.edited.length + this.ledger.uploads.length;
  }

  everyWriterSince(time: number): boolean {
    return this.running.every((_, n) => (this.lastAcknowledged[n] ?? 0) > time);
  }

  private origin(turn: number): string {
    const live = this.live();
    return live[turn % live.length]?.origin ?? "";
  }

  /** One request, counted; its answer when 2xx. */
  private async call(request: () => Promise<Answer>): Promise<Answer | undefined> {
    try {
      const answer = await request();
      this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 200 && answer.status < 300) return answer;
    } catch {
      this.unanswered++;
    }
    // An instance or the database is away: do not spin.
    await sleep(50);
    return undefined;
  }

  private async loop(writer: number): Promise<void> {
    const base = await generatePlaceholderPhoto(120, 80, `crash-${writer}`);
    for (let n = 0; !this.stopping; n++) {
      const name = `w${writer} n${n}`;
      const turn = writer + n;
      const title = `Crash ${name} created`;
      const created = await this.call(() => this.api.createStory(this.origin(turn), title));
      if (created) {
        const { id, version } = created.body as { id: number; version: number };
        this.ledger.created.push({ id, title });
        this.lastAcknowledged[writer] = Date.now();
        const edit = `Crash ${name} edited`;
        const edited = await this.call(() =>
          this.api.send(this.origin(turn + 1), "PATCH", `/api/v1/articles/${id}`, { title: edit }, version),
        );
        if (edited) this.ledger.edited.push({ id, title: edit });
      }
      if (n % 3 === writer % 3 && !this.stopping) {
        const file = `crash-${writer}-${n}.jpg`;
        const photo = withJpegComment(base, file);
        const uploaded = await this.call(() => this.api.upload(this.origin(turn + 2), file, photo));
        if (uploaded) {
          this.ledger.uploads.push({
            id: (uploaded.body as { id: number }).id,
            name: file,
            bytes: photo.length,
          });
          this.lastAcknowledged[writer] = Date.now();
        }
      }
    }
  }
}

/** Every acknowledged write the database does not hold, described (uploads' sizes included). */
async function lostWrites(db: Db, ledger: Ledger, mediaDir: string): Promise<string[]> {
  const lost = await findLostWrites(
    db,
    {
      created: ledger.created.map(({ id, title }) => ({ articleId: id, title, via: "api" as const })),
      saved: ledger.edited.map(({ id, title }) => ({ articleId: id, title, revisionId: null })),
      published: [],
      comments: [],
      uploads: ledger.uploads.map(({ id, name }) => ({ mediaId: id, name })),
    },
    mediaDir,
  );
  for (const { id, bytes } of ledger.uploads) {
    const media = await db.selectFrom("media").select("sizeBytes").where("id", "=", id).executeTakeFirst();
    if (media && media.sizeBytes !== bytes)
      lost.push(`upload #${id}: ${media.sizeBytes} bytes, not ${bytes}`);
  }
  return lost;
}

/** Media rows whose files are missing, of another size than recorded, or do not decode. */
async function brokenMedia(db: Db, mediaDir: string): Promise<string[]> {
  const broken: string[] = [];
  const check = async (what: string, path: string, bytes: number) => {
    const size = await sizeOf(path);
    if (size !== bytes)
      broken.push(`${what}: ${size === undefined ? "missing" : `${size} bytes, not ${bytes}`}`);
    else if (!(await decodes(path))) broken.push(`${what}: does not decode`);
  };
  for (const row of await db.selectFrom("media").select(["id", "storageKey", "sizeBytes"]).execute()) {
    await check(`media #${row.id} original`, join(mediaDir, ORIGINALS_DIR, row.storageKey), row.sizeBytes);
  }
  for (const row of await db.selectFrom("mediaVariants").select(["mediaId", "file", "sizeBytes"]).execute()) {
    await check(
      `media #${row.mediaId} variant ${row.file}`,
      join(mediaDir, VARIANTS_DIR, row.file),
      row.sizeBytes,
    );
  }
  return broken;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Whether the whole image decodes (a truncated file fails). */
async function decodes(path: string): Promise<boolean> {
  try {
    await sharp(path, { failOn: "truncated" }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}
