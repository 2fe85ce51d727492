// Scheduled work runs once across instances: two `tribune serve` on one database, the holder of the
// schedule lease is killed (SIGKILL, no goodbye), the other takes the lease over within its time
// and announces an article that comes due afterwards, once. Then, with no instance running, a
// publication comes due: the instance that starts next takes the lease as it gets ready, and what it
// announces then reaches an instance already serving readers (through the outbox).

import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SCHEDULE_LEASE } from "../src/cache/scheduled-work.ts";
import type { DatabaseHandle } from "../src/db/database.ts";
import { DirectoryMediaStore } from "../src/media/directory-media-store.ts";
import { seedDemo } from "../src/seed/demo-seed.ts";
import { runTribune } from "./support/cli.ts";
import { postgresTestUrl, testConfig } from "./support/databases.ts";
import { type Instances, startInstances } from "./support/instances.ts";
import { createTestUser } from "./support/newsroom.ts";
import { createServerDatabase, type ServerDatabase } from "./support/server-database.ts";
import { sleep } from "./support/server-process.ts";

const LEASE_SECONDS = 2;

const kinds = postgresTestUrl() ? (["sqlite", "postgres"] as const) : (["sqlite"] as const);

for (const kind of kinds) {
  describe(`scheduled work across two instances on ${kind}`, () => {
    let seedDir: string;
    let database: ServerDatabase;
    let handle: DatabaseHandle;
    let instances: Instances | undefined;

    before(async () => {
      seedDir = await mkdtemp(join(tmpdir(), "tribune-lease-"));
      database = await createServerDatabase(kind, seedDir, postgresTestUrl());
      handle = await database.open();
      await seedDemo(handle.db, {
        mediaStore: new DirectoryMediaStore(join(seedDir, "media")),
        editions: testConfig.editions.map((e) => e.code),
      });
    });
    after(async () => {
      await instances?.close();
      await handle.close();
      await database.drop();
      await rm(seedDir, { recursive: true, force: true });
    });

    const holder = async () =>
      (
        await handle.db
          .selectFrom("leases")
          .select(["holder", "expiresAt"])
          .where("name", "=", SCHEDULE_LEASE)
          .executeTakeFirst()
      )?.holder;
    const pidOf = (holderName: string | undefined) => Number(holderName?.split(":")[1]);

    test("the holder is killed; the other instance takes over and announces a due article once", async () => {
      instances = await startInstances(2, database.url, { SCHEDULE_LEASE_SECONDS: String(LEASE_SECONDS) });
      const pids = instances.list.map((instance) => instance.server.pid);
      const first = await holder();
      assert.ok(pids.includes(pidOf(first)), `one of the instances holds the lease (${first})`);
      const article = await handle.db
        .selectFrom("articles")
        .select(["id", "storyId"])
        .where("status", "=", "published")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      // Due after the lease has expired: only the instance that took over can announce it.
      const dueAt = new Date(Date.now() + (LEASE_SECONDS + 2) * 1000).toISOString();
      await handle.db
        .updateTable("articles")
        .set({ status: "scheduled", publishedAt: dueAt })
        .where("id", "=", article.id)
        .execute();
      const killed = instances.list.find((instance) => instance.server.pid === pidOf(first));
      assert.ok(killed);
      const killedAt = Date.now();
      process.kill(killed.server.pid, "SIGKILL");
      await killed.server.exited;

      let taker = await holder();
      while (taker === first && Date.now() - killedAt < LEASE_SECONDS * 1000 * 2) {
        await sleep(50);
        taker = await holder();
      }
      const tookMs = Date.now() - killedAt;
      assert.notEqual(taker, first, "another instance took the lease over");
      assert.ok(pids.includes(pidOf(taker)));
      assert.ok(tookMs <= LEASE_SECONDS * 1000 + 1_000, `taken over ${tookMs} ms after the kill`);

      await sleep(Date.parse(dueAt) - Date.now() + 1_500);
      const rows = await handle.db.selectFrom("contentChanges").select(["origin", "change"]).execute();
      const announcements = rows.filter((row) => {
        const change = JSON.parse(row.change) as { reasons: string[]; articleIds: number[] };
        return change.reasons.includes("schedule.due") && change.articleIds.includes(article.id);
      });
      assert.equal(announcements.length, 1, "announced once");
      assert.equal(pidOf(announcements[0]?.origin), pidOf(taker), "by the instance that took over");
    });

    test("an instance that takes the lease as it starts tells the others what came due before", async () => {
      // Nobody holds the lease (the instances stopped cleanly) when a publication comes due.
      assert.ok(instances);
      await instances.close();
      // A reader-facing instance that never watches the schedule, where an editor schedules a story.
      const reader = await instances.start({ TRIBUNE_WATCH_SCHEDULE: "0" });
      const editor = await createTestUser(handle.db, "editor");
      const added = await runTribune(["token", "add", "--email", editor.email, "--name", "desk"], {
        DATABASE_URL: database.url,
        DATA_DIR: reader.dataDir,
      });
      const token = /trb_\S+/.exec(added.stdout)?.[0];
      assert.ok(token, added.stdout + added.stderr);
      const api = async (path: string, body: unknown) => {
        const response = await fetch(`${reader.origin}/api/v1${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        assert.ok(response.ok, `${path}: ${response.status} ${text}`);
        return JSON.parse(text) as { id: number };
      };
      const title = "Night ferry timetable changes from Monday";
      const article = await api("/stories", { edition: "en", title, body: "The new timetable." });
      const dueAt = new Date(Date.now() + 1_500).toISOString();
      const front = async () => {
        const response = await fetch(`${reader.origin}/`);
        return { cache: response.headers.get("x-page-cache"), html: await response.text() };
      };
      await api(`/articles/${article.id}/schedule`, { at: dueAt });
      await front();
      const cached = await front();
      assert.equal(cached.cache, "HIT", "the front page is cached");
      assert.ok(!cached.html.includes(title), "not on the front page before its time");
      await sleep(Date.parse(dueAt) - Date.now() + 200);
      assert.ok(!(await front()).html.includes(title), "the cached front page, until told");

      // An instance starts and takes the lease in its first moments: what it announces then must
      // reach the outbox, as the reader instance hears of it only there.
      const watcher = await instances.start();
      assert.equal(pidOf(await holder()), watcher.server.pid, "the new instance holds the lease");
      const shownAfter = Date.now();
      while (!(await front()).html.includes(title) && Date.now() - shownAfter < 5_000) await sleep(50);
      assert.ok((await front()).html.includes(title), "the reader instance shows the article");
      const rows = await handle.db.selectFrom("contentChanges").select(["origin", "change"]).execute();
      const announcements = rows.filter((row) => {
        const change = JSON.parse(row.change) as { reasons: string[]; articleIds: number[] };
        return change.reasons.includes("schedule.due") && change.articleIds.includes(article.id);
      });
      assert.equal(announcements.length, 1, "announced once, in the outbox");
    });
  });
}
