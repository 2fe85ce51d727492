import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { TagService } from "../tags/tag-service.ts";
import {
  ContentOutbox,
  GAP_WAIT_MS,
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

/** Pollers the tests read with `pollOnce`: their timer must not read meanwhile. */
const TESTS_READ_MS = 3_600_000;

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
      const other = new ContentOutbox(database.db, "instance-b");
      const before = await other.start();
      relayLocalChanges({ events, outbox, send: (m) => sent.push(m), onError: failOnError });
      await events.announce(change);
      assert.equal(sent.length, 1);
      assert.ok(isRelayMessage(sent[0]));
      assert.equal(sent[0]?.change.origin, "local");
      assert.ok((sent[0]?.id ?? 0) > before.lastId);
      const { changes, position } = await other.readAfter(before);
      assert.deepEqual(changes, [change]);
      assert.equal(position.lastId, sent[0]?.id);
    });

    test("a remote change is neither written again nor sent on", async () => {
      const events = new ContentEvents();
      const sent: RelayMessage[] = [];
      const outbox = new ContentOutbox(database.db, "instance-a");
      const before = await outbox.start();
      relayLocalChanges({ events, outbox, send: (m) => sent.push(m), onError: failOnError });
      await events.announce({ ...change, origin: "remote" });
      assert.equal(sent.length, 0);
      assert.deepEqual((await outbox.readAfter(before)).position, before);
    });

    test("an instance reads what others wrote, in order, and skips its own rows", async () => {
      const mine = new ContentOutbox(database.db, "instance-a");
      const theirs = new ContentOutbox(database.db, "instance-b");
      const delivered: ContentChange[] = [];
      const poller = new OutboxPoller({
        outbox: mine,
        deliver: (c) => void delivered.push(c),
        onError: failOnError,
        intervalMs: TESTS_READ_MS,
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
        intervalMs: TESTS_READ_MS,
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
      const { changes } = await new ContentOutbox(database.db, "instance-b").readAfter({
        lastId: id - 1,
        gaps: [],
      });
      assert.deepEqual(changes, []);
    });

    test("a unit of work's change reaches other instances even if its process stops right after the commit", async () => {
      const events = new ContentEvents();
      const sent: RelayMessage[] = [];
      const stopRelay = relayLocalChanges({
        events,
        outbox: new ContentOutbox(database.db, "instance-a"),
        send: (m) => sent.push(m),
        onError: failOnError,
      });
      // The first thing after the commit never ends: nothing that follows it runs, as when the
      // process is killed there (the relay's listener, which wrote the row before, among them).
      let committed!: () => void;
      const commitDone = new Promise<void>((resolve) => {
        committed = resolve;
      });
      const stopHanging = events.subscribe(
        () => {
          committed();
          return new Promise<void>(() => {});
        },
        { refresh: true },
      );
      const delivered: ContentChange[] = [];
      const elsewhere = new OutboxPoller({
        outbox: new ContentOutbox(database.db, "instance-b"),
        deliver: (c) => void delivered.push(c),
        onError: failOnError,
        intervalMs: TESTS_READ_MS,
      });
      await elsewhere.start();
      try {
        void new TagService(database.db, events).upsertTag({
          key: "kurdistan",
          kind: "region",
          names: { en: "Kurdistan" },
        });
        await commitDone;
        await elsewhere.pollOnce();
        assert.deepEqual(sent, [], "nothing after the commit ran");
        assert.equal(delivered.length, 1);
        assert.deepEqual(delivered[0]?.reasons, ["tag.created"]);
      } finally {
        stopHanging();
        stopRelay();
        await elsewhere.stop();
      }
    });

    test("a change whose outbox row cannot be written is not committed; the primary hears the row's id", async () => {
      const events = new ContentEvents();
      const sent: RelayMessage[] = [];
      class FullOutbox extends ContentOutbox {
        override async write(): Promise<number> {
          throw new Error("no room for the row");
        }
      }
      const stopFull = relayLocalChanges({
        events,
        outbox: new FullOutbox(database.db, "instance-a"),
        onError: failOnError,
      });
      const tags = new TagService(database.db, events);
      await assert.rejects(
        tags.upsertTag({ key: "halabja", kind: "region", names: { en: "Halabja" } }),
        /no room for the row/,
      );
      stopFull();
      assert.equal(
        await database.db.selectFrom("tags").where("key", "=", "halabja").select("id").executeTakeFirst(),
        undefined,
      );

      const outbox = new ContentOutbox(database.db, "instance-a");
      const before = await outbox.start();
      const stopRelay = relayLocalChanges({
        events,
        outbox,
        send: (m) => sent.push(m),
        onError: failOnError,
      });
      try {
        await tags.upsertTag({ key: "halabja", kind: "region", names: { en: "Halabja" } });
        const { position } = await outbox.readAfter(before);
        assert.equal(sent.length, 1);
        assert.equal(sent[0]?.id, position.lastId, "one row, written in the transaction, and its id sent");
        assert.equal(position.lastId, before.lastId + 1);
      } finally {
        stopRelay();
      }
    });

    test("an id found missing is read when its row comes, once, and is waited for no longer than GAP_WAIT_MS", async () => {
      const outbox = new ContentOutbox(database.db, "instance-b");
      const reader = new ContentOutbox(database.db, "instance-a");
      // After every row, waiting for no id (not even those of the rows pruned by the test before).
      const start = await reader.start(Date.now() + 2 * GAP_WAIT_MS);
      const ids: number[] = [];
      for (const reason of ["story.hero", "story.related", "story.source"] as const) {
        ids.push(await outbox.write({ ...change, reasons: [reason] }));
      }
      const [first, second, third] = ids as [number, number, number];
      assert.deepEqual([second, third], [first + 1, first + 2]);
      // The second row's transaction has not committed yet: take it out, to put it back later.
      const held = await database.db
        .selectFrom("contentChanges")
        .selectAll()
        .where("id", "=", second)
        .executeTakeFirstOrThrow();
      await database.db.deleteFrom("contentChanges").where("id", "=", second).execute();

      const now = Date.now();
      const read = await reader.readAfter(start, { now });
      assert.deepEqual(
        read.changes.map((c) => c.reasons),
        [["story.hero"], ["story.source"]],
      );
      assert.deepEqual(read.position, {
        lastId: third,
        gaps: [{ from: second, to: second, until: now + GAP_WAIT_MS }],
      });
      const restarted = await reader.start(now);
      // (It also waits for the ids of the rows pruned by the test before: none will come.)
      assert.equal(restarted.lastId, third);
      assert.deepEqual(
        restarted.gaps.at(-1),
        { from: second, to: second, until: now + GAP_WAIT_MS },
        "a reader starting now waits for it too",
      );
      assert.deepEqual(await reader.start(now + 2 * GAP_WAIT_MS), { lastId: third, gaps: [] });

      await database.db.insertInto("contentChanges").values(held).execute();
      const late = await reader.readAfter(read.position, { now: now + 1_000 });
      assert.deepEqual(
        late.changes.map((c) => c.reasons),
        [["story.related"]],
      );
      assert.deepEqual(late.position, { lastId: third, gaps: [] });
      assert.deepEqual((await reader.readAfter(late.position)).changes, [], "read once");

      const expired = await reader.readAfter(read.position, { now: now + GAP_WAIT_MS });
      assert.deepEqual(expired, { changes: [], position: { lastId: third, gaps: [] } }, "given up on");
    });
  });
}

// Ids are taken at the insert and seen at the commit: on PostgreSQL two writers commit in any order.
// (SQLite writes one transaction at a time: its ids commit in order.)
for (const testDatabase of testDatabases().filter((d) => d.name === "postgres")) {
  describe(`outbox rows committed out of order on ${testDatabase.name}`, () => {
    let database: TestDatabaseHandle;
    before(async () => {
      database = await testDatabase.open();
    });
    after(() => database.close());

    test("a row committed after a larger id was read reaches every reader, once", async () => {
      const writer = new ContentOutbox(database.db, "instance-b");
      const reader = () => {
        const delivered: ContentChange["reasons"][] = [];
        const poller = new OutboxPoller({
          outbox: new ContentOutbox(database.db, "instance-a"),
          deliver: (c) => void delivered.push(c.reasons),
          onError: failOnError,
          intervalMs: TESTS_READ_MS,
        });
        return { poller, delivered };
      };
      const early = reader();
      const late = reader();
      await early.poller.start();

      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let wrote!: (id: number) => void;
      const smallerId = new Promise<number>((resolve) => {
        wrote = resolve;
      });
      const slow = database.db.transaction().execute(async (trx) => {
        wrote(await writer.write({ ...change, reasons: ["story.hero"] }, trx));
        await released;
      });
      try {
        const smaller = await smallerId;
        const larger = await database.db
          .transaction()
          .execute((trx) => writer.write({ ...change, reasons: ["story.related"] }, trx));
        assert.ok(larger > smaller, "the later write has the larger id and commits first");

        await early.poller.pollOnce();
        assert.deepEqual(early.delivered, [["story.related"]]);
        // A reader starting while the smaller id is still being committed waits for it as well.
        await late.poller.start();

        release();
        await slow;
        for (let round = 0; round < 2; round++) {
          await early.poller.pollOnce();
          await late.poller.pollOnce();
        }
        assert.deepEqual(early.delivered, [["story.related"], ["story.hero"]]);
        assert.deepEqual(late.delivered, [["story.hero"]]);
      } finally {
        release();
        await slow;
        await early.poller.stop();
        await late.poller.stop();
      }
    });
  });
}
