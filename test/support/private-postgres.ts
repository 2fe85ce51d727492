// A PostgreSQL server of a test's own, to stop and start under a running site without touching the
// machine's shared one (other tests use it): initdb into a temporary directory, pg_ctl on a free
// port. initdb refuses to run as root, so as root every command runs as the `postgres` user.
//
//   const server = await startPrivatePostgres();   // throws with the reason when it cannot
//   await server.restart();                          // an immediate stop (as a crash), then a start
//   await server.stop();                             // and its directory removed

import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./cli.ts";

const run = promisify(execFile);

export interface PrivatePostgres {
  /** postgres://… to its `postgres` database, trust authentication. */
  url: string;
  port: number;
  /** Stops the server at once (`-m immediate`: connections drop, as in a crash), then starts it again. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** The newest PostgreSQL install's bin directory (Debian's layout), if any. */
function postgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

/** Servers started here and not yet stopped: killed when the test process ends, however. */
const running = new Set<string>();
let cleanupInstalled = false;

function killRunning(): void {
  for (const dataDir of running) {
    const pid = postmasterPid(dataDir);
    try {
      if (pid) process.kill(pid, "SIGQUIT");
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error("no PostgreSQL server install under /usr/lib/postgresql");
  const asRoot = process.getuid?.() === 0;
  const command = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(bin, tool), ...args]) : run(join(bin, tool), args);
  const dir = await mkdtemp(join(tmpdir(), "tribune-pg-"));
  const dataDir = join(dir, "data");
  if (asRoot) {
    const ids = await run("id", ["-u", "postgres"]).then(async (uid) => ({
      uid: Number(uid.stdout.trim()),
      gid: Number((await run("id", ["-g", "postgres"])).stdout.trim()),
    }));
    await chown(dir, ids.uid, ids.gid);
  }
  const port = await freePort();
  const pgCtl = (...args: string[]) =>
    command("pg_ctl", ["-D", dataDir, "-l", join(dir, "server.log"), "-w", "-t", "30", ...args]);
  const start = async () => {
    await pgCtl(
      "-o",
      // A test's data: no fsync (a restart here is the server's, not the machine's); a socket in
      // its own directory, so as not to meet the shared server's.
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`,
      "start",
    );
    running.add(dataDir);
  };
  const stopNow = async () => {
    running.delete(dataDir);
    await pgCtl("-m", "immediate", "stop");
  };
  try {
    await command("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
    if (!cleanupInstalled) {
      cleanupInstalled = true;
      process.once("exit", killRunning);
    }
    await start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`the private PostgreSQL did not start: ${stderr || (error as Error).message}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: async ({ downMs = 0 } = {}) => {
      await stopNow();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    stop: async () => {
      await stopNow().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A server for a test file started at its top, or why there is none: with CI=true failing to start
 * one is an error; elsewhere the suite is skipped with the reason (`describe(…, { skip })`).
 */
export async function privatePostgresForSuite(): Promise<{
  server: PrivatePostgres | undefined;
  skip: string | false;
}> {
  try {
    return { server: await startPrivatePostgres(), skip: false };
  } catch (error) {
    if (/^(true|1)$/i.test(process.env.CI ?? "")) throw error;
    return { server: undefined, skip: (error as Error).message };
  }
}
