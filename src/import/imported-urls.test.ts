import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { nowIso } from "../shared/validate.ts";
import { OwnPaths } from "./own-paths.ts";

describe("the site's own paths", () => {
  const own = new OwnPaths(["/en", "/pt"]);
  for (const route of ["/newsroom", "/newsroom/articles/:id", "/pt/tag/:slug", "/pt/", "/api/v1/*", "/"]) {
    own.learn(route);
  }
  own.learn("/pt/:year/:month/:day/:slug");

  test("are the routes' static parts and what lies below them, never an edition's root", () => {
    for (const path of ["/newsroom/", "/newsroom/old/", "/pt/tag/iran/", "/api/v1/articles/"]) {
      assert.equal(own.owns(path), true, path);
    }
    for (const path of ["/pt/2026/01/15/slug/", "/slug/", "/en/slug/", "/tag-iran/", "/pt/tagged/x/"]) {
      assert.equal(own.owns(path), false, path);
    }
  });
});

for (const database of testDatabases()) {
  describe(`old links of imported posts (${database.name})`, () => {
    let demo: DemoApp;
    let article: { id: number; slug: string; publishedAt: string | null };

    before(async () => {
      demo = await startDemoApp(database);
      article = await demo.database.db
        .selectFrom("articles")
        .select(["id", "slug", "publishedAt"])
        .where("edition", "=", "en")
        .where("status", "=", "published")
        .orderBy("id")
        .limit(1)
        .executeTakeFirstOrThrow();
    });
    after(() => demo.close());

    const recordOldPath = (sourceId: string, oldPath: string) =>
      demo.database.db
        .insertInto("importItems")
        .values({
          source: "wordpress:https://old.example.org",
          kind: "post",
          sourceId,
          tribuneId: article.id,
          contentHash: "hash",
          groupKey: null,
          oldPath,
          importedAt: nowIso(),
        })
        .execute();

    test("are not looked up while nothing was imported, and are from the next content change on", async () => {
      const oldLink = "/2025/06/01/moved-story/";
      assert.notEqual((await demo.app.inject({ url: oldLink })).statusCode, 301);
      // Written without announcing: the answer "nothing imported" is still the one kept.
      await recordOldPath("7", oldLink);
      assert.notEqual((await demo.app.inject({ url: oldLink })).statusCode, 301);
      await demo.app.contentEvents.announce({
        reasons: ["article.published"],
        articleIds: [article.id],
        storyIds: [],
        editions: ["en"],
        tagIds: [],
      });
      const moved = await demo.app.inject({ url: oldLink });
      assert.equal(moved.statusCode, 301);
      assert.match(moved.headers.location ?? "", new RegExp(`/en/\\d{4}/\\d{2}/\\d{2}/${article.slug}$`));
      const short = await demo.app.inject({ url: "/?p=7" });
      assert.equal(short.headers.location, moved.headers.location);
    });

    test("never take the place of the site's own paths", async () => {
      await recordOldPath("8", "/newsroom/old-post/");
      await recordOldPath("9", "/en/tag/old-post/");
      for (const path of ["/newsroom/old-post/", "/en/tag/old-post/"]) {
        // The site's own answer (the tag route sends "…/" to its address without the slash).
        const answer = await demo.app.inject({ url: path });
        assert.doesNotMatch(String(answer.headers.location ?? ""), new RegExp(article.slug), path);
      }
      // An old link beside them still answers.
      await recordOldPath("10", "/en/old-post/");
      assert.equal((await demo.app.inject({ url: "/en/old-post/" })).statusCode, 301);
    });
  });
}
