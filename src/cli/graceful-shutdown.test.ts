import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { type ClientRequest, request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, runTribune, startTribune } from "../../test/support/cli.ts";

const EMAIL = "editor@example.org";
const PASSWORD = "a slow editor's passphrase";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "tribune-shutdown-"));
});
after(() => rm(root, { recursive: true, force: true }));

/** A site with one editor, served by `tribune serve` in its own process. */
async function serve(name: string, workers: number, env: Record<string, string> = {}) {
  const port = await freePort();
  const siteEnv = {
    DATA_DIR: join(root, name),
    PORT: String(port),
    LOG_LEVEL: "info",
    // The newsroom's cookies are Secure unless the site is served over plain HTTP.
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...env,
  };
  const added = await runTribune(
    ["user", "add", "--email", EMAIL, "--role", "editor", "--password", PASSWORD],
    siteEnv,
  );
  assert.equal(added.code, 0, added.stderr);
  const { child } = await startTribune(["serve", "--workers", String(workers)], siteEnv);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once("exit", (code) => resolve({ code, at: Date.now() })),
  );
  return { child, port, exited, output: () => output };
}

/**
 * Starts a newsroom sign-in whose form is sent slowly: the headers and half the body now, the rest
 * when `finish` is called. The answer resolves once the whole request was sent and answered.
 */
async function slowSignIn(port: number) {
  const form = await fetch(`http://127.0.0.1:${port}/newsroom/sign-in`);
  assert.equal(form.status, 200);
  const cookie = (form.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const body = new URLSearchParams({ _csrf: csrf, email: EMAIL, password: PASSWORD }).toString();
  let sending: ClientRequest | undefined;
  const answer = new Promise<{ status: number; session: boolean }>((resolve, reject) => {
    sending = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/newsroom/sign-in",
        agent: false,
        headers: {
          cookie,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        const setCookie = response.headers["set-cookie"] ?? [];
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            session: setCookie.some((line) => line.startsWith("tribune_session=")),
          }),
        );
      },
    );
    sending.on("error", reject);
  });
  const half = Math.floor(body.length / 2);
  sending?.write(body.slice(0, half));
  await sleep(300); // the server has the headers: the request is in progress
  return { answer, finish: () => sending?.end(body.slice(half)) };
}

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

async function drainsASlowRequest(server: Awaited<ReturnType<typeof serve>>, child: ChildProcess) {
  const slow = await slowSignIn(server.port);
  child.kill("SIGTERM");
  await sleep(500);
  assert.equal(await refused(server.port), true, "new connections are refused while draining");
  assert.equal(child.exitCode, null, "the process waits for the request in progress");
  slow.finish();
  assert.deepEqual(await slow.answer, { status: 303, session: true }, "the request completes");
  const { code } = await server.exited;
  assert.equal(code, 0, server.output());
}

describe("SIGTERM", () => {
  test("drains a single process: the request in progress completes, new connections are refused, exit 0", async () => {
    const server = await serve("single", 1);
    await drainsASlowRequest(server, server.child);
    assert.match(server.output(), /"msg":"SIGTERM received: refusing new connections/);
  });

  test("drains every worker of a cluster the same way", async () => {
    const server = await serve("cluster", 2);
    await drainsASlowRequest(server, server.child);
    assert.match(server.output(), /SIGTERM received, draining 2 worker\(s\)/);
  });

  test("a second signal exits at once, without waiting for the request", async () => {
    const server = await serve("twice", 1);
    const slow = await slowSignIn(server.port);
    const cut = slow.answer.then(
      () => "answered",
      () => "cut",
    );
    server.child.kill("SIGTERM");
    await sleep(300);
    const sent = Date.now();
    server.child.kill("SIGTERM");
    const { code, at } = await server.exited;
    assert.equal(code, 1);
    assert.ok(at - sent < 1_000, `exited ${at - sent} ms after the second signal`);
    assert.match(server.output(), /SIGTERM received again: exiting without waiting/);
    assert.equal(await cut, "cut");
  });

  test("gives up after SHUTDOWN_TIMEOUT_SECONDS, with exit code 1", async () => {
    const server = await serve("timeout", 1, { SHUTDOWN_TIMEOUT_SECONDS: "1" });
    const slow = await slowSignIn(server.port);
    const cut = slow.answer.then(
      () => "answered",
      () => "cut",
    );
    const sent = Date.now();
    server.child.kill("SIGTERM");
    const { code, at } = await server.exited;
    assert.equal(code, 1);
    assert.ok(at - sent >= 900 && at - sent < 3_000, `exited ${at - sent} ms after SIGTERM`);
    assert.match(server.output(), /still not drained after 1 s \(SHUTDOWN_TIMEOUT_SECONDS\); exiting/);
    assert.equal(await cut, "cut");
  });
});
