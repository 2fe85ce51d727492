import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { batchKeys, VarnishPurger } from "./varnish-purger.ts";

test("batches keys into space-separated headers no longer than the limit", () => {
  assert.deepEqual(batchKeys(["article:1", "story:2", "front:en"], 18), ["article:1 story:2", "front:en"]);
  assert.deepEqual(batchKeys(["a-key-longer-than-the-limit", "b"], 10), ["a-key-longer-than-the-limit", "b"]);
  assert.deepEqual(batchKeys([], 10), []);
});

test("sends PURGE with the keys to every instance, and reports one that fails", async () => {
  const seen: { method: string | undefined; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    seen.push({ method: request.method, headers: request.headers });
    response.end("Purged 2 objects\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const errors: string[] = [];
  const purger = new VarnishPurger({
    urls: [`http://127.0.0.1:${port}`, "http://127.0.0.1:1"],
    timeoutMs: 1000,
    repeatAfterMs: 0,
    onError: (_error, url) => errors.push(url),
  });
  await purger.purge(["article:1", "front:en"]);
  server.close();
  assert.deepEqual(
    seen.map((request) => [request.method, request.headers["xkey-purge"]]),
    [["PURGE", "article:1 front:en"]],
  );
  assert.deepEqual(errors, ["http://127.0.0.1:1"]);
});
