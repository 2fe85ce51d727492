import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, startTribune, stopTribune } from "../../test/support/cli.ts";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "tribune-request-id-"));
});
after(() => rm(root, { recursive: true, force: true }));

describe("the request log of tribune serve", () => {
  test("is JSON lines naming each request's id, the proxy's X-Request-Id when plausible, echoed in the answer", async () => {
    const port = await freePort();
    const { child } = await startTribune(["serve", "--workers", "1"], {
      DATA_DIR: root,
      PORT: String(port),
      LOG_LEVEL: "info",
    });
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    try {
      const given = await fetch(`http://127.0.0.1:${port}/healthz`, {
        headers: { "x-request-id": "edge-7f3a:42" },
      });
      assert.equal(given.headers.get("x-request-id"), "edge-7f3a:42");
      const forged = await fetch(`http://127.0.0.1:${port}/en/no-such-page`, {
        headers: { "x-request-id": `${"x".repeat(129)}` },
      });
      assert.equal(forged.status, 404);
      const generated = forged.headers.get("x-request-id") ?? "";
      assert.match(generated, /^[0-9a-f-]{36}$/, "an id too long is replaced by a new one");
      const spaced = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { "x-request-id": "a b" } });
      assert.notEqual(spaced.headers.get("x-request-id"), "a b");
      await sleep(200);
    } finally {
      await stopTribune(child);
    }
    const lines = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map(
        (line) => JSON.parse(line) as { reqId?: string; msg: string; req?: { url: string }; res?: unknown },
      );
    const ofGiven = lines.filter((line) => line.reqId === "edge-7f3a:42");
    assert.deepEqual(
      ofGiven.map((line) => line.msg),
      ["incoming request", "request completed"],
    );
    assert.equal(ofGiven[0]?.req?.url, "/healthz");
    const requestLines = lines.filter((line) => line.req || line.res);
    assert.ok(requestLines.length >= 6);
    for (const line of requestLines)
      assert.ok(line.reqId, `a request's line without reqId: ${JSON.stringify(line)}`);
  });
});
