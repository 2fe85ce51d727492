import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import {
  ContentOutbox,
  isRelayMessage,
  OutboxPoller,
  type RelayMessage,
  relayLocalChanges,
  startContentRelay,
} from "./cluster-relay.ts";

const change: ContentChange = {
  reasons: ["article.updated"],
  articleIds: [7],
  storyIds: [3],
  editions: ["en"],
  tagIds: [11, 12],
  mediaIds: [5],
};

const failOnError = (error: unknown) => {
  throw error;
};

for (const testDatabase of testDatabases()) {
  describe(`content relay on ${testDatabase.name}`, () => {
    let database: TestDatabaseHandle;
    before(async () => {
      database = await testDatabase.open();
    });
    after(() => database.close());

    test("a local change goes to the outbox and to the primary, marked local", async () => {
      const events = new ContentEvents();
      const sent: RelayMessage[] = [];
      const outbox = new ContentOutbox(database.db, "instance-a");
      const before = await outbox.latestId();
      relayLocalChanges({ events, outbox, send: (m) => sent.push(m), onError: failOnError });
      await events.announce(change);
      assert.equal(sent.length, 1);
      assert.ok(isRelayMessage(sent[0]));
      assert.equal(sent[0]?.change.origin, "local");
      assert.ok((sent[0]?.id ?? 0) > before);
      const other = new ContentOutbox(database.db, "instance-b");
      const { changes, lastId } = await other.readAfter(before);
      assert.deepEqual(changes, [change]);
      assert.equal(lastId, sent[0]?.id);
    });

    test("a remote change is neither written again nor sent on", async () => {
      const events = new ContentEvents();
      const sent: RelayMessage[] = [];
      const outbox = new ContentOutbox(database.db, "instance-a");
      const before = await outbox.latestId();
      relayLocalChanges({ events, outbox, send: (m) => sent.push(m), onError: failOnError });
      await events.announce({ ...change, origin: "remote" });
      assert.equal(sent.length, 0);
      assert.equal(await outbox.latestId(), before);
    });

    test("an instance reads what others wrote, in order, and skips its own rows", async () => {
      const mine = new ContentOutbox(database.db, "instance-a");
      const theirs = new ContentOutbox(database.db, "instance-b");
      const delivered: ContentChange[] = [];
      const poller = new OutboxPoller({
        outbox: mine,
        deliver: (c) => void delivered.push(c),
        onError: failOnError,
      });
      await poller.start();
      await mine.write({ ...change, reasons: ["story.hero"] });
      await theirs.write({ ...change, reasons: ["story.related"] });
      await theirs.write({ ...change, reasons: ["story.source", "story.tags"], origin: "local" });
      await poller.pollOnce();
      assert.deepEqual(
        delivered.map((c) => c.reasons),
        [["story.related"], ["story.source", "story.tags"]],
      );
      await poller.pollOnce();
      assert.equal(delivered.length, 2, "nothing is delivered twice");
      await poller.stop();
    });

    test("a change written by another version reads as its reason, or as unknown (purge all it names)", async () => {
      const mine = new ContentOutbox(database.db, "instance-a");
      const delivered: ContentChange[] = [];
      const poller = new OutboxPoller({
        outbox: mine,
        deliver: (c) => void delivered.push(c),
        onError: failOnError,
      });
      await poller.start();
      const { reasons: _, ...rest } = change;
      for (const stored of [
        { ...rest, reason: "article.updated" },
        { ...rest, reason: "article.archived" },
        { ...rest, reasons: ["story.tags", "story.archived"] },
      ]) {
        await database.db
          .insertInto("contentChanges")
          .values({ createdAt: new Date().toISOString(), origin: "older", change: JSON.stringify(stored) })
          .execute();
      }
      await poller.pollOnce();
      await poller.stop();
      assert.deepEqual(
        delivered.map((c) => c.reasons),
        [["article.updated"], ["unknown"], ["unknown"]],
      );
      assert.equal("reason" in (delivered[0] ?? {}), false);
    });

    test("a single process hears another instance's change within the poll interval, as remote", async () => {
      const events = new ContentEvents();
      const heard: ContentChange[] = [];
      events.subscribe((c) => void heard.push(c));
      const relay = await startContentRelay({
        events,
        db: database.db,
        origin: "single",
        onError: failOnError,
        intervalMs: 20,
      });
      try {
        const elsewhere = new ContentEvents();
        relayLocalChanges({
          events: elsewhere,
          outbox: new ContentOutbox(database.db, "command-line"),
          onError: failOnError,
        });
        await elsewhere.announce(change);
        const deadline = Date.now() + 2_000;
        while (heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        assert.deepEqual(heard, [{ ...change, origin: "remote" }]);
      } finally {
        await relay.stop();
      }
    });

    test("rows older than a day are pruned", async () => {
      const outbox = new ContentOutbox(database.db, "instance-a");
      const id = await outbox.write(change);
      await outbox.prune(Date.now() + 25 * 60 * 60 * 1000);
      const { changes } = await new ContentOutbox(database.db, "instance-b").readAfter(id - 1);
      assert.deepEqual(changes, []);
    });
  });
}
