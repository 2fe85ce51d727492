import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SearchAdmission } from "./search-admission.ts";
import { SearchBusyError } from "./search-busy-error.ts";

/** A piece of work that ends when the test says so. */
function held<T>(value: T) {
  let finish!: () => void;
  const done = new Promise<T>((resolve) => {
    finish = () => resolve(value);
  });
  return { work: () => done, finish };
}

const limits = { concurrency: 2, share: 1, queue: 2, maxWaitMs: 60_000, retryAfterSeconds: 2 };

describe("search admission", () => {
  test("runs as many as its concurrency at once, then the waiting ones in the order they came", async () => {
    const admission = new SearchAdmission(limits);
    const order: string[] = [];
    const [a, b] = [held("a"), held("b")];
    const started = (name: string) => async () => {
      order.push(name);
      return name;
    };
    const first = admission.run(a.work);
    const second = admission.run(b.work);
    const third = admission.run(started("c"));
    const fourth = admission.run(started("d"));
    assert.deepEqual([admission.running, admission.waiting], [2, 2]);
    assert.deepEqual(order, []);
    b.finish();
    assert.equal(await third, "c");
    a.finish();
    assert.deepEqual(await Promise.all([first, second, fourth]), ["a", "b", "d"]);
    assert.deepEqual(order, ["c", "d"]);
    assert.deepEqual([admission.running, admission.waiting], [0, 0]);
  });

  test("refuses at once, with SearchBusyError and its Retry-After, when the queue is full", async () => {
    const admission = new SearchAdmission(limits);
    const holders = [held(1), held(2), held(3), held(4)];
    const admitted = holders.map((h) => admission.run(h.work));
    let ran = false;
    const refused = admission.run(async () => {
      ran = true;
    });
    await assert.rejects(refused, (error: unknown) => {
      assert.ok(error instanceof SearchBusyError);
      assert.equal(error.status, 503);
      assert.equal(error.retryAfterSeconds, 2);
      return true;
    });
    assert.equal(ran, false, "nothing of a refused search runs");
    for (const h of holders) h.finish();
    assert.deepEqual(await Promise.all(admitted), [1, 2, 3, 4]);
  });

  test("refuses a search whose turn has not come within the wait, and frees its place in the queue", async () => {
    const admission = new SearchAdmission({ ...limits, concurrency: 1, queue: 1, maxWaitMs: 5 });
    const holder = held("long");
    const running = admission.run(holder.work);
    await assert.rejects(
      admission.run(async () => "never"),
      SearchBusyError,
    );
    assert.equal(admission.waiting, 0);
    const next = admission.run(async () => "next");
    holder.finish();
    assert.deepEqual(await Promise.all([running, next]), ["long", "next"]);
  });

  test("a search that waited starts in an event-loop turn of its own, after what arrived meanwhile", async () => {
    const admission = new SearchAdmission({ ...limits, concurrency: 1 });
    const holder = held("first");
    const first = admission.run(holder.work);
    let started = false;
    const second = admission.run(async () => {
      started = true;
      return "second";
    });
    holder.finish();
    assert.equal(await first, "first");
    await Promise.resolve();
    assert.equal(started, false, "not in the chain of promises that ended the first");
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(started, true);
    assert.equal(await second, "second");
  });

  test("searches that find a place free still start one per event-loop turn", async () => {
    const admission = new SearchAdmission({ ...limits, concurrency: 8 });
    const started: string[] = [];
    const runs = ["a", "b", "c"].map((name) =>
      admission.run(async () => {
        started.push(name);
        return name;
      }),
    );
    assert.equal(admission.running, 3, "each took its place at the call");
    await Promise.resolve();
    assert.deepEqual(started, ["a"], "the first at once, in this turn");
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, ["a", "b"]);
    assert.deepEqual(await Promise.all(runs), ["a", "b", "c"]);
    assert.deepEqual(started, ["a", "b", "c"]);
  });

  test("with a share of the time below 1, a place rests after each search before the next starts", async () => {
    const startsOnHandOver = async (share: number) => {
      const admission = new SearchAdmission({ ...limits, concurrency: 1, share });
      const holder = held("first");
      const first = admission.run(holder.work);
      let started = false;
      const second = admission.run(async () => {
        started = true;
      });
      // A turn later, so that the place is handed over in a turn where nothing else started.
      await new Promise((resolve) => setImmediate(resolve));
      holder.finish();
      await first;
      const atOnce = started;
      await second;
      return atOnce;
    };
    assert.equal(await startsOnHandOver(1), true, "back to back with the whole time");
    assert.equal(await startsOnHandOver(0.5), false, "after a rest (a timer) with half of it");
  });

  test("searches that waited too long together are refused one per event-loop turn", async () => {
    const admission = new SearchAdmission({ ...limits, concurrency: 1, queue: 3, maxWaitMs: 5 });
    const holder = held("long");
    const running = admission.run(holder.work);
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const turns: number[] = [];
    const waiting = [1, 2, 3].map(() => admission.run(async () => "never").catch(() => turns.push(turn)));
    await Promise.all(waiting);
    ticking = false;
    assert.equal(new Set(turns).size, 3, `refused in turns ${turns.join(", ")}`);
    holder.finish();
    assert.equal(await running, "long");
  });

  test("a search that fails frees its place for the next", async () => {
    const admission = new SearchAdmission({ ...limits, concurrency: 1, queue: 1 });
    const failing = admission.run(async () => {
      throw new Error("the database went away");
    });
    const next = admission.run(async () => "next");
    await assert.rejects(failing, /went away/);
    assert.equal(await next, "next");
    assert.equal(admission.running, 0);
  });
});
