import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import SQLite from "better-sqlite3";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { syncEditions } from "../editions/edition-service.ts";
import { openMediaStore } from "../media/open-media-store.ts";
import { seedDemo } from "../seed/demo-seed.ts";

const headingOf = (body: string) => parsePage(body).querySelector("h1")?.textContent;
const langOf = (body: string) => parsePage(body).documentElement.getAttribute("lang");

for (const database of testDatabases()) {
  describe(`error answers and security headers on ${database.name}`, () => {
    let demo: DemoApp;
    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
    });
    after(() => demo.close());

    test("a path that does not decode answers the edition's localized 400 page, not Fastify's JSON", async () => {
      const response = await demo.app.inject("/pt/tag/%c0%ae");
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers["content-type"]), /^text\/html/);
      assert.equal(langOf(response.body), "pt-BR");
      assert.equal(headingOf(response.body), "Este endereço não é válido");
      assert.equal(response.headers["cache-control"], "no-store");
    });

    test("a path outside every edition that does not decode answers the default edition's page", async () => {
      const response = await demo.app.inject("/%c0");
      assert.equal(response.statusCode, 400);
      assert.equal(langOf(response.body), "en-GB");
    });

    test("a form too large for a reader route answers 413 with the edition's page", async () => {
      const response = await demo.app.inject({
        method: "POST",
        url: "/es/comments/1/flag",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: `reason=${"x".repeat(300 * 1024)}`,
      });
      assert.equal(response.statusCode, 413);
      assert.equal(langOf(response.body), "es-ES");
      assert.equal(headingOf(response.body), "No hemos podido aceptarlo");
    });

    test("a NUL in an address answers 400, whichever route it names", async () => {
      for (const url of ["/en/search?q=a%00b", "/en/tag/news%00", "/media/a%00.jpg"]) {
        const response = await demo.app.inject(url);
        assert.equal(response.statusCode, 400, url);
        assert.equal(langOf(response.body), "en-GB", url);
      }
    });

    test("pages, feeds, JSON, media, errors and cache hits carry nosniff and the content security policy", async () => {
      const front = await demo.app.inject("/en/");
      const hit = await demo.app.inject("/en/");
      assert.equal(hit.headers["x-page-cache"] ?? "HIT", "HIT", "the second request is a cache hit");
      const picture = /src="(\/media\/[^"]+)"/.exec(front.body)?.[1];
      assert.ok(picture, "the front page shows a picture");
      const answers = {
        page: front,
        "cache hit": hit,
        feed: await demo.app.inject("/en/feed.xml"),
        json: await demo.app.inject("/en/comments/count?article=1"),
        media: await demo.app.inject(picture),
        "404": await demo.app.inject("/en/no-such-page"),
        "400": await demo.app.inject("/en/%c0"),
      };
      for (const [what, response] of Object.entries(answers)) {
        assert.equal(response.headers["x-content-type-options"], "nosniff", what);
        const policy = String(response.headers["content-security-policy"]);
        assert.match(policy, /script-src 'self'/, what);
        assert.match(policy, /frame-ancestors 'self'/, what);
        assert.match(policy, /object-src 'none'/, what);
      }
    });

    test("the newsroom keeps its stricter policy: never framed, not even by the site", async () => {
      const response = await demo.app.inject("/newsroom/sign-in");
      assert.match(String(response.headers["content-security-policy"]), /frame-ancestors 'none'/);
      assert.equal(response.headers["x-frame-options"], "DENY");
    });
  });
}

describe("a database busy beyond the wait", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "tribune-busy-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a comment posted while the database stays locked answers 503 with Retry-After, keeping what was typed, and reading goes on", async () => {
    const file = join(dir, "tribune.db");
    const config = loadConfig({
      NODE_ENV: "test",
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${file}`,
      PAGE_CACHE_MB: "0",
      COMMENT_POLICY: "open",
    });
    const database = await openDatabase(config.databaseUrl, { lockWaitMs: 200 });
    await migrateToLatest(database);
    await syncEditions(database.db, config.editions);
    await seedDemo(database.db, {
      mediaStore: openMediaStore(config),
      editions: config.editions.map((e) => e.code),
    });
    const app = await buildApp({ config, database });
    // Another process holds the write lock, as a long import or a stuck worker would.
    const other = new SQLite(file);
    try {
      const front = await app.inject("/pt/");
      const threadPath = /href="(\/pt\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+)"/.exec(front.body)?.[1];
      assert.ok(threadPath);
      other.exec("begin immediate");
      const response = await app.inject({
        method: "POST",
        url: `${threadPath}/comments`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          name: "Ana",
          email: "ana@example.org",
          website: "",
          parent: "",
          text: "Um comentário.",
        }).toString(),
      });
      assert.equal(response.statusCode, 503, response.body.slice(0, 200));
      assert.ok(Number(response.headers["retry-after"]) > 0);
      // The form comes back with what was typed and says to post it again in a moment.
      const page = parsePage(response.body);
      assert.equal(page.querySelector("#comment-text")?.textContent, "Um comentário.");
      assert.match(
        page.querySelector("#comment-form [role=alert], .comment-form [role=alert], [role=alert]")
          ?.textContent ?? "",
        /publique de novo em alguns segundos/,
      );
      assert.equal((await app.inject(threadPath)).statusCode, 200, "readers still read");
      other.exec("rollback");
      const comments = await database.db.selectFrom("comments").select("id").execute();
      assert.equal(comments.length, 0, "nothing was half-written");
    } finally {
      other.close();
      await app.close();
      await database.close();
    }
  });
});
