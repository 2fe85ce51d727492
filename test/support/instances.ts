// Several `tribune serve` instances on one database, as on several machines: each with its own port
// and data directory, one process each (--workers 1: killing it kills the instance), sharing one
// SECRET_KEY as an operator's instances do.

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./cli.ts";
import { type ServerProcess, startServer, stopServer } from "./server-process.ts";

export interface Instance {
  server: ServerProcess;
  port: number;
  origin: string;
  dataDir: string;
}

export interface Instances {
  list: Instance[];
  /**
   * Starts one more instance, as the others (an operator replacing one that died, say), with `env`
   * added to theirs.
   */
  start(env?: Record<string, string>): Promise<Instance>;
  /** Stops every instance still running and removes their data directories. */
  close(): Promise<void>;
}

/** Starts `count` instances of `tribune serve` on `databaseUrl`, the first alone, then the rest together. */
export async function startInstances(
  count: number,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Instances> {
  const list: Instance[] = [];
  const secretKey = randomBytes(32).toString("base64");
  const start = async (more: Record<string, string> = {}): Promise<Instance> => {
    const dataDir = await mkdtemp(join(tmpdir(), "tribune-instance-"));
    const port = await freePort();
    const server = await startServer(["serve", "--workers", "1"], {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SECRET_KEY: secretKey,
      ...env,
      ...more,
    });
    const instance = { server, port, origin: `http://127.0.0.1:${port}`, dataDir };
    list.push(instance);
    return instance;
  };
  const closeAll = async () => {
    await Promise.all(list.map((instance) => stopServer(instance.server, 5_000)));
    await Promise.all(list.map((instance) => rm(instance.dataDir, { recursive: true, force: true })));
  };
  try {
    await start();
    await Promise.all(Array.from({ length: count - 1 }, () => start()));
  } catch (error) {
    await closeAll();
    throw error;
  }
  return { list, start, close: closeAll };
}
