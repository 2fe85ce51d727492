import cluster from "node:cluster";
import type { FastifyBaseLogger } from "fastify";
import { buildApp } from "../app.ts";
import { CONTENT_CHANGE_CHANNEL, newInstanceOrigin, startContentRelay } from "../cache/cluster-relay.ts";
import { type Config, guardedSecret } from "../config.ts";
import { type DatabaseHandle, openDatabase } from "../db/database.ts";
import { compileDeferredSchemas } from "../http/schema-compilers.ts";
import { openMediaStore } from "../media/open-media-store.ts";
import {
  offerMetricsToPrimary,
  serveClusterMetrics,
  serveProcessMetrics,
} from "../metrics/metrics-server.ts";
import { seedDemo } from "../seed/demo-seed.ts";
import { ContentEvents } from "../shared/content-events.ts";
import {
  INSTANCE_ORIGIN_VARIABLE,
  onPrimaryGone,
  parseWorkerCount,
  runPrimary,
  SCHEDULE_WATCHER_VARIABLE,
} from "./cluster.ts";
import { drainOnSignals } from "./graceful-shutdown.ts";
import { describeDatabase, openMigrated } from "./open-migrated.ts";
import { createDemoAdmin, DEMO_ADMIN_EMAIL } from "./user-command.ts";

/**
 * Serves the site until SIGINT/SIGTERM, which drain it (src/cli/graceful-shutdown.ts); with `demo`, first loads the demo into an empty database.
 * With more than one worker, this process migrates (and seeds) once, then forks the workers, which
 * come back here as cluster workers and only serve.
 */
export async function serveCommand(
  config: Config,
  options: { demo: boolean; args: string[]; workers?: string | undefined },
): Promise<number> {
  if (options.args.length > 0) {
    console.error(`tribune: unexpected arguments: ${options.args.join(" ")} (configure with PORT, HOST, …)`);
    return 2;
  }
  if (cluster.isWorker) {
    try {
      await serveProcess(config, await openDatabase(config.databaseUrl));
    } catch (error) {
      // The channel to the primary would keep this process alive: exit, and let the primary decide.
      console.error(`tribune: worker ${process.pid} could not start:`, error);
      process.exit(1);
    }
    return 0;
  }
  const workers = parseWorkerCount(options.workers);
  const { database } = await openMigrated(config);
  // Checked here too, so that a database restored without its secret stops the start in one line
  // rather than in every worker the primary would fork.
  await guardedSecret(database.db, config, "comments").catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  let demoAdminPassword: string | null = null;
  if (options.demo) {
    const empty = !(await database.db.selectFrom("stories").select("id").limit(1).executeTakeFirst());
    if (empty) {
      const { createdStories } = await seedDemo(database.db, {
        mediaStore: openMediaStore(config),
        editions: config.editions.map((e) => e.code),
      });
      console.log(`Loaded the demo content (${createdStories.length} stories).`);
    }
    demoAdminPassword = await createDemoAdmin(database.db);
  }
  const announce = () => printBanner(config, workers, demoAdminPassword);
  if (workers > 1) {
    const metrics =
      config.operations.metricsPort === null
        ? undefined
        : await serveClusterMetrics({
            port: config.operations.metricsPort,
            host: config.host,
            onError: (error) => console.error("tribune: gathering the workers' metrics failed:", error),
          });
    const code = await runPrimary({
      workers,
      command: options.demo ? "demo" : "serve",
      database,
      onListening: announce,
      shutdownTimeoutMs: config.operations.shutdownTimeoutMs,
    });
    await metrics?.close();
    return code;
  }
  await serveProcess(config, database);
  announce();
  return 0;
}

/**
 * Connects content events to the other processes, builds the app on an open database, listens. The
 * relay comes first: the app may announce a change as it gets ready (the schedule watcher, taking
 * the lease as this process starts, announces what came due meanwhile), and other instances hear
 * of it only through the outbox.
 */
async function serveProcess(config: Config, database: DatabaseHandle): Promise<void> {
  // Until the app and its logger exist, failures are told on standard error.
  let log: FastifyBaseLogger | undefined;
  const logError =
    (message: string, fields: Record<string, unknown> = {}) =>
    (error: unknown) => {
      if (log) log.error({ err: error, ...fields }, message);
      else console.error(`tribune: ${message}:`, error);
    };
  const events = new ContentEvents((error, change) =>
    logError("a content change listener failed", { reasons: change.reasons })(error),
  );
  const origin = process.env[INSTANCE_ORIGIN_VARIABLE] ?? newInstanceOrigin();
  const relay = await startContentRelay({
    events,
    db: database.db,
    signal: database.changeSignal?.(CONTENT_CHANGE_CHANNEL),
    origin,
    channel: cluster.isWorker ? process : undefined,
    onError: logError("relaying a content change failed"),
  });
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({
      config,
      database,
      logger: true,
      events,
      watchSchedule: process.env[SCHEDULE_WATCHER_VARIABLE] !== "0",
      instanceOrigin: origin,
    });
  } catch (error) {
    await relay.stop();
    throw error;
  }
  log = app.log;
  // A worker's metrics are served by its primary, which gathers them all; a single process serves its own.
  if (cluster.isWorker) offerMetricsToPrimary(app.metrics);
  const metrics =
    cluster.isWorker || config.operations.metricsPort === null
      ? undefined
      : await serveProcessMetrics(app.metrics, {
          port: config.operations.metricsPort,
          host: config.host,
          onError: (error) => app.log.error({ err: error }, "gathering the metrics failed"),
        });
  // Stops taking requests, answers those in progress, and lets go of the database; once.
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // A connection kept alive after its last answer would hold the close up until it times out
      // (72 s): let each one go as soon as it is idle.
      const dropIdle = setInterval(() => app.server.closeIdleConnections(), 100);
      await metrics?.close();
      try {
        await app.close();
      } finally {
        clearInterval(dropIdle);
      }
      await relay.stop();
      await database.close();
    })();
    return closing;
  };
  drainOnSignals({
    drain: close,
    timeoutMs: config.operations.shutdownTimeoutMs,
    log: (message) => app.log.info(message),
  });
  onPrimaryGone(close, config.operations.shutdownTimeoutMs);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await close();
    throw error;
  }
  // The routes' schemas not used yet, compiled between requests rather than before the first.
  compileDeferredSchemas().catch(logError("compiling the routes' schemas failed"));
}

function printBanner(config: Config, workers: number, demoAdminPassword: string | null): void {
  const front = (code: string) => {
    const edition = config.editions.find((e) => e.code === code);
    return edition?.host ? `http://${edition.host}/` : `${config.publicUrl}${edition?.prefix ?? ""}/`;
  };
  console.log(
    `Tribune is serving ${describeDatabase(config.databaseUrl)} on http://${config.host}:${config.port}${workers > 1 ? ` with ${workers} workers` : ""}`,
  );
  for (const edition of config.editions) console.log(`  ${edition.code}: ${front(edition.code)}`);
  if (demoAdminPassword) {
    console.log(
      `Newsroom: ${config.publicUrl}/newsroom — ${DEMO_ADMIN_EMAIL} / ${demoAdminPassword} (change it at first sign-in)`,
    );
  }
}
