// A `tribune serve` that tests start, kill with signals, restart and always stop: each one runs in a
// process group of its own, so its workers (even those a killed primary left behind) go with it.
//
//   const server = await startServer(["serve", "--workers", "2"], env);
//   process.kill(server.pid, "SIGKILL");          // the primary, say
//   await server.exited;
//   await stopServer(server);                      // SIGTERM, then SIGKILL to the whole group

import { type ChildProcess, spawn } from "node:child_process";

const BIN = new URL("../../bin/tribune.js", import.meta.url).pathname;

export interface ServerProcess {
  child: ChildProcess;
  /** The primary's pid, which is also its process group's id. */
  pid: number;
  /** Everything the primary and its workers printed so far (they share its stdout and stderr). */
  output(): string;
  /** Resolves with the primary's exit code (or signal) once it has exited. */
  exited: Promise<number | string | null>;
}

/** Process groups started here and not yet seen empty: killed when the test process ends, however. */
const groups = new Set<number>();

function killGroups(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  groups.clear();
}

let cleanupInstalled = false;
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once("exit", killGroups);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killGroups();
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    });
  }
}

/**
 * Starts `tribune <args>` in a process group of its own, with only `env` (and PATH) as its
 * environment, and waits until it says it is serving. Throws with its output when it exits first
 * or takes longer than `timeoutMs`.
 */
export async function startServer(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  installCleanup();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("tribune did not start");
  groups.add(pid);
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  const server: ServerProcess = { child, pid, output: () => output, exited };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!output.includes("Tribune is serving")) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`tribune ${args.join(" ")} exited before serving:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stopServer(server, 0);
      throw new Error(
        `tribune ${args.join(" ")} did not serve within ${options.timeoutMs ?? 60_000} ms:\n${output}`,
      );
    }
    await sleep(25);
  }
  return server;
}

/** Whether any process of the server's group (primary or worker) is still running. */
export function groupAlive(server: ServerProcess): boolean {
  try {
    process.kill(-server.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until the server's whole group has exited; false if it had not after `ms`. */
export async function waitForGroupExit(server: ServerProcess, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(server)) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  groups.delete(server.pid);
  return true;
}

/**
 * Stops the server: SIGTERM to the primary (a graceful stop), then after `graceMs` SIGKILL to
 * every process left in its group. Resolves once the group is empty.
 */
export async function stopServer(server: ServerProcess, graceMs = 15_000): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    try {
      process.kill(server.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  if (!(await waitForGroupExit(server, graceMs))) {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
    await waitForGroupExit(server, 10_000);
  }
}

/** Kills every server this process started that is still running (for `after` hooks). */
export function killAllServers(): void {
  killGroups();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
