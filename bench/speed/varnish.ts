// Varnish in front of Tribune, with the project's VCL (deploy/varnish/default.vcl) pointed at the
// benchmark's Tribune port, for the publish-through-Varnish figure.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadChangeFacts } from "../../src/cache/change-facts.ts";
import { keysForChange } from "../../src/cache/surrogate-keys.ts";
import type { Db } from "../../src/db/database.ts";
import type { Editions } from "../../src/editions/edition-service.ts";
import type { ContentChange } from "../../src/shared/content-events.ts";
import { waitFor200 } from "./http.ts";
import { findExecutable, freePort, type Started, startTracked } from "./processes.ts";

const VCL = resolve("deploy/varnish/default.vcl");

/** Why Varnish cannot be measured here, or undefined when it can. */
export function varnishSkipReason(): string | undefined {
  if (!findExecutable("varnishd"))
    return "varnishd is not installed (apt-get install varnish varnish-modules)";
  if (!existsSync(VCL)) return `${VCL} is missing`;
  return undefined;
}

/** Starts varnishd in the foreground on a free port, its backend being Tribune on `backendPort`. */
export async function startVarnish(backendPort: number): Promise<{ port: number; process: Started }> {
  const varnishd = findExecutable("varnishd") ?? "varnishd";
  const dir = mkdtempSync(join(tmpdir(), "tribune-varnish-"));
  mkdirSync(join(dir, "work"), { recursive: true });
  const vcl = readFileSync(VCL, "utf8")
    .replace(/(\.host\s*=\s*)"[^"]*"/, '$1"127.0.0.1"')
    .replace(/(\.port\s*=\s*)"[^"]*"/, `$1"${backendPort}"`);
  const file = join(dir, "bench.vcl");
  writeFileSync(file, vcl);
  const port = await freePort();
  const started = startTracked(varnishd, [
    "-F",
    "-n",
    join(dir, "work"),
    "-a",
    `127.0.0.1:${port}`,
    "-f",
    file,
    "-s",
    "malloc,256m",
    // No privilege separation: the benchmark runs as whoever started it, with its own work folder.
    "-j",
    "none",
  ]);
  try {
    await waitFor200(port, "/healthz", 15_000);
  } catch (error) {
    throw new Error(`varnishd did not start: ${(error as Error).message}\n${started.output()}`);
  }
  return { port, process: started };
}

/** The surrogate keys a change purges, as the page cache computes them. */
export async function surrogateKeysFor(db: Db, editions: Editions, change: ContentChange): Promise<string[]> {
  return keysForChange(change, await loadChangeFacts(db, editions, change));
}
