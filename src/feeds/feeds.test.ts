import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { type NewsroomSession, signInAs } from "../../test/support/newsroom.ts";
import { buildApp } from "../app.ts";
import { MediaService } from "../media/media-service.ts";
import { openMediaStore } from "../media/open-media-store.ts";
import { SourceService } from "../sources/source-service.ts";
import type { FeedFetchLimits } from "./feed-fetch.ts";
import { AgencyFeedPoller } from "./feed-poller.ts";
import { atomFeed, BILLION_LAUGHS, rssFeed, serveHuge, TestFeedServer } from "./feed-test-support.ts";

const LIMITS: Partial<FeedFetchLimits> = { allowPrivate: true, timeoutMs: 1_500 };

for (const database of testDatabases()) {
  describe(`agency feeds on ${database.name}`, () => {
    const server = new TestFeedServer();
    let demo: DemoApp;
    let editor: NewsroomSession;
    let sourceId = 0;
    let rssEtagRequests = 0;

    const poller = (limits: Partial<FeedFetchLimits> = LIMITS) =>
      new AgencyFeedPoller({
        db: demo.database.db,
        media: new MediaService({ db: demo.database.db, mediaStore: openMediaStore(demo.config) }),
        limits,
        onError: (error) => assert.fail(String(error)),
      });

    /** Adds a feed through the newsroom's form; resolves with its id. */
    const addFeed = async (name: string, path: string, edition = "en") => {
      await editor.get("/newsroom/feeds");
      const answer = await editor.post("/newsroom/feeds", {
        name,
        url: path.startsWith("http") ? path : server.url(path),
        edition,
        sourceId: String(sourceId),
        credit: "",
        pollMinutes: "15",
        enabled: "yes",
      });
      assert.equal(answer.statusCode, 303, answer.body.slice(0, 500));
      return Number(/\/newsroom\/feeds\/(\d+)/.exec(String(answer.headers.location))?.[1]);
    };

    const draftsOf = (feedId: number) =>
      demo.database.db
        .selectFrom("agencyFeedItems")
        .innerJoin("articles", "articles.id", "agencyFeedItems.articleId")
        .innerJoin("stories", "stories.id", "articles.storyId")
        .select([
          "articles.id",
          "articles.title",
          "articles.status",
          "articles.edition",
          "articles.body",
          "stories.sourceId",
          "stories.heroMediaId",
          "agencyFeedItems.link",
        ])
        .where("agencyFeedItems.feedId", "=", feedId)
        .orderBy("articles.id")
        .execute();

    const lastPoll = async (feedId: number) =>
      demo.database.db
        .selectFrom("agencyFeedPolls")
        .selectAll()
        .where("feedId", "=", feedId)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();

    before(async () => {
      await server.start();
      server.serveXml(
        "/rss.xml",
        () => {
          rssEtagRequests++;
          return rssFeed([
            {
              title: "Quake hits Kirkuk — 12 dead",
              guid: "wire-1",
              link: "https://agency.example/quake",
              photo: server.url("/photo.jpg"),
              credit: "Ana Photo/Agency",
            },
            { title: "Markets calm &amp; steady", guid: "wire-2", link: "https://agency.example/markets" },
          ]);
        },
        '"rss-v1"',
      );
      server.serveXml(
        "/atom.xml",
        () =>
          atomFeed([
            {
              title: "Harvest festival opens",
              id: "urn:atom:1",
              link: "https://other.example/harvest",
              photo: "/photo2.jpg",
            },
            // The RSS feed's first item, as another agency titles it: one draft.
            { title: "QUAKE HITS KIRKUK: 12 dead", id: "urn:atom:2", link: "https://other.example/quake" },
          ]),
        '"atom-v1"',
        "application/atom+xml",
      );
      server.route("/malformed.xml", (response) => {
        response.writeHead(200, { "content-type": "application/rss+xml" });
        response.end("<rss><channel><item><title>Broken</item></channel>");
      });
      server.route("/lol.xml", (response) => {
        response.writeHead(200, { "content-type": "application/rss+xml" });
        response.end(BILLION_LAUGHS);
      });
      server.route("/huge.xml", (response) => serveHuge(response, 50));
      server.route("/slow.xml", (response) => {
        response.writeHead(200, { "content-type": "application/rss+xml" });
        response.write('<?xml version="1.0"?><rss version="2.0"><channel>');
        // Never finishes: the poll's timeout ends it.
      });
      server.route("/loop-a", (response) => {
        response.writeHead(302, { location: "/loop-b" });
        response.end();
      });
      server.route("/loop-b", (response) => {
        response.writeHead(302, { location: "/loop-a" });
        response.end();
      });
      server.route("/to-file", (response) => {
        response.writeHead(302, { location: "file:///etc/passwd" });
        response.end();
      });
      demo = await startDemoApp(
        database,
        { FEEDS_ALLOW_PRIVATE: "true" },
        { watchSchedule: false, feedLimits: LIMITS },
      );
      editor = await signInAs(demo.app, demo.database.db, "editor");
      sourceId = (await new SourceService(demo.database.db).upsertSource({ name: "Agence Test" })).id;
    });
    after(async () => {
      await demo?.close();
      await server.stop();
    });

    test("an RSS feed's items become drafts with attribution, link, photo and credit; a second poll adds nothing", async () => {
      const feedId = await addFeed("Agence RSS", "/rss.xml");
      const first = await poller().pollNow(feedId);
      assert.deepEqual(
        { status: first?.status, newItems: first?.newItems, error: first?.error },
        { status: "fetched", newItems: 2, error: null },
      );
      const drafts = await draftsOf(feedId);
      assert.deepEqual(
        drafts.map((d) => [d.title, d.status, d.edition, d.sourceId, d.link]),
        [
          ["Quake hits Kirkuk — 12 dead", "draft", "en", sourceId, "https://agency.example/quake"],
          ["Markets calm & steady", "draft", "en", sourceId, "https://agency.example/markets"],
        ],
      );
      const [quake, markets] = drafts;
      assert.ok(quake?.heroMediaId, "the photo became the hero");
      assert.equal(markets?.heroMediaId, null);
      const photo = await demo.database.db
        .selectFrom("media")
        .select("credit")
        .where("id", "=", quake?.heroMediaId ?? 0)
        .executeTakeFirstOrThrow();
      assert.equal(photo.credit, "Ana Photo/Agency");
      const body = String(quake?.body);
      assert.match(body, /First paragraph of/);
      assert.match(body, /"href":"https:\/\/agency\.example\/quake"/, "the original's link ends the body");
      assert.doesNotMatch(body, /alert|script/, "markup with no place in the document is dropped");

      // The server answers 304 to the ETag it gave: nothing is read, nothing added.
      const second = await poller().pollNow(feedId);
      assert.equal(second?.status, "unchanged");
      const conditional = server.requests.filter((r) => r.path === "/rss.xml").at(-1);
      assert.equal(conditional?.headers["if-none-match"], '"rss-v1"');
      assert.equal(rssEtagRequests, 1, "the body was sent once");
      assert.equal((await draftsOf(feedId)).length, 2);

      // Without its ETag (a changed feed that repeats its items), the items are duplicates.
      await demo.database.db
        .updateTable("agencyFeeds")
        .set({ etag: null })
        .where("id", "=", feedId)
        .execute();
      const third = await poller().pollNow(feedId);
      assert.deepEqual([third?.newItems, third?.duplicates], [0, 2]);
    });

    test("an Atom feed's entries become drafts; an item another feed brought is not drafted twice", async () => {
      const feedId = await addFeed("Atom wire", "/atom.xml", "pt");
      const outcome = await poller().pollNow(feedId);
      assert.deepEqual([outcome?.newItems, outcome?.duplicates, outcome?.error], [1, 1, null]);
      const [harvest] = await draftsOf(feedId);
      assert.equal(harvest?.title, "Harvest festival opens");
      assert.equal(harvest?.edition, "pt");
      assert.ok(harvest?.heroMediaId, "the enclosure (a relative address) became the hero");
      assert.match(String(harvest?.body), /Atom body of/);
      const photo = await demo.database.db
        .selectFrom("media")
        .select("credit")
        .where("id", "=", harvest?.heroMediaId ?? 0)
        .executeTakeFirstOrThrow();
      assert.equal(photo.credit, "Agence Test", "the source's name credits a photo the feed gives no credit");
    });

    test("a new app on the same database adds nothing when it polls again", async () => {
      const feed = await demo.database.db
        .selectFrom("agencyFeeds")
        .select("id")
        .where("name", "=", "Agence RSS")
        .executeTakeFirstOrThrow();
      await demo.database.db
        .updateTable("agencyFeeds")
        .set({ etag: null })
        .where("id", "=", feed.id)
        .execute();
      const restarted = await buildApp({
        config: demo.config,
        database: demo.database,
        watchSchedule: false,
        feedLimits: LIMITS,
      });
      try {
        const session = await signInAs(restarted, demo.database.db, "editor");
        await session.get(`/newsroom/feeds/${feed.id}`);
        const polled = await session.post(`/newsroom/feeds/${feed.id}/poll`);
        assert.equal(polled.statusCode, 303);
        const page = await session.get(String(polled.headers.location));
        assert.match(page.body, /The feed has been polled/);
      } finally {
        await restarted.close();
      }
      const poll = await lastPoll(feed.id);
      assert.deepEqual([poll.status, poll.newItems, poll.duplicates], ["fetched", 0, 2]);
      assert.equal((await draftsOf(feed.id)).length, 2);
    });

    test("two pollers on one database poll a due feed once", async () => {
      const feedId = await addFeed("Twice", "/malformed.xml");
      const before = await demo.database.db
        .selectFrom("agencyFeedPolls")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("feedId", "=", feedId)
        .executeTakeFirstOrThrow();
      const [a, b] = await Promise.all([poller().pollDue(), poller().pollDue()]);
      const ofFeed = [...a, ...b].filter(Boolean);
      const polls = await demo.database.db
        .selectFrom("agencyFeedPolls")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("feedId", "=", feedId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(polls.n) - Number(before.n), 1);
      assert.ok(ofFeed.length >= 1);
    });

    test("a disabled feed is not polled; an edited one keeps its drafts; a deleted one leaves them", async () => {
      const feedId = await addFeed("Switched", "/malformed.xml");
      const form = {
        name: "Switched off",
        url: server.url("/malformed.xml"),
        edition: "en",
        sourceId: String(sourceId),
        credit: "",
        pollMinutes: "15",
      };
      await editor.get(`/newsroom/feeds/${feedId}`);
      assert.equal((await editor.post(`/newsroom/feeds/${feedId}`, form)).statusCode, 303);
      await demo.database.db
        .updateTable("agencyFeeds")
        .set({ nextPollAt: "2000-01-01T00:00:00.000Z" })
        .where("id", "=", feedId)
        .execute();
      const polled = await poller().pollDue();
      assert.equal(polled.length, 0, "a disabled feed is never due");
      const refused = await editor.post(`/newsroom/feeds/${feedId}`, {
        ...form,
        pollMinutes: "0",
        enabled: "yes",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /from 1 to 1440/);

      const rss = await demo.database.db
        .selectFrom("agencyFeeds")
        .select("id")
        .where("name", "=", "Agence RSS")
        .executeTakeFirstOrThrow();
      const drafts = await draftsOf(rss.id);
      await editor.get(`/newsroom/feeds/${rss.id}/delete`);
      const deleted = await editor.post(`/newsroom/feeds/${rss.id}/delete`, { confirm: "yes" });
      assert.equal(deleted.statusCode, 303);
      const kept = await demo.database.db
        .selectFrom("articles")
        .select("id")
        .where(
          "id",
          "in",
          drafts.map((d) => d.id),
        )
        .execute();
      assert.equal(kept.length, 2, "the drafts stay");
      const queue = await editor.get("/newsroom/feeds/queue");
      assert.match(queue.body, /Markets calm &amp; steady/);
      assert.match(queue.body, /\(deleted feed\)/);
    });

    test("a poll a dead process left running is closed as failed; a running one makes Poll now wait", async () => {
      const feedId = await addFeed("Interrupted", "/malformed.xml");
      const { id } = await demo.database.db
        .insertInto("agencyFeedPolls")
        .values({ feedId, status: "running", startedAt: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      assert.equal(await poller().pollNow(feedId), null, "a poll is under way");
      await demo.database.db
        .updateTable("agencyFeedPolls")
        .set({ startedAt: "2026-01-01T00:00:00.000Z" })
        .where("id", "=", id)
        .execute();
      const outcome = await poller().pollNow(feedId);
      assert.equal(outcome?.status, "failed");
      const left = await demo.database.db
        .selectFrom("agencyFeedPolls")
        .select(["status", "error"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(left, { status: "failed", error: "the process polling it stopped before the end" });
    });

    const hostile: [string, string, RegExp][] = [
      ["malformed XML", "/malformed.xml", /not well-formed XML/],
      ["a 50 MB body", "/huge.xml", /larger than 5\.0 MB/],
      ["a slow server", "/slow.xml", /no answer within|broke off/],
      ["a redirect loop", "/loop-a", /redirects loop/],
      ["entity expansion", "/lol.xml", /DOCTYPE/],
      ["a redirect to a file: address", "/to-file", /only http and https/],
    ];
    for (const [what, path, error] of hostile) {
      test(`${what} is recorded on the feed's page and drafts nothing`, async () => {
        const feedId = await addFeed(`Hostile ${path}`, path);
        const started = Date.now();
        const outcome = await poller().pollNow(feedId);
        assert.ok(Date.now() - started < 10_000, "the poll ended quickly");
        assert.equal(outcome?.status, "failed");
        assert.match(String(outcome?.error), error);
        assert.equal((await draftsOf(feedId)).length, 0);
        const page = await editor.get(`/newsroom/feeds/${feedId}`);
        assert.match(page.body, /data-poll-status="failed"/);
      });
    }

    test("a feed at a private address is refused unless FEEDS_ALLOW_PRIVATE is set", async () => {
      const feedId = await addFeed("Private", "/rss.xml");
      const outcome = await poller({ ...LIMITS, allowPrivate: false }).pollNow(feedId);
      assert.equal(outcome?.status, "failed");
      assert.match(String(outcome?.error), /127\.0\.0\.1 is not a public address/);
    });

    test("an editor takes an agency draft into the editor; the history lists polls and imports", async () => {
      const queue = await editor.get("/newsroom/feeds/queue?edition=en");
      assert.equal(queue.statusCode, 200);
      const itemId = /data-agency-item="(\d+)"/.exec(queue.body)?.[1];
      assert.ok(itemId);
      const taken = await editor.post(`/newsroom/feeds/queue/${itemId}/take`);
      assert.equal(taken.statusCode, 303);
      assert.match(String(taken.headers.location), /^\/newsroom\/articles\/\d+\/edit$/);
      const item = await demo.database.db
        .selectFrom("agencyFeedItems")
        .select(["takenByUserId", "articleId"])
        .where("id", "=", Number(itemId))
        .executeTakeFirstOrThrow();
      assert.equal(item.takenByUserId, editor.user.id);
      assert.equal(String(taken.headers.location), `/newsroom/articles/${item.articleId}/edit`);
      assert.equal((await editor.get(String(taken.headers.location))).statusCode, 200);

      assert.equal((await editor.get("/newsroom/imports")).statusCode, 403, "the history is an admin's page");
      await demo.database.db
        .insertInto("importRuns")
        .values({
          source: "wordpress:https://old.example",
          file: "export.xml",
          dryRun: 0,
          status: "finished",
          startedAt: "2026-12-01T10:00:00.000Z",
          finishedAt: "2026-12-01T10:05:00.000Z",
          counts: JSON.stringify({ post: { imported: 3, updated: 0, skipped: 1 } }),
          errors: JSON.stringify([{ item: "post 7", message: 'language "fr" has no edition' }]),
        })
        .execute();
      const admin = await signInAs(demo.app, demo.database.db, "admin");
      const history = await admin.get("/newsroom/imports");
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /post: 3 imported, 0 updated, 1 skipped/);
      assert.match(history.body, /language &quot;fr&quot; has no edition|language "fr" has no edition/);
      assert.match(history.body, /Atom wire/);
      assert.match(history.body, /redirects loop/);
    });

    test("a contributor can neither configure feeds nor take drafts", async () => {
      const contributor = await signInAs(demo.app, demo.database.db, "contributor");
      assert.equal((await contributor.get("/newsroom/feeds")).statusCode, 403);
      assert.equal((await contributor.get("/newsroom/feeds/queue")).statusCode, 403);
    });
  });
}
