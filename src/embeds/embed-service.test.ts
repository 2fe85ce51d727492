import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import type { Actor } from "../accounts/authorization/policy.ts";
import { createStoryWithArticle } from "../articles/create-story-with-article.ts";
import { DirectoryMediaStore } from "../media/directory-media-store.ts";
import { MediaService } from "../media/media-service.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { parseEmbedConfig } from "./embed-config.ts";
import { EmbedService } from "./embed-service.ts";
import { OEmbedTestServer } from "./oembed-test-support.ts";

const VIDEO = "https://www.youtube.com/watch?v=kirkukAAAA1";
const bodyWith = (url: string) => ({
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "Watch:" }] },
    { type: "embed", attrs: { url } },
  ],
});

for (const database of testDatabases()) {
  describe(`embeds service on ${database.name}`, () => {
    const server = new OEmbedTestServer();
    let handle: TestDatabaseHandle;
    let dir: string;
    let service: EmbedService;
    let actor: Actor;
    let announced: ContentChange[];

    before(() => server.start());
    after(() => server.stop());
    beforeEach(async () => {
      handle = await database.open();
      dir = await mkdtemp(join(tmpdir(), "tribune-embeds-"));
      announced = [];
      const events = new ContentEvents();
      events.subscribe((change) => {
        announced.push(change);
      });
      const user = await createTestUser(handle.db, "contributor");
      actor = { id: user.id, role: "contributor", editions: [] };
      service = new EmbedService({
        db: handle.db,
        events,
        media: new MediaService({ db: handle.db, mediaStore: new DirectoryMediaStore(dir) }),
        config: parseEmbedConfig(server.env()),
      });
      server.fixtures.clear();
      server.requests.length = 0;
    });
    afterEach(async () => {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    });
    const resolve = (url: string) => service.resolve(url, { actor, ip: "127.0.0.1" });

    test("fetches a video once: the second add reads what was stored, the thumbnail is in the media library", async () => {
      server.fixtures.set(VIDEO, server.youtubeAnswer("kirkukAAAA1", "Kirkuk, a year on"));
      const first = await resolve(VIDEO);
      assert.equal(first.status, "card");
      assert.ok(first.status === "card" && first.fetched);
      assert.equal(first.embed.title, "Kirkuk, a year on");
      assert.equal(first.embed.authorName, "Tribune Channel");
      assert.equal(
        first.embed.playerUrl,
        "https://www.youtube-nocookie.com/embed/kirkukAAAA1?feature=oembed&autoplay=1",
      );
      const mediaId = first.embed.thumbnailMediaId;
      assert.ok(mediaId, "the thumbnail was kept");
      const media = await handle.db
        .selectFrom("media")
        .selectAll()
        .where("id", "=", mediaId)
        .executeTakeFirstOrThrow();
      assert.equal(media.credit, "YouTube / Tribune Channel");
      assert.equal(media.uploadedByUserId, actor.id);
      const variants = await handle.db
        .selectFrom("mediaVariants")
        .select("format")
        .where("mediaId", "=", mediaId)
        .execute();
      assert.ok(
        variants.some((variant) => variant.format === "webp"),
        "resized variants as any upload gets",
      );

      const second = await resolve(VIDEO);
      assert.ok(second.status === "card" && !second.fetched);
      assert.equal(second.embed.thumbnailMediaId, mediaId);
      assert.equal(server.oembedRequestsFor(VIDEO), 1, "the provider was asked once");
      assert.equal(server.requests.filter((r) => r.startsWith("/thumb/")).length, 1);
      const audit = await handle.db
        .selectFrom("auditLog")
        .select(["action", "subjectId"])
        .where("action", "=", "embed.fetch")
        .execute();
      assert.deepEqual(audit, [{ action: "embed.fetch", subjectId: VIDEO }]);
    });

    test("announces the fetch for every article whose body holds the URL, and only those", async () => {
      const holding = await createStoryWithArticle(
        handle.db,
        { originalEdition: "en" },
        { title: "With the video", body: bodyWith(VIDEO) },
      );
      await createStoryWithArticle(
        handle.db,
        { originalEdition: "pt" },
        { title: "Sem vídeo", body: bodyWith("https://www.youtube.com/watch?v=otherBBBBB2") },
      );
      server.fixtures.set(VIDEO, server.youtubeAnswer("kirkukAAAA1", "Kirkuk"));
      await resolve(VIDEO);
      assert.equal(announced.length, 1);
      assert.deepEqual(announced[0]?.reasons, ["embed.fetched"]);
      assert.deepEqual(announced[0]?.articleIds, [holding.article.id]);
      assert.deepEqual(announced[0]?.editions, ["en"]);
      await resolve(VIDEO);
      assert.equal(announced.length, 1, "a stored embed changes nothing");
    });

    test("a URL of a site not on the allow-list is a plain link, asked of no one", async () => {
      assert.deepEqual(await resolve("https://example.com/videos/1"), { status: "unlisted" });
      const onlyVimeo = new EmbedService({
        db: handle.db,
        events: undefined,
        media: new MediaService({ db: handle.db, mediaStore: new DirectoryMediaStore(dir) }),
        config: parseEmbedConfig({ ...server.env(), OEMBED_PROVIDERS: "vimeo" }),
      });
      assert.deepEqual(await onlyVimeo.resolve(VIDEO, { actor, ip: null }), { status: "unlisted" });
      assert.equal(server.requests.length, 0);
    });

    test("a refused answer is reported, stores nothing, and is tried again next time", async () => {
      server.fixtures.set(VIDEO, {
        kind: "json",
        body: { title: "Hijack", html: '<iframe src="https://evil.example/embed/x"></iframe>' },
      });
      const failed = await resolve(VIDEO);
      assert.equal(failed.status, "failed");
      assert.ok(
        failed.status === "failed" && /evil\.example, not a YouTube player host/.test(failed.message),
        JSON.stringify(failed),
      );
      assert.equal((await handle.db.selectFrom("embeds").select("url").execute()).length, 0);
      server.fixtures.set(VIDEO, { kind: "raw", contentType: "text/html", body: "<html>Sign in</html>" });
      const html = await resolve(VIDEO);
      assert.ok(html.status === "failed" && /text\/html, not JSON/.test(html.message));
      server.fixtures.set(VIDEO, {
        kind: "raw",
        contentType: "application/json",
        body: "Not found",
        status: 404,
      });
      const missing = await resolve(VIDEO);
      assert.ok(missing.status === "failed" && /answered 404/.test(missing.message));
      assert.equal(server.oembedRequestsFor(VIDEO), 3);
      assert.equal(announced.length, 0);
    });

    test("a thumbnail that is not an image, or not on a public host, leaves the card without one", async () => {
      const answer = server.youtubeAnswer("kirkukAAAA1", "Kirkuk");
      if (answer.kind !== "json") throw new Error("fixture");
      server.fixtures.set(VIDEO, {
        kind: "json",
        body: { ...answer.body, thumbnail_url: `${server.origin}/huge` },
      });
      const notImage = await resolve(VIDEO);
      assert.ok(notImage.status === "card");
      assert.equal(notImage.embed.thumbnailMediaId, null);
      assert.match(notImage.thumbnailProblem ?? "", /the thumbnail was refused/);
      assert.match(notImage.thumbnailProblem ?? "", /larger than/);
      const fake = "https://youtu.be/fakeDDDDD4";
      server.fixtures.set(fake, {
        kind: "json",
        body: { ...answer.body, thumbnail_url: `${server.origin}/fake.jpg` },
      });
      const fakeThumb = await resolve(fake);
      assert.ok(fakeThumb.status === "card" && fakeThumb.embed.thumbnailMediaId === null);
      assert.match(fakeThumb.thumbnailProblem ?? "", /the thumbnail was refused/);
      assert.equal((await handle.db.selectFrom("media").select("id").execute()).length, 0);

      const other = "https://youtu.be/privateCCC3";
      const port = new URL(server.origin).port;
      server.fixtures.set(other, {
        kind: "json",
        body: { ...answer.body, thumbnail_url: `http://localhost:${port}/thumb/a.jpg` },
      });
      const privateThumb = await resolve(other);
      assert.ok(privateThumb.status === "card");
      assert.match(privateThumb.thumbnailProblem ?? "", /localhost is not a public address/);
    });

    test("refuses an address no embed may have, with a 4xx error", async () => {
      await assert.rejects(resolve("javascript:alert(1)"), /use a full http or https address/);
    });
  });
}
