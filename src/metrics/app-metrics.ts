import type { FastifyInstance } from "fastify";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DatabaseHandle } from "../db/database.ts";
import { nowIso } from "../shared/validate.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** This process's metrics (src/metrics/), served on METRICS_PORT by `tribune serve`. */
    metrics: Registry;
  }
}

/** Where a request that matched no route is counted: never its raw URL, which anyone may vary. */
const UNMATCHED_ROUTE = "(no route)";

/**
 * The metrics of one serving process, in a registry of its own: requests and latency by route
 * pattern, the page cache, database statements and pool, job lag and the comment queue. Gauges read from the
 * shared database are the same in every worker, so a cluster's aggregate takes their maximum;
 * everything else adds up over the workers.
 */
export function registerAppMetrics(app: FastifyInstance, database: DatabaseHandle): Registry {
  const registry = new Registry();
  const requests = new Counter({
    name: "tribune_http_requests_total",
    help: "Requests Fastify answered (page-cache hits are not here: see tribune_page_cache_hits_total), by route pattern.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "tribune_http_request_duration_seconds",
    help: "Time to answer a request Fastify handled, by route pattern.",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  registerPageCacheMetrics(app, registry);
  registerDatabaseMetrics(database, registry);
  new Gauge({
    name: "tribune_schedule_lag_seconds",
    help: "How long the oldest scheduled publication whose time has come waits to be announced (purged); 0 when none.",
    registers: [registry],
    aggregator: "max",
    async collect() {
      this.set((await app.scheduleWatcher?.lagSeconds()) ?? 0);
    },
  });
  app.decorate("metrics", registry);
  return registry;
}

/** A counter that mirrors a running total kept elsewhere (the page cache's own statistics). */
function mirroredCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

function registerPageCacheMetrics(app: FastifyInstance, registry: Registry): void {
  const stats = () => app.pageCache?.stats;
  mirroredCounter(
    registry,
    "tribune_page_cache_hits_total",
    "Answers from the page cache (stale ones included).",
    () => (stats()?.hits ?? 0) + (stats()?.staleHits ?? 0),
  );
  mirroredCounter(
    registry,
    "tribune_page_cache_misses_total",
    "Cacheable requests the page cache did not hold.",
    () => stats()?.misses ?? 0,
  );
  mirroredCounter(
    registry,
    "tribune_page_cache_purged_total",
    "Cached pages dropped by purges (surrogate keys of content changes).",
    () => stats()?.purged ?? 0,
  );
  mirroredCounter(
    registry,
    "tribune_page_cache_evictions_total",
    "Cached pages dropped to make room.",
    () => stats()?.evictions ?? 0,
  );
  new Gauge({
    name: "tribune_page_cache_bytes",
    help: "Bytes the page cache holds (every coding of every page).",
    registers: [registry],
    collect() {
      this.set(app.pageCache?.bytes ?? 0);
    },
  });
  new Gauge({
    name: "tribune_page_cache_entries",
    help: "Pages the page cache holds.",
    registers: [registry],
    collect() {
      this.set(app.pageCache?.size ?? 0);
    },
  });
}

function registerDatabaseMetrics(database: DatabaseHandle, registry: Registry): void {
  const { poolStats, queriesRun } = database;
  if (queriesRun) {
    mirroredCounter(
      registry,
      "tribune_db_queries_total",
      "SQL statements this process ran to completion through its database connection (SQLite's search thread aside).",
      queriesRun,
    );
  }
  if (poolStats) {
    new Gauge({
      name: "tribune_db_pool_connections",
      help: "PostgreSQL connections of this process's pool: total open, idle, and queries waiting for one.",
      labelNames: ["state"] as const,
      registers: [registry],
      collect() {
        const now = poolStats();
        this.set({ state: "total" }, now.total);
        this.set({ state: "idle" }, now.idle);
        this.set({ state: "waiting" }, now.waiting);
      },
    });
  }
  const db = database.db;
  // Both webhook gauges from one query: a scrape collects them side by side, and shares it.
  let asking: ReturnType<typeof dueDeliveries> | undefined;
  const due = () => {
    asking ??= dueDeliveries(database).finally(() => {
      asking = undefined;
    });
    return asking;
  };
  new Gauge({
    name: "tribune_webhook_deliveries_due",
    help: "Webhook deliveries whose time has come and that are not sent yet.",
    registers: [registry],
    aggregator: "max",
    async collect() {
      this.set((await due()).count);
    },
  });
  new Gauge({
    name: "tribune_webhook_delivery_lag_seconds",
    help: "How long the oldest due webhook delivery has waited past its time (0: none waiting).",
    registers: [registry],
    aggregator: "max",
    async collect() {
      this.set((await due()).oldestWaitSeconds);
    },
  });
  new Gauge({
    name: "tribune_comments_awaiting_moderation",
    help: "Reader comments in the moderation queue (pending).",
    registers: [registry],
    aggregator: "max",
    async collect() {
      const row = await db
        .selectFrom("comments")
        .select((eb) => eb.fn.countAll<number>().as("pending"))
        .where("status", "=", "pending")
        .executeTakeFirst();
      this.set(Number(row?.pending ?? 0));
    },
  });
}

/** Webhook deliveries the sender should have sent by now: the job lag of the sender. */
async function dueDeliveries(
  database: DatabaseHandle,
): Promise<{ count: number; oldestWaitSeconds: number }> {
  const row = await database.db
    .selectFrom("webhookDeliveries")
    .select((eb) => [eb.fn.countAll<number>().as("due"), eb.fn.min("nextAttemptAt").as("oldest")])
    .where("status", "=", "pending")
    .where("nextAttemptAt", "<=", nowIso())
    .executeTakeFirst();
  const oldest = row?.oldest ? Date.parse(String(row.oldest)) : Number.NaN;
  return {
    count: Number(row?.due ?? 0),
    oldestWaitSeconds: Number.isNaN(oldest) ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
  };
}
