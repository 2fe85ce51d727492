import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { type AppOptions, buildApp } from "../../src/app.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { syncEditions } from "../../src/editions/edition-service.ts";
import { openMediaStore } from "../../src/media/open-media-store.ts";
import { seedDemo } from "../../src/seed/demo-seed.ts";
import type { TestDatabase, TestDatabaseHandle } from "./databases.ts";

export interface DemoApp {
  app: FastifyInstance;
  config: Config;
  database: TestDatabaseHandle;
  close(): Promise<void>;
}

/**
 * Tribune on a fresh database of its own, with the demo content loaded and media in a temporary
 * folder. `env` adds configuration (editions on their own host, for instance); `options` what
 * buildApp takes beyond the configuration and the database (a clock; onRoute, which sees every route
 * as it is registered).
 */
export async function startDemoApp(
  testDatabase: TestDatabase,
  env: Record<string, string> = {},
  options: Pick<AppOptions, "clock" | "onRoute" | "watchSchedule" | "feedLimits"> = {},
): Promise<DemoApp> {
  const dataDir = await mkdtemp(join(tmpdir(), "tribune-test-"));
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    PUBLIC_URL: "http://tribune.test",
    // Most suites change content through services built without the app's ContentEvents, so
    // nothing would purge a page cache; the cache suites turn it on (PAGE_CACHE_MB).
    PAGE_CACHE_MB: "0",
    // Tests stand for readers at many addresses by sending X-Forwarded-For from the loopback.
    TRUST_PROXY: "loopback",
    // Tests never ask the real providers: an embed is a plain link card unless a suite points the
    // providers at its own local oEmbed server (src/embeds/oembed-test-support.ts).
    OEMBED_PROVIDERS: "none",
    ...env,
  });
  const database = await testDatabase.open();
  await syncEditions(database.db, config.editions);
  const seedStore = openMediaStore(config);
  await seedDemo(database.db, {
    mediaStore: seedStore,
    editions: config.editions.map((e) => e.code),
  }).finally(() => seedStore.close());
  const app = await buildApp({ config, database, ...options });
  return {
    app,
    config,
    database,
    close: async () => {
      await app.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
