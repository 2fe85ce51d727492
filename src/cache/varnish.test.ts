import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { freePort } from "../../test/support/cli.ts";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { type ProxyProcess, startVarnish, varnishd } from "../../test/support/proxies.ts";
import { ArticleService } from "../articles/article-service.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";

/**
 * A real Varnish (Debian's varnish and varnish-modules) with deploy/varnish/default.vcl in front of
 * Tribune: pages are served from it, and an edit reaches readers through it within a second.
 */

const isCI = /^(true|1)$/i.test(process.env.CI ?? "");
const skip =
  varnishd || isCI ? false : "varnishd is not installed (apt-get install -y varnish varnish-modules)";
const lead = loadDemoFixture().articles[0];

for (const database of testDatabases()) {
  describe(`Tribune behind Varnish on ${database.name}`, { skip }, () => {
    let demo: DemoApp;
    let varnish: ProxyProcess | undefined;
    let varnishUrl = "";
    let articleUrl = "";
    let articleId = 0;

    before(async () => {
      const varnishPort = await freePort();
      varnishUrl = `http://127.0.0.1:${varnishPort}`;
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "16", VARNISH_URLS: varnishUrl });
      const address = await demo.app.listen({ host: "127.0.0.1", port: 0 });
      const backendPort = new URL(address).port;

      varnish = await startVarnish(Number(backendPort), varnishPort);

      const row = await demo.database.db
        .selectFrom("articles")
        .select("id")
        .where("edition", "=", "en")
        .where("title", "=", lead?.editions.en?.title ?? "")
        .executeTakeFirstOrThrow();
      articleId = row.id;
      const front = await (await fetch(`${varnishUrl}/en/`)).text();
      const href = new RegExp(
        `href="(/en/\\d{4}/\\d{2}/\\d{2}/[^"]+)"[^>]*>${escapeRegExp(lead?.editions.en?.title ?? "")}<`,
      ).exec(front)?.[1];
      assert.ok(href, "the front page links to the lead story");
      articleUrl = `${varnishUrl}${href}`;
    });

    after(async () => {
      await varnish?.stop();
      await demo?.close();
    });

    test("serves a page from its cache the second time", async () => {
      const first = await fetch(articleUrl);
      assert.equal(first.status, 200);
      await first.text();
      const second = await fetch(articleUrl);
      assert.equal(second.headers.get("x-cache"), "HIT");
      assert.ok(Number(second.headers.get("age")) >= 0);
      assert.match(await second.text(), new RegExp(escapeRegExp(escapeHtml(lead?.editions.en?.title ?? ""))));
      assert.equal(second.headers.get("xkey"), null, "surrogate keys stay between Tribune and Varnish");
    });

    test("an edit is served through Varnish within a second, and an unrelated page stays cached", async () => {
      for (let i = 0; i < 2; i++) await (await fetch(`${varnishUrl}/es/`)).text();
      assert.equal((await fetch(`${varnishUrl}/es/`)).headers.get("x-cache"), "HIT");
      assert.equal((await fetch(articleUrl)).headers.get("x-cache"), "HIT");

      const title = "Iran-backed groups halt their attacks on US targets";
      const started = Date.now();
      await new ArticleService(demo.database.db, demo.app.contentEvents).updateArticle(articleId, { title });
      let seen = false;
      while (!seen && Date.now() - started < 1000) {
        seen = (await (await fetch(articleUrl)).text()).includes(title);
        if (!seen) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const elapsed = Date.now() - started;
      assert.ok(seen, `the new title is served through Varnish (waited ${elapsed} ms)`);
      assert.ok(elapsed < 1000, `within a second (${elapsed} ms)`);

      const unrelated = await fetch(`${varnishUrl}/es/`);
      await unrelated.text();
      assert.equal(unrelated.headers.get("x-cache"), "HIT", "the Spanish front page was not purged");
    });

    test("purges by surrogate key on request, and refuses a purge that names no key", async () => {
      const noKeys = await fetch(`${varnishUrl}/`, { method: "PURGE" });
      assert.equal(noKeys.status, 400);
      const purged = await fetch(`${varnishUrl}/`, {
        method: "PURGE",
        headers: { "xkey-purge": "front:es" },
      });
      assert.equal(purged.status, 200);
      assert.match(await purged.text(), /Purged \d+ objects/);
      const after = await fetch(`${varnishUrl}/es/`);
      await after.text();
      assert.equal(after.headers.get("x-cache"), "MISS");
    });

    test("passes the newsroom and signed-in editors through, uncached", async () => {
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${varnishUrl}/en/`, { headers: { cookie: "tribune_session=abc" } });
        await response.text();
        assert.equal(response.headers.get("x-cache"), "MISS");
      }
      const newsroom = await fetch(`${varnishUrl}/newsroom/sign-in`, { redirect: "manual" });
      await newsroom.text();
      assert.equal(newsroom.headers.get("x-cache"), "MISS");
    });
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
