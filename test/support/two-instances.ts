import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.ts";
import { CONTENT_CHANGE_CHANNEL, startContentRelay } from "../../src/cache/cluster-relay.ts";
import { loadConfig } from "../../src/config.ts";
import type { TestDatabase } from "./databases.ts";
import { type DemoApp, startDemoApp } from "./demo-app.ts";

export interface TwoInstances {
  /** The first instance, with the demo content; the database is its. */
  demo: DemoApp;
  /** A second app on the same database, with its own configuration, as another process has. */
  other: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Two instances on one database, each with its page cache and its content relay as `serve`
 * connects them: `notify` turns LISTEN/NOTIFY on (PostgreSQL), `intervalMs` is the outbox poll.
 */
export async function startTwoInstances(
  database: TestDatabase,
  relay: { intervalMs: number; notify: boolean; onError: (error: unknown) => void },
): Promise<TwoInstances> {
  const env = { PAGE_CACHE_MB: "8" };
  const demo = await startDemoApp(database, env);
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: demo.config.dataDir,
    PUBLIC_URL: demo.config.publicUrl,
    TRUST_PROXY: "loopback",
    ...env,
  });
  const other = await buildApp({ config, database: demo.database, watchSchedule: false });
  const relays: { stop(): Promise<void> }[] = [];
  for (const [app, origin] of [
    [demo.app, "instance-a"],
    [other, "instance-b"],
  ] as const) {
    relays.push(
      await startContentRelay({
        events: app.contentEvents,
        db: demo.database.db,
        signal: relay.notify ? demo.database.changeSignal?.(CONTENT_CHANGE_CHANNEL) : undefined,
        origin,
        onError: relay.onError,
        intervalMs: relay.intervalMs,
      }),
    );
  }
  return {
    demo,
    other,
    close: async () => {
      for (const started of relays) await started.stop();
      await other.close();
      await demo.close();
    },
  };
}
