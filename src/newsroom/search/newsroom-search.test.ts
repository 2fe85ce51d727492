import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { signInAs } from "../../../test/support/newsroom.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";

for (const database of testDatabases()) {
  describe(`newsroom search on ${database.name}`, () => {
    let demo: DemoApp;
    before(async () => {
      demo = await startDemoApp(database);
      const story = await new StoryService(demo.database.db).createStory({ originalEdition: "pt" });
      await new ArticleService(demo.database.db).createArticle({
        storyId: story.id,
        edition: "pt",
        title: "Orçamento da defesa ainda em rascunho",
        body: bodyFromParagraphs(["Texto provisório."]),
      });
    });
    after(() => demo.close());

    const titlesFor = async (role: "editor" | "translator", q: string, editions?: string[]) => {
      const session = await signInAs(demo.app, demo.database.db, role, editions ? { editions } : {});
      const response = await session.get(`/newsroom/search?q=${encodeURIComponent(q)}`);
      assert.equal(response.statusCode, 200);
      return [...parsePage(response.body).querySelectorAll(".search-results tbody a")].map(
        (a) => a.textContent,
      );
    };

    test("an editor finds drafts and published articles in every edition, accents or not", async () => {
      assert.deepEqual(await titlesFor("editor", "orcamento"), ["Orçamento da defesa ainda em rascunho"]);
      const iran = await titlesFor("editor", "Ir");
      assert.ok(iran.length >= 3, "the seed story in three editions");
    });

    test("a translator only sees the editions assigned to them", async () => {
      assert.deepEqual(await titlesFor("translator", "orcamento", ["es"]), []);
      assert.deepEqual(await titlesFor("translator", "orcamento", ["pt"]), [
        "Orçamento da defesa ainda em rascunho",
      ]);
    });

    test("a reader without a session is sent to sign in", async () => {
      const response = await demo.app.inject("/newsroom/search?q=ira");
      assert.equal(response.statusCode, 303);
      assert.match(String(response.headers.location), /^\/newsroom\/sign-in/);
    });
  });
}
