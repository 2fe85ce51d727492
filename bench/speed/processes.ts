// Child processes of the speed benchmark (Tribune, nginx, Varnish, wrk): every one is tracked and
// stopped at the end, on Ctrl-C and on errors, so a benchmark never leaves a server behind.
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";

const children = new Set<ChildProcess>();
let handlersInstalled = false;

export interface Started {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr), for error messages. */
  output(): string;
}

/** Starts a process that is stopped by `stopAll`; its output is kept (the last 64 KB). */
export function startTracked(command: string, args: string[], options: SpawnOptions = {}): Started {
  installHandlers();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  children.add(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65_536);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", () => children.delete(child));
  child.on("error", (error) => {
    output += `\n${error.message}`;
    children.delete(child);
  });
  return { child, output: () => output };
}

/** Asks a tracked process to stop (SIGTERM), kills it after `graceMs`; resolves when it is gone. */
export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      children.delete(child);
      return resolve();
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Stops every process still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stopProcess(child)));
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the benchmark's servers\n`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  // Last resort when the process ends some other way: no waiting possible, so kill outright.
  process.once("exit", () => {
    for (const child of children) child.kill("SIGKILL");
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The path of an executable on PATH (or in the sbin folders, where Debian puts nginx and varnishd). */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
