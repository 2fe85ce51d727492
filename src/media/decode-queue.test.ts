import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DecodeQueue, MediaBusyError } from "./decode-queue.ts";

/** A promise and the function that settles it, to hold a decode open for as long as a test wants. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("the decode queue", () => {
  test("runs one decode at a time, the others in the order they came", async () => {
    const queue = new DecodeQueue({ concurrency: 1, maxWaiting: 10, retryAfterSeconds: 5 });
    const started: string[] = [];
    const gates = { a: gate(), b: gate(), c: gate() };
    const runs = (["a", "b", "c"] as const).map((name) =>
      queue.run(async () => {
        started.push(name);
        await gates[name].promise;
        return name;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, ["a"]);
    assert.deepEqual([queue.running, queue.waiting], [1, 2]);
    gates.a.open();
    assert.equal(await runs[0], "a");
    assert.deepEqual(started, ["a", "b"], "the next in line, and only it");
    gates.c.open();
    gates.b.open();
    assert.deepEqual(await Promise.all(runs), ["a", "b", "c"]);
    assert.deepEqual(started, ["a", "b", "c"]);
    assert.deepEqual([queue.running, queue.waiting], [0, 0]);
  });

  test("refuses at once with a 503 and Retry-After when the line is full, and takes work again after", async () => {
    const queue = new DecodeQueue({ concurrency: 1, maxWaiting: 2, retryAfterSeconds: 7 });
    const held = gate();
    const running = queue.run(() => held.promise);
    const waiting = [queue.run(async () => 1), queue.run(async () => 2)];
    await assert.rejects(
      queue.run(async () => 3),
      (error: unknown) => {
        assert.ok(error instanceof MediaBusyError);
        assert.equal(error.status, 503);
        assert.equal(error.retryAfterSeconds, 7);
        assert.match(error.message, /nothing was uploaded/);
        return true;
      },
    );
    held.open();
    await running;
    assert.deepEqual(await Promise.all(waiting), [1, 2]);
    assert.equal(await queue.run(async () => 4), 4);
  });

  test("a decode that fails gives its turn to the next", async () => {
    const queue = new DecodeQueue({ concurrency: 1, maxWaiting: 2, retryAfterSeconds: 5 });
    const failing = queue.run(async () => {
      throw new Error("damaged image");
    });
    const next = queue.run(async () => "next");
    await assert.rejects(failing, /damaged image/);
    assert.equal(await next, "next");
    assert.deepEqual([queue.running, queue.waiting], [0, 0]);
  });

  test("with room for two, two run together", async () => {
    const queue = new DecodeQueue({ concurrency: 2, maxWaiting: 0, retryAfterSeconds: 5 });
    const first = gate();
    const second = gate();
    const runs = [queue.run(() => first.promise), queue.run(() => second.promise)];
    assert.equal(queue.running, 2);
    await assert.rejects(
      queue.run(async () => undefined),
      MediaBusyError,
    );
    first.open();
    second.open();
    await Promise.all(runs);
    assert.equal(queue.running, 0);
  });
});
