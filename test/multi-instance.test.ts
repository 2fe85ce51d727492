// Several instances on one PostgreSQL: three `tribune serve` processes (own ports and data
// directories, standing for machines) behind nginx as the load balancer and Varnish as the cache.
// An edit made through one instance's admin API is read through the two others and through Varnish
// within a second (LISTEN/NOTIFY wakes their outbox readers); one instance is killed while readers
// keep asking through nginx, and no request fails beyond those in flight at that moment.

import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { DatabaseHandle } from "../src/db/database.ts";
import { DirectoryMediaStore } from "../src/media/directory-media-store.ts";
import { loadDemoFixture, seedDemo } from "../src/seed/demo-seed.ts";
import { freePort, runTribune } from "./support/cli.ts";
import { postgresTestUrl, testConfig } from "./support/databases.ts";
import { type Instances, startInstances } from "./support/instances.ts";
import { createTestUser } from "./support/newsroom.ts";
import { nginx, type ProxyProcess, startNginx, startVarnish, varnishd } from "./support/proxies.ts";
import { createServerDatabase, type ServerDatabase } from "./support/server-database.ts";
import { sleep } from "./support/server-process.ts";

const isCI = /^(true|1)$/i.test(process.env.CI ?? "");
const skip = isCI
  ? false
  : !postgresTestUrl()
    ? "needs PostgreSQL (TEST_DATABASE_URL)"
    : !nginx || !varnishd
      ? "needs nginx and varnishd (apt-get install -y nginx-light varnish varnish-modules)"
      : false;
const lead = loadDemoFixture().articles[0]?.editions.en?.title ?? "";

describe("three instances behind nginx and Varnish on one PostgreSQL", { skip }, () => {
  let seedDir: string;
  let database: ServerDatabase;
  let handle: DatabaseHandle;
  let instances: Instances | undefined;
  let balancer: ProxyProcess | undefined;
  let varnish: ProxyProcess | undefined;
  let token = "";
  let articleId = 0;
  let articlePath = "";

  before(async () => {
    seedDir = await mkdtemp(join(tmpdir(), "tribune-multi-"));
    database = await createServerDatabase("postgres", seedDir, postgresTestUrl());
    handle = await database.open();
    await seedDemo(handle.db, {
      mediaStore: new DirectoryMediaStore(join(seedDir, "media")),
      editions: testConfig.editions.map((e) => e.code),
    });
    const editor = await createTestUser(handle.db, "editor");
    // Varnish's port is known before the instances start: they purge it on every change they make.
    const varnishPort = await freePort();
    instances = await startInstances(3, database.url, {
      PAGE_CACHE_MB: "16",
      VARNISH_URLS: `http://127.0.0.1:${varnishPort}`,
      TRUST_PROXY: "loopback",
    });
    balancer = await startNginx(instances.list.map((instance) => instance.port));
    varnish = await startVarnish(Number(new URL(balancer.url).port), varnishPort);
    const added = await runTribune(["token", "add", "--email", editor.email, "--name", "multi-instance"], {
      DATABASE_URL: database.url,
      DATA_DIR: instances.list[0]?.dataDir ?? "",
    });
    token = /trb_\S+/.exec(added.stdout)?.[0] ?? "";
    assert.ok(token, `tribune token add printed a token:\n${added.stdout}${added.stderr}`);
    const row = await handle.db
      .selectFrom("articles")
      .select("id")
      .where("edition", "=", "en")
      .where("title", "=", lead)
      .executeTakeFirstOrThrow();
    articleId = row.id;
    const front = await (await fetch(`${balancer.url}/en/`)).text();
    articlePath =
      new RegExp(`href="(/en/\\d{4}/\\d{2}/\\d{2}/[^"]+)"[^>]*>${escapeRegExp(lead)}<`).exec(front)?.[1] ??
      "";
    assert.ok(articlePath, "the front page links to the lead story");
  });
  after(async () => {
    await varnish?.stop();
    await balancer?.stop();
    await instances?.close();
    await handle?.close();
    await database?.drop();
    await rm(seedDir, { recursive: true, force: true });
  });

  const titleOf = async (origin: string) => {
    const html = await (await fetch(`${origin}${articlePath}`)).text();
    return /<h1[^>]*>([^<]*)</.exec(html)?.[1];
  };

  test("an edit made on one instance is read through the others and through Varnish within a second", async () => {
    const [first, ...others] = instances?.list ?? [];
    assert.ok(first && varnish);
    const readers = [...others.map((instance) => instance.origin), varnish.url];
    // Every reader has the page cached before the edit.
    for (const origin of readers) {
      await titleOf(origin);
      assert.equal(await titleOf(origin), lead);
    }
    const cached = await fetch(`${varnish.url}${articlePath}`);
    await cached.text();
    assert.equal(cached.headers.get("x-cache"), "HIT");

    const current = await fetch(`${first.origin}/api/v1/admin/articles/${articleId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(current.status, 200, await current.clone().text());
    const { version } = (await current.json()) as { version: string };
    const title = "Harbour reopens on every instance at once";
    const edited = await fetch(`${first.origin}/api/v1/articles/${articleId}`, {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "if-match": `"${version}"`,
      },
      body: JSON.stringify({ title }),
    });
    assert.equal(edited.status, 200, await edited.text());
    // From the acknowledgement: the write itself may take a while on a busy machine.
    const started = Date.now();
    const seenAfter = await Promise.all(
      readers.map(async (origin) => {
        while ((await titleOf(origin)) !== title && Date.now() - started < 3_000) await sleep(20);
        return { origin, ms: Date.now() - started, title: await titleOf(origin) };
      }),
    );
    for (const seen of seenAfter) {
      assert.equal(seen.title, title, `${seen.origin} shows the edit`);
      assert.ok(seen.ms < 1_000, `${seen.origin} showed it ${seen.ms} ms after the edit`);
    }
    console.log(
      `multi-instance: the edit was read after ${seenAfter.map((seen) => `${seen.ms} ms`).join(", ")}`,
    );
    // A page Varnish fetched again from an instance that had not yet heard of the edit is purged
    // again by that instance: a second later, Varnish still serves the new title.
    await sleep(1_000);
    assert.equal(await titleOf(varnish.url), title);
  });

  test("an instance killed under load costs no request beyond those in flight", async () => {
    assert.ok(instances && balancer);
    const victim = instances.list[2];
    assert.ok(victim);
    const paths = [articlePath, "/en/", "/es/", "/en/search?q=harbour", "/healthz"];
    let inFlight = 0;
    let inFlightAtKill = -1;
    let answered = 0;
    const failures: string[] = [];
    const deadline = Date.now() + 4_000;
    const reader = async (n: number) => {
      for (let i = n; Date.now() < deadline; i++) {
        const path = paths[i % paths.length] ?? "/";
        inFlight++;
        try {
          const response = await fetch(`${balancer?.url}${path}`);
          await response.arrayBuffer();
          if (response.status >= 500) failures.push(`${path}: ${response.status}`);
          else answered++;
        } catch (error) {
          failures.push(`${path}: ${(error as Error).message}`);
        } finally {
          inFlight--;
        }
      }
    };
    const killer = (async () => {
      await sleep(1_500);
      inFlightAtKill = inFlight;
      process.kill(victim.server.pid, "SIGKILL");
    })();
    await Promise.all([killer, ...Array.from({ length: 6 }, (_, n) => reader(n))]);
    assert.ok(answered > 50, `readers were answered (${answered})`);
    assert.ok(
      failures.length <= inFlightAtKill,
      `${failures.length} failed, ${inFlightAtKill} in flight at the kill: ${failures.join("; ")}`,
    );
    console.log(
      `multi-instance: ${answered} answered, ${failures.length} failed, ${inFlightAtKill} in flight at the kill`,
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
