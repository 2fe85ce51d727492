import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { freePort, startTribune, stopTribune } from "../../test/support/cli.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { startDemoApp } from "../../test/support/demo-app.ts";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text format, read strictly: a line that is not a comment or a sample fails the test. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1] ?? ""] = pair[2] ?? "";
    }
    samples.push({ name: match[1] ?? "", labels, value: Number(match[3]) });
  }
  return samples;
}

function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

for (const testDatabase of testDatabases()) {
  describe(`metrics of a process (${testDatabase.name})`, () => {
    test("count requests by route pattern, the page cache, the comment queue and, on PostgreSQL, the pool", async () => {
      const demo = await startDemoApp(testDatabase, { PAGE_CACHE_MB: "16" });
      try {
        const { app } = demo;
        assert.equal((await app.inject("/en/")).statusCode, 200);
        await app.inject("/en/");
        assert.equal((await app.inject("/en/tag/no-such-tag")).statusCode, 404);
        assert.equal((await app.inject("/no/such/place-x7")).statusCode, 404);
        const samples = parseExposition(await app.metrics.metrics());

        assert.equal(total(samples, "tribune_http_requests_total", { route: "/en/", status: "200" }), 2);
        assert.equal(
          total(samples, "tribune_http_requests_total", { route: "/en/tag/:slug", status: "404" }),
          1,
        );
        assert.equal(
          total(samples, "tribune_http_requests_total", { route: "(no route)", status: "404" }),
          1,
        );
        assert.ok(
          samples.every(
            (s) => !Object.values(s.labels).some((v) => v.includes("no-such") || v.includes("x7")),
          ),
          "no raw URL becomes a label",
        );
        assert.equal(total(samples, "tribune_http_request_duration_seconds_count", { route: "/en/" }), 2);
        assert.ok(total(samples, "tribune_page_cache_misses_total") >= 1);
        assert.ok(total(samples, "tribune_page_cache_bytes") > 0, "the front page was kept");
        assert.ok(total(samples, "tribune_page_cache_entries") >= 1);

        // Statements: the front page's render ran some, and each statement run counts (background
        // work, such as the scrape's own gauges, may add more in between, never fewer).
        const queried = total(samples, "tribune_db_queries_total");
        assert.ok(queried >= 1, `statements counted: ${queried}`);
        for (let i = 0; i < 50; i++) await demo.database.db.selectFrom("editions").select("code").execute();
        const counted = total(parseExposition(await app.metrics.metrics()), "tribune_db_queries_total");
        assert.ok(counted >= queried + 50, `50 statements more than ${queried}: ${counted}`);

        const pending = await demo.database.db
          .selectFrom("comments")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("status", "=", "pending")
          .executeTakeFirstOrThrow();
        assert.equal(total(samples, "tribune_comments_awaiting_moderation"), Number(pending.n));
        assert.equal(total(samples, "tribune_webhook_deliveries_due"), 0);
        assert.equal(total(samples, "tribune_webhook_delivery_lag_seconds"), 0);
        assert.equal(total(samples, "tribune_schedule_lag_seconds"), 0);

        // A scheduled article whose time came without the watcher hearing of it: the lag shows.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const article = await demo.database.db
          .selectFrom("articles")
          .select("id")
          .limit(1)
          .executeTakeFirstOrThrow();
        await demo.database.db
          .updateTable("articles")
          .set({ status: "scheduled", publishedAt: new Date(Date.now() - 100).toISOString() })
          .where("id", "=", article.id)
          .execute();
        const late = parseExposition(await app.metrics.metrics());
        const lag = total(late, "tribune_schedule_lag_seconds");
        assert.ok(lag >= 0.09 && lag < 10, `schedule lag ${lag} s`);
        const pool = samples.filter((s) => s.name === "tribune_db_pool_connections");
        if (testDatabase.name === "postgres") {
          assert.ok(total(samples, "tribune_db_pool_connections", { state: "total" }) >= 1);
          assert.deepEqual(pool.map((s) => s.labels.state).sort(), ["idle", "total", "waiting"]);
        } else {
          assert.deepEqual(pool, [], "SQLite has no pool to report");
        }
      } finally {
        await demo.close();
      }
    });
  });
}

describe("METRICS_PORT with --workers 2", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "tribune-metrics-"));
  });
  after(() => rm(root, { recursive: true, force: true }));

  test("the primary serves every worker's metrics added up, on its own port only", async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const { child } = await startTribune(["serve", "--workers", "2"], {
      DATA_DIR: root,
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: "warn",
    });
    try {
      const workers = new Set<string>();
      for (let i = 0; i < 10; i++) {
        const answer = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: "close" } });
        workers.add(answer.headers.get("x-worker") ?? "");
      }
      assert.equal(workers.size, 2, "both workers answered");
      assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 404, "not on the site's port");
      const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.equal(scrape.status, 200);
      assert.match(scrape.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      const samples = parseExposition(await scrape.text());
      assert.equal(total(samples, "tribune_http_requests_total", { route: "/healthz", status: "200" }), 10);
      assert.equal(total(samples, "tribune_http_request_duration_seconds_count", { route: "/healthz" }), 10);
      assert.equal(
        total(samples, "tribune_comments_awaiting_moderation"),
        0,
        "database gauges are not doubled",
      );
      assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status, 404);
    } finally {
      await stopTribune(child);
    }
  });
});
