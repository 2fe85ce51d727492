import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import { ArticleService } from "../articles/article-service.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";
import { OEmbedTestServer } from "./oembed-test-support.ts";

const VIDEO = "https://www.youtube.com/watch?v=followAAAA1";
const SLOW = "https://vimeo.com/123456789";
const leadTitle = loadDemoFixture().articles[0]?.editions.en?.title ?? "";

/**
 * A body saved with embed URLs no one fetched (as the API or an import writes one): the app fetches
 * them after the save, in the background, and readers get the card.
 */
for (const database of testDatabases()) {
  describe(`embeds of bodies saved without them, on ${database.name}`, () => {
    const server = new OEmbedTestServer();
    let demo: DemoApp;
    let articles: ArticleService;
    let articleId: number;
    let savedBy: number;
    let body: { type: string; content: unknown[] };

    before(async () => {
      await server.start();
      server.fixtures.set(VIDEO, server.youtubeAnswer("followAAAA1", "Mosul, rebuilt"));
      server.fixtures.set(SLOW, { kind: "silent" });
      demo = await startDemoApp(database, { ...server.env(), PAGE_CACHE_MB: "64" });
      articles = new ArticleService(demo.database.db, demo.app.contentEvents);
      const lead = await demo.database.db
        .selectFrom("articles")
        .select(["id", "body"])
        .where("title", "=", leadTitle)
        .executeTakeFirstOrThrow();
      articleId = lead.id;
      body = JSON.parse(lead.body);
      savedBy = (await createTestUser(demo.database.db, "editor")).id;
    });
    after(async () => {
      await demo?.close();
      await server.stop();
    });

    const articlePage = async () => {
      const url = (await demo.database.db
        .selectFrom("articles")
        .select(["slug", "publishedAt"])
        .where("id", "=", articleId)
        .executeTakeFirstOrThrow()) as { slug: string; publishedAt: string };
      const day = url.publishedAt.slice(0, 10).replaceAll("-", "/");
      return parsePage((await demo.app.inject(`/en/${day}/${url.slug}`)).body);
    };

    test("saving a published article with an unfetched video fetches it once and readers get its card", async () => {
      const withVideo = { ...body, content: [...body.content, { type: "embed", attrs: { url: VIDEO } }] };
      await articles.updateArticle(articleId, { body: withVideo }, savedBy);
      await demo.app.embedFollower.idle();
      const embed = await demo.database.db
        .selectFrom("embeds")
        .selectAll()
        .where("url", "=", VIDEO)
        .executeTakeFirstOrThrow();
      assert.equal(embed.title, "Mosul, rebuilt");
      assert.equal(embed.fetchedByUserId, savedBy, "credited to who saved the body");
      assert.ok(embed.thumbnailMediaId, "its thumbnail is in the media library");
      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select(["actorUserId", "details"])
        .where("action", "=", "embed.fetch")
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.actorUserId, savedBy);
      assert.match(String(audit[0]?.details), /"automatic":true/);
      const card = (await articlePage()).querySelector(".embed-card");
      assert.ok(card, "the page shows the card (the purge reached the cached page)");
      assert.match(card.textContent ?? "", /Mosul, rebuilt/);

      await articles.updateArticle(articleId, { title: `${leadTitle} ` }, savedBy);
      await demo.app.embedFollower.idle();
      assert.equal(server.oembedRequestsFor(VIDEO), 1, "a stored embed is not fetched again");
    });

    test("a provider that does not answer holds up neither the save nor the page", async () => {
      const withSlow = { ...body, content: [...body.content, { type: "embed", attrs: { url: SLOW } }] };
      let fetchDone = false;
      await articles.updateArticle(articleId, { body: withSlow }, savedBy);
      const waiting = demo.app.embedFollower.idle().then(() => {
        fetchDone = true;
      });
      const page = await articlePage();
      assert.equal(fetchDone, false, "the save returned and the page rendered before the provider answered");
      assert.ok(page.querySelector(`figure.embed a[href="${SLOW}"]`), "a plain link card meanwhile");
      await waiting;
      const stored = await demo.database.db
        .selectFrom("embeds")
        .select("url")
        .where("url", "=", SLOW)
        .executeTakeFirst();
      assert.equal(stored, undefined, "a failed fetch stores nothing: the next save tries again");
    });
  });
}
