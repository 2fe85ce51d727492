// Plain HTTP/1.1 requests on 127.0.0.1 for the benchmark, with a way to talk to one worker of a
// cluster: a kept-alive socket stays with the worker that accepted it.
import { Agent, request } from "node:http";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET `path` on 127.0.0.1:`port`; `agent: false` opens a new connection. */
export function httpGet(
  port: number,
  path: string,
  options: { agent?: Agent | false; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "GET",
        agent: options.agent ?? false,
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on("error", reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

/** Polls `path` until it answers 200 (or `timeoutMs` passes); resolves with the time it took. */
export async function waitFor200(port: number, path: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const answer = await httpGet(port, path, { timeoutMs: 2_000 }).catch(() => undefined);
    if (answer?.status === 200) return performance.now() - started;
    if (performance.now() - started > timeoutMs) {
      throw new Error(`http://127.0.0.1:${port}${path} did not answer 200 within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * One kept-alive connection to each of `count` different workers (told apart by the X-Worker header
 * of /healthz). New connections are dealt out to the workers in turn, so a few tries find them all.
 */
export async function connectionsToWorkers(port: number, count: number, timeoutMs = 15_000) {
  const byPid = new Map<number, Agent>();
  const deadline = Date.now() + timeoutMs;
  while (byPid.size < count && Date.now() < deadline) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answer = await httpGet(port, "/healthz", { agent }).catch(() => undefined);
    const pid = Number(answer?.headers["x-worker"]);
    if (answer?.status === 200 && pid && !byPid.has(pid)) byPid.set(pid, agent);
    else agent.destroy();
  }
  if (byPid.size < count) {
    for (const agent of byPid.values()) agent.destroy();
    throw new Error(`only ${byPid.size} of ${count} workers answered /healthz with X-Worker`);
  }
  return byPid;
}
