import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { parsePage } from "../../test/support/html.ts";
import {
  type CommentsDemo,
  commentForm,
  snapshotComments,
  startCommentsDemo,
} from "../comments/comment-test-support.ts";

const PT_HOST = "pt.tribune.test";
const headingOf = (body: string) => parsePage(body).querySelector("h1")?.textContent;
const langOf = (body: string) => parsePage(body).documentElement.getAttribute("lang");

for (const database of testDatabases()) {
  describe(`the reader routes as Fastify routes per edition on ${database.name}`, () => {
    let demo: CommentsDemo;
    let threadPath = "";

    before(async () => {
      demo = await startCommentsDemo(database, { COMMENT_POLICY_EN: "open", EDITION_PT_HOST: PT_HOST });
      threadPath = (await demo.article("en")).threadPath;
    });
    after(() => demo.close());

    const get = (url: string, host = "tribune.test") => demo.app.inject({ url, headers: { host } });

    test("a path parameter its schema refuses is a page that does not exist: the edition's 404", async () => {
      for (const url of ["/en/2026/13/", "/en/20266/01/", "/es/tag/Capital", "/en/comments/0/flag"]) {
        const response = url.endsWith("/flag")
          ? await demo.app.inject({
              method: "POST",
              url,
              headers: { "content-type": "application/x-www-form-urlencoded" },
              payload: "reason=spam",
            })
          : await get(url);
        assert.equal(response.statusCode, 404, url);
        assert.equal(langOf(response.body), url.startsWith("/es") ? "es-ES" : "en-GB", url);
      }
    });

    test("files that read no parameter refuse one (400 in the edition's language); pages ignore them", async () => {
      const feed = await get("/es/feed.xml?format=json");
      assert.equal(feed.statusCode, 400);
      assert.equal(langOf(feed.body), "es-ES");
      assert.equal((await get("/es/feed.xml")).statusCode, 200);
      assert.equal((await get("/healthz?verbose=1")).statusCode, 400);
      assert.equal((await get("/es/?utm_source=newsletter")).statusCode, 200);
      assert.equal((await get(`${threadPath}?order=newest&order=oldest`)).statusCode, 200);
    });

    test("an edition on its own host answers its routes there, and only its own", async () => {
      assert.equal((await get("/", PT_HOST)).statusCode, 200);
      assert.equal((await get("/search?q=ir%C3%A3", PT_HOST)).statusCode, 200);
      assert.equal((await get("/feed.xml", `${PT_HOST}`)).statusCode, 200);
      // The English edition's address, asked on the Portuguese host: that host's 404, in Portuguese.
      const english = await get("/en/", PT_HOST);
      assert.equal(english.statusCode, 404);
      assert.equal(headingOf(english.body), "Página não encontrada");
      // And the Portuguese routes do not answer on the main host.
      assert.equal((await get("/search?q=x")).statusCode, 404);
      assert.equal((await get("/es")).headers.location, "/es/");
    });

    test("a comment form with a field the form has not is shown again with why, and nothing is stored", async () => {
      const snapshot = await snapshotComments(demo.database.db);
      const response = await demo.app.inject({
        method: "POST",
        url: threadPath,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: `${commentForm({ text: "With an extra field." })}&admin=1`,
      });
      assert.equal(response.statusCode, 400);
      const page = parsePage(response.body);
      assert.ok(page.querySelector(".comment-error")?.textContent);
      assert.equal(page.querySelector("#comment-text")?.textContent, "With an extra field.");
      assert.equal(response.headers["cache-control"], "no-store");
      assert.equal(await snapshotComments(demo.database.db), snapshot);
    });

    test("the reader's session cookie is read and cleared through @fastify/cookie", async () => {
      const out = await demo.app.inject({
        method: "POST",
        url: "/en/comments/sign-out?return=/tag/iraq",
        headers: { cookie: "other=1; tribune_reader=forged.value.sig" },
      });
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, "/en/tag/iraq");
      assert.match(String(out.headers["set-cookie"]), /^tribune_reader=; Path=\/; Expires=Thu, 01 Jan 1970/);
      const me = await demo.app.inject({
        url: "/en/comments/me",
        headers: { cookie: "tribune_reader=forged.value.sig" },
      });
      assert.deepEqual(me.json(), { signedIn: false });
    });
  });
}
