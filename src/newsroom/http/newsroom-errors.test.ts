import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage, visibleText } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";

/**
 * The newsroom's one error handler: a request its route's schema refuses, or a thing that is not
 * there, answers the newsroom's error page on pages and `{ error, message, field? }` on its JSON
 * API, with the status that says which (400, 404), never a 500.
 */
for (const database of testDatabases()) {
  describe(`newsroom error answers on ${database.name}`, () => {
    let demo: DemoApp;
    let editor: NewsroomSession;
    let articleId: number;

    before(async () => {
      demo = await startDemoApp(database);
      editor = await signInAs(demo.app, demo.database.db, "editor");
      const article = await demo.database.db
        .selectFrom("articles")
        .select("id")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      articleId = article.id;
    });
    after(() => demo.close());

    const pageText = (body: string) => visibleText(parsePage(body));

    test("a page's path id that is not an id is a 400 newsroom page naming it", async () => {
      for (const bad of ["abc", "0", "-1", "1.5", "01", "99999999999"]) {
        const response = await editor.get(`/newsroom/articles/${bad}/edit`);
        assert.equal(response.statusCode, 400, bad);
        assert.match(String(response.headers["content-type"]), /^text\/html/);
        const text = pageText(response.body);
        assert.match(text, /That did not work/, bad);
        assert.match(text, /id \(params\) is not in the form expected/, bad);
      }
    });

    test("a query parameter no page reads is a 400 newsroom page naming it", async () => {
      const response = await editor.get("/newsroom/tags?q=a&sort=name");
      assert.equal(response.statusCode, 400);
      assert.match(pageText(response.body), /sort \(querystring\) is not a parameter this page reads/);
      assert.equal((await editor.get("/newsroom/tags?q=a")).statusCode, 200);
    });

    test("a page whose thing is not there is a 404 newsroom page", async () => {
      const response = await editor.get("/newsroom/articles/2147483647/edit");
      assert.equal(response.statusCode, 404);
      assert.match(pageText(response.body), /Not found/);
    });

    test("the JSON API names the field its schema refused, in JSON, and stores nothing", async () => {
      const loaded = await editor.get(`/newsroom/api/articles/${articleId}`);
      assert.equal(loaded.statusCode, 200);
      const badId = await editor.get("/newsroom/api/articles/abc");
      assert.equal(badId.statusCode, 400);
      assert.match(String(badId.headers["content-type"]), /^application\/json/);
      assert.equal(badId.json().error, "VALIDATION_FAILED");
      assert.equal(badId.json().field, "id");

      const before = await revisionCount(articleId);
      for (const [body, field] of [
        [{ baseRevisionId: null, title: 5 }, "title"],
        [{ baseRevisionId: "1" }, "baseRevisionId"],
        [{ baseRevisionId: null, tagIds: [1, "2"] }, "tagIds[1]"],
        [{ baseRevisionId: null, colour: "red" }, "colour"],
      ] as const) {
        const response = await editor.sendJson("PUT", `/newsroom/api/articles/${articleId}`, body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.equal(response.json().error, "VALIDATION_FAILED");
        assert.equal(response.json().field, field, JSON.stringify(body));
        assert.match(response.json().message, new RegExp(`^${field.replace(/[[\]]/g, "\\$&")}: `));
      }
      assert.equal(await revisionCount(articleId), before, "nothing saved");
    });

    test("the JSON API answers a thing that is not there with a 404 in JSON", async () => {
      const response = await editor.get("/newsroom/api/articles/2147483647");
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error, "NOT_FOUND");
      assert.equal(typeof response.json().message, "string");
      const picture = await editor.get("/newsroom/api/media/2147483647");
      assert.equal(picture.statusCode, 404);
      assert.equal(picture.json().error, "NOT_FOUND");
    });

    async function revisionCount(id: number): Promise<number> {
      const rows = await demo.database.db
        .selectFrom("articleRevisions")
        .select("id")
        .where("articleId", "=", id)
        .execute();
      return rows.length;
    }
  });
}
