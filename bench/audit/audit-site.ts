// The demo site the audit measures: a fresh SQLite database in a temporary folder, the demo content,
// served in production mode on 127.0.0.1 (compression, caching headers and the page cache as readers
// get them), with PUBLIC_URL set to that address so canonical links point at the page audited.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../src/app.ts";
import { openMigrated } from "../../src/cli/open-migrated.ts";
import { loadConfig } from "../../src/config.ts";
import { openMediaStore } from "../../src/media/open-media-store.ts";
import { seedDemo } from "../../src/seed/demo-seed.ts";
import { freePort } from "../speed/processes.ts";

export interface AuditSite {
  origin: string;
  editions: string[];
  close(): Promise<void>;
}

/** Starts the demo site; close() stops it and deletes its folder. */
export async function startAuditSite(): Promise<AuditSite> {
  const dataDir = await mkdtemp(join(tmpdir(), "tribune-audit-"));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    PUBLIC_URL: origin,
    LOG_LEVEL: "silent",
  });
  const { database } = await openMigrated(config);
  await seedDemo(database.db, {
    mediaStore: openMediaStore(config),
    editions: config.editions.map((e) => e.code),
  });
  const app = await buildApp({ config, database });
  await app.listen({ host: "127.0.0.1", port });
  return {
    origin,
    editions: config.editions.map((edition) => edition.code),
    close: async () => {
      await app.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
