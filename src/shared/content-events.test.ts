import assert from "node:assert/strict";
import { test } from "node:test";
import { type ContentChange, ContentEvents } from "./content-events.ts";

const change: ContentChange = {
  reasons: ["article.published"],
  articleIds: [1],
  storyIds: [2],
  editions: ["en"],
  tagIds: [3],
};

test("announces a change to every listener and waits for them", async () => {
  const events = new ContentEvents();
  const seen: string[] = [];
  events.subscribe(async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen.push(`slow:${c.reasons.join()}`);
  });
  events.subscribe((c) => {
    seen.push(`fast:${c.reasons.join()}`);
  });
  await events.announce(change);
  assert.deepEqual(seen.sort(), ["fast:article.published", "slow:article.published"]);
});

test("a failing listener is reported and does not stop the others", async () => {
  const errors: unknown[] = [];
  const events = new ContentEvents((error) => errors.push(error));
  let reached = false;
  events.subscribe(() => {
    throw new Error("cache down");
  });
  events.subscribe(() => {
    reached = true;
  });
  await events.announce(change);
  assert.equal(reached, true);
  assert.equal((errors[0] as Error).message, "cache down");
});

test("an unsubscribed listener hears nothing more", async () => {
  const events = new ContentEvents();
  let calls = 0;
  const stop = events.subscribe(() => {
    calls += 1;
  });
  await events.announce(change);
  stop();
  await events.announce(change);
  assert.equal(calls, 1);
});
