import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../test/support/newsroom.ts";
import { Editions } from "../editions/edition-service.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { bilingualStory, type OpenStream, openStream, updateWith } from "./live-test-support.ts";

/** At most this many streams: the cap's test fills the process up. */
const MAX_STREAMS = 4;

for (const database of testDatabases()) {
  describe(`live coverage over HTTP on ${database.name}`, () => {
    let demo: DemoApp;
    let editor: NewsroomSession;
    let origin: string;
    let story: { storyId: number; en: number; pt: number };
    let enPath: string;
    let closed = false;
    const streams: OpenStream[] = [];

    before(async () => {
      // The page cache on: what readers see after an update proves the update purged the page.
      demo = await startDemoApp(database, {
        PAGE_CACHE_MB: "16",
        LIVE_MAX_STREAMS: String(MAX_STREAMS),
        LIVE_HEARTBEAT_SECONDS: "1",
      });
      editor = await signInAs(demo.app, demo.database.db, "editor");
      await demo.app.listen({ port: 0, host: "127.0.0.1" });
      origin = `http://127.0.0.1:${(demo.app.server.address() as AddressInfo).port}`;
      story = await bilingualStory(demo.database.db);
      const article = await demo.database.db
        .selectFrom("articles")
        .select(["slug", "publishedAt"])
        .where("id", "=", story.en)
        .executeTakeFirstOrThrow();
      const editions = new Editions(demo.config.editions, demo.config.defaultEdition);
      enPath = new SiteUrls(demo.config.publicUrl).href(
        editions.get("en"),
        new SiteUrls(demo.config.publicUrl).articlePath(
          editions.get("en"),
          article.publishedAt ?? "",
          article.slug,
        ),
        editions.get("en"),
      );
    });
    after(async () => {
      for (const stream of streams) stream.close();
      if (!closed) await demo.close();
    });

    const open = async (articleId: number, headers: Record<string, string> = {}, query = "") => {
      const stream = await openStream(`${origin}/live/${articleId}/events${query}`, headers);
      streams.push(stream);
      return stream;
    };
    const post = async (articleId: number, text: string, flags: Record<string, string> = {}) => {
      const response = await editor.post(`/newsroom/live/${articleId}/updates`, { text, ...flags });
      assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    };
    const newestUpdateId = async (articleId: number) =>
      (
        await demo.database.db
          .selectFrom("liveUpdates")
          .select("id")
          .where("articleId", "=", articleId)
          .orderBy("id", "desc")
          .executeTakeFirstOrThrow()
      ).id;
    const articlePage = async () => {
      const response = await demo.app.inject(enPath);
      assert.equal(response.statusCode, 200);
      return response;
    };

    test("a story not live has no stream, and an update cannot be posted to it", async () => {
      assert.equal((await demo.app.inject(`/live/${story.en}/events`)).statusCode, 404);
      await editor.get(`/newsroom/live/${story.en}`);
      const refused = await editor.post(`/newsroom/live/${story.en}/updates`, { text: "Too early" });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /start its live coverage first/);
    });

    test("an editor turns the story live: its pages say so and the front page labels it", async () => {
      await articlePage();
      const front = await demo.app.inject("/en/");
      assert.doesNotMatch(front.body, /class="live-label"/);
      const started = await editor.post(`/newsroom/live/${story.en}/coverage`, { live: "on" });
      assert.equal(started.statusCode, 303);
      const page = parsePage((await articlePage()).body);
      assert.ok(page.querySelector("section.live[data-live-stream]"));
      const frontAfter = parsePage((await demo.app.inject("/en/")).body);
      const labelled = [...frontAfter.querySelectorAll(".live-label")].map(
        (label) => label.parentElement?.querySelector("a")?.getAttribute("href") ?? "",
      );
      assert.ok(labelled.includes(enPath), `the front page labels ${enPath} live: ${labelled.join(", ")}`);
      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select("action")
        .where("action", "=", "live.start")
        .execute();
      assert.equal(audit.length, 1);
    });

    test("a posted update purges the cached page and is in its HTML, with its link and JSON-LD", async () => {
      await articlePage();
      const cached = await articlePage();
      assert.equal(cached.headers["x-page-cache"], "HIT");
      await post(
        story.en,
        "Polls close at 8 pm. <script>alert(1)</script> See https://example.org/results.",
        {
          keyEvent: "on",
        },
      );
      const id = await newestUpdateId(story.en);
      const html = (await articlePage()).body;
      assert.doesNotMatch(html, /<script>alert/);
      const page = parsePage(html);
      const item = page.querySelector(`#update-${id}`);
      assert.ok(item, "the update is in the page");
      assert.match(item.textContent ?? "", /Polls close at 8 pm/);
      assert.ok(item.querySelector(`a[href="#update-${id}"] time[datetime]`));
      assert.ok(item.querySelector(".live-key"), "marked a key event");
      assert.equal(item.querySelector(".live-body a")?.getAttribute("href"), "https://example.org/results");
      const jsonLd = JSON.parse(
        page.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}",
      );
      assert.equal(jsonLd["@type"], "LiveBlogPosting");
      assert.ok(jsonLd.coverageStartTime);
      assert.equal(jsonLd.liveBlogUpdate[0]["@id"], `${jsonLd.url}#update-${id}`);
    });

    test("an open stream gets new, edited and deleted updates; each edition only its own", async () => {
      const en = await open(story.en);
      const pt = await open(story.pt);
      assert.equal(en.status, 200);
      assert.equal(en.headers.get("content-type"), "text/event-stream; charset=utf-8");
      assert.equal(en.headers.get("cache-control"), "no-store");
      await post(story.en, "Turnout is high in the north.");
      const posted = await en.next(updateWith("Turnout is high"));
      const id = await newestUpdateId(story.en);
      assert.equal(JSON.parse(posted.data ?? "{}").id, id);
      // Portuguese readers get the Portuguese update first: the English one never reached them.
      await post(story.pt, "A participação é alta no norte.");
      const first = await pt.next((block) => block.event !== undefined);
      assert.match(first.data ?? "", /participação é alta/);

      const edited = await editor.post(`/newsroom/live/updates/${id}`, {
        text: "Turnout is very high.",
        pinned: "on",
      });
      assert.equal(edited.statusCode, 303);
      const change = await en.next(updateWith("Turnout is very high"));
      assert.equal(JSON.parse(change.data ?? "{}").pinned, true);
      assert.equal((await editor.post(`/newsroom/live/updates/${id}/delete`)).statusCode, 303);
      const deleted = await en.next((block) => block.event === "delete");
      assert.equal(JSON.parse(deleted.data ?? "{}").id, id);
      assert.equal(parsePage((await articlePage()).body).querySelector(`#update-${id}`), null);
      const actions = await demo.database.db
        .selectFrom("auditLog")
        .select("action")
        .where("action", "in", ["live.post", "live.edit", "live.delete"])
        .execute();
      assert.deepEqual(
        new Set(actions.map((a) => a.action)),
        new Set(["live.post", "live.edit", "live.delete"]),
      );
      en.close();
      pt.close();
    });

    test("a reader who reconnects with Last-Event-ID gets what they missed, and heartbeats keep coming", async () => {
      const first = await open(story.en);
      await post(story.en, "Missed update one.");
      const seen = await first.next(updateWith("Missed update one"));
      first.close();
      await post(story.en, "Missed update two.");
      await post(story.en, "Missed update three.");
      const again = await open(story.en, { "last-event-id": seen.id ?? "" });
      const two = await again.next((block) => block.event === "update");
      assert.match(two.data ?? "", /Missed update two/);
      const three = await again.next((block) => block.event === "update");
      assert.match(three.data ?? "", /Missed update three/);
      // A page rendered before an update starts its stream after what it showed (?after=).
      const fromPage = await open(story.en, {}, `?after=${seen.id}`);
      assert.match(
        (await fromPage.next((block) => block.event === "update")).data ?? "",
        /Missed update two/,
      );
      assert.equal((await again.next((block) => block.comment === "heartbeat")).comment, "heartbeat");
      again.close();
      fromPage.close();
    });

    test("hostile input is refused with 4xx", async () => {
      const answers = await Promise.all([
        demo.app.inject("/live/abc/events"),
        demo.app.inject("/live/0/events"),
        demo.app.inject(`/live/${story.en}/events?after=-1`),
        demo.app.inject(`/live/${story.en}/events?after=1e9`),
        demo.app.inject(`/live/${story.en}/events?other=1`),
        demo.app.inject({ url: `/live/${story.en}/events`, headers: { "last-event-id": "'; drop table" } }),
        demo.app.inject("/live/99999999/events"),
        demo.app.inject(`/live/${story.en}/events/../../newsroom`),
      ]);
      for (const answer of answers)
        assert.ok(answer.statusCode >= 400 && answer.statusCode < 500, String(answer.statusCode));
      const empty = await editor.post(`/newsroom/live/${story.en}/updates`, { text: "   " });
      assert.equal(empty.statusCode, 400);
      const long = await editor.post(`/newsroom/live/${story.en}/updates`, { text: "x".repeat(6000) });
      assert.equal(long.statusCode, 400);
      assert.equal((await editor.post("/newsroom/live/updates/99999999", { text: "x" })).statusCode, 404);
      const forged = await editor.post(`/newsroom/live/${story.en}/updates`, { text: "x", _csrf: "forged" });
      assert.equal(forged.statusCode, 403);
      const contributor = await signInAs(demo.app, demo.database.db, "contributor");
      await contributor.get("/newsroom/");
      assert.equal(
        (await contributor.post(`/newsroom/live/${story.en}/updates`, { text: "Mine" })).statusCode,
        403,
      );
      const translator = await signInAs(demo.app, demo.database.db, "translator", { editions: ["pt"] });
      await translator.get("/newsroom/");
      assert.equal(
        (await translator.post(`/newsroom/live/${story.en}/updates`, { text: "Not mine" })).statusCode,
        403,
      );
      assert.equal(
        (await translator.post(`/newsroom/live/${story.pt}/updates`, { text: "Minha" })).statusCode,
        303,
      );
    });

    test("past its cap a process answers 503, and stopping it ends every stream", async () => {
      const held: OpenStream[] = [];
      for (let i = 0; i < MAX_STREAMS; i++) {
        const stream = await open(story.en);
        assert.equal(stream.status, 200);
        held.push(stream);
      }
      const refused = await demo.app.inject(`/live/${story.en}/events`);
      assert.equal(refused.statusCode, 503);
      assert.ok(refused.headers["retry-after"]);
      closed = true;
      await demo.close();
      for (const stream of held) await stream.ended();
    });
  });
}
