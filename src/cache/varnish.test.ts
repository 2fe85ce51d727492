import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { ArticleService } from "../articles/article-service.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";

/**
 * A real Varnish (Debian's varnish and varnish-modules) with deploy/varnish/default.vcl in front of
 * Tribune: pages are served from it, and an edit reaches readers through it within a second.
 */

const isCI = /^(true|1)$/i.test(process.env.CI ?? "");
const varnishd = findVarnishd();
const skip =
  varnishd || isCI ? false : "varnishd is not installed (apt-get install -y varnish varnish-modules)";
const vcl = new URL("../../deploy/varnish/default.vcl", import.meta.url);
const lead = loadDemoFixture().articles[0];

function findVarnishd(): string | undefined {
  for (const path of [process.env.VARNISHD_PATH, "/usr/sbin/varnishd", "/usr/local/sbin/varnishd"]) {
    if (!path) continue;
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address && typeof address === "object");
  return address.port;
}

for (const database of testDatabases()) {
  describe(`Tribune behind Varnish on ${database.name}`, { skip }, () => {
    let demo: DemoApp;
    let work: string;
    let varnish: ChildProcess | undefined;
    let varnishUrl = "";
    let output = "";
    let articleUrl = "";
    let articleId = 0;

    before(async () => {
      assert.ok(varnishd, "varnishd is required under CI=true (apt-get install -y varnish varnish-modules)");
      const varnishPort = await freePort();
      varnishUrl = `http://127.0.0.1:${varnishPort}`;
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "16", VARNISH_URLS: varnishUrl });
      const address = await demo.app.listen({ host: "127.0.0.1", port: 0 });
      const backendPort = new URL(address).port;

      work = await mkdtemp(join(tmpdir(), "tribune-varnish-"));
      const config = (await readFile(vcl, "utf8"))
        .replace(/\.host = "[^"]*";/, '.host = "127.0.0.1";')
        .replace(/\.port = "\d+";/, `.port = "${backendPort}";`);
      await writeFile(join(work, "default.vcl"), config);
      varnish = spawn(
        varnishd,
        [
          "-F",
          "-n",
          join(work, "state"),
          "-a",
          `127.0.0.1:${varnishPort}`,
          "-f",
          join(work, "default.vcl"),
          "-s",
          "malloc,32m",
          "-j",
          "none",
          "-T",
          "none",
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      varnish.stdout?.on("data", (chunk) => {
        output += chunk;
      });
      varnish.stderr?.on("data", (chunk) => {
        output += chunk;
      });
      const deadline = Date.now() + 20_000;
      for (;;) {
        assert.equal(varnish.exitCode, null, `varnishd exited:\n${output}`);
        const ready = await fetch(`${varnishUrl}/healthz`).then(
          (response) => response.ok,
          () => false,
        );
        if (ready) break;
        assert.ok(Date.now() < deadline, `varnishd did not answer within 20 s:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

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
      if (varnish && varnish.exitCode === null) {
        const exited = new Promise((resolve) => varnish?.once("exit", resolve));
        varnish.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (varnish.exitCode === null) varnish.kill("SIGKILL");
      }
      await demo?.close();
      if (work) await rm(work, { recursive: true, force: true });
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
