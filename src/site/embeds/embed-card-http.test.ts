import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import { OEmbedTestServer } from "../../embeds/oembed-test-support.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";

const VIDEO = "https://www.youtube.com/watch?v=kirkukAAAA1";
const UNLISTED = "https://example.com/videos/kirkuk";
const leadTitle = loadDemoFixture().articles[0]?.editions.en?.title ?? "";

/** Every URL-valued attribute of a page that does not point at this site. */
function foreignUrls(html: string): { attribute: string; url: string }[] {
  const document = parsePage(html);
  const found: { attribute: string; url: string }[] = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of ["src", "srcset", "href", "data-src", "poster", "action", "content"]) {
      const value = element.getAttribute(attribute);
      if (!value) continue;
      for (const part of value.split(/[\s,]+/)) {
        if (/^(https?:)?\/\//.test(part) && !/^https?:\/\/tribune\.test(\/|$)/.test(part)) {
          found.push({ attribute: `${element.tagName.toLowerCase()}[${attribute}]`, url: part });
        }
      }
    }
  }
  return found;
}

for (const database of testDatabases()) {
  describe(`embed cards over HTTP on ${database.name}`, () => {
    const server = new OEmbedTestServer();
    let demo: DemoApp;
    const sessions = {} as Record<Role, NewsroomSession>;
    let articleId: number;
    let articleUrl: string;

    before(async () => {
      await server.start();
      server.fixtures.set(VIDEO, server.youtubeAnswer("kirkukAAAA1", "Kirkuk, a year on"));
      // The page cache on: a card replacing a link reaches readers through the purge, not by luck.
      demo = await startDemoApp(database, { ...server.env(), PAGE_CACHE_MB: "64" });
      for (const role of ["contributor", "translator", "editor"] as const) {
        sessions[role] = await signInAs(demo.app, demo.database.db, role);
      }
      const lead = await demo.database.db
        .selectFrom("articles")
        .select(["id", "body"])
        .where("title", "=", leadTitle)
        .executeTakeFirstOrThrow();
      articleId = lead.id;
      // The published lead story gets the video and an unlisted site's post after its first paragraph.
      const body = JSON.parse(lead.body) as { content: unknown[] };
      body.content.splice(
        1,
        0,
        { type: "embed", attrs: { url: VIDEO } },
        { type: "embed", attrs: { url: UNLISTED } },
      );
      await demo.database.db
        .updateTable("articles")
        .set({ body: JSON.stringify(body) })
        .where("id", "=", lead.id)
        .execute();
      const front = parsePage((await demo.app.inject("/en/")).body);
      const link = [...front.querySelectorAll("a")].find((a) => a.textContent === leadTitle);
      articleUrl = link?.getAttribute("href") ?? "";
      assert.ok(articleUrl, "the front page links to the lead story");
    });
    after(async () => {
      await demo?.close();
      await server.stop();
    });

    test("before the newsroom fetched it, the video is a plain link card and the page loads no script", async () => {
      await demo.app.inject(articleUrl);
      const page = await demo.app.inject(articleUrl);
      assert.equal(page.headers["x-page-cache"], "HIT", "the page is kept in the page cache");
      const document = parsePage(page.body);
      assert.equal(document.querySelectorAll(".embed-card").length, 0);
      assert.equal(document.querySelector(`figure.embed a[href="${VIDEO}"]`)?.textContent, "www.youtube.com");
      assert.doesNotMatch(page.body, /embed-player/);
    });

    test("the editor's add fetches the video once and shows its title and local thumbnail", async () => {
      const added = await sessions.contributor.postJson("/newsroom/api/embeds", {
        url: VIDEO,
        edition: "en",
      });
      assert.equal(added.statusCode, 200, added.body);
      const preview = added.json();
      assert.equal(preview.status, "card");
      assert.equal(preview.title, "Kirkuk, a year on");
      assert.equal(preview.providerName, "YouTube");
      assert.equal(preview.authorName, "Tribune Channel");
      assert.match(preview.thumb, /^\/media\//);
      const again = await sessions.translator.postJson("/newsroom/api/embeds", { url: VIDEO, edition: "pt" });
      assert.equal(again.json().title, "Kirkuk, a year on", "a translator may add an embed too");
      assert.equal(server.oembedRequestsFor(VIDEO), 1);
    });

    test("a site not on the allow-list, or a failed fetch, is said plainly to the editor", async () => {
      const unlisted = await sessions.editor.postJson("/newsroom/api/embeds", {
        url: UNLISTED,
        edition: "en",
      });
      assert.equal(unlisted.json().status, "link");
      assert.match(
        unlisted.json().message,
        /not a post or video of the sites we embed \(YouTube, Vimeo, X, Instagram, SoundCloud, Facebook\)/i,
      );
      const missing = await sessions.editor.postJson("/newsroom/api/embeds", {
        url: "https://vimeo.com/404404",
        edition: "en",
      });
      assert.equal(missing.json().status, "link");
      assert.match(
        missing.json().message,
        /Vimeo's details could not be fetched: it answered 404\. Readers get a plain link card/,
      );
    });

    test("bad input is a 4xx: a javascript: URL, a missing CSRF token, no session", async () => {
      const bad = await sessions.editor.postJson("/newsroom/api/embeds", {
        url: "javascript:alert(1)",
        edition: "en",
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().message, /full http or https address/);
      const noEdition = await sessions.editor.postJson("/newsroom/api/embeds", { url: VIDEO });
      assert.equal(noEdition.statusCode, 400);
      const noCsrf = await sessions.editor.inject({
        method: "POST",
        url: "/newsroom/api/embeds",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ url: VIDEO, edition: "en" }),
      });
      assert.equal(noCsrf.statusCode, 403);
      const anonymous = await demo.app.inject({
        method: "POST",
        url: "/newsroom/api/embeds",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ url: VIDEO, edition: "en" }),
      });
      assert.ok([401, 403].includes(anonymous.statusCode), String(anonymous.statusCode));
    });

    test("readers get a card with the local thumbnail, the title, provider, author and play control", async () => {
      const page = await demo.app.inject(articleUrl);
      assert.equal(page.statusCode, 200);
      assert.notEqual(page.headers["x-page-cache"], "HIT", "the fetch purged the cached page");
      const document = parsePage(page.body);
      const card = document.querySelector("figure.embed-card");
      assert.ok(card, "the video is a card");
      const link = card.querySelector("a");
      assert.equal(link?.getAttribute("href"), VIDEO, "without script the card is a link to the original");
      assert.equal(link?.getAttribute("data-embed"), "video");
      assert.equal(card.querySelector(".embed-title")?.textContent, "Kirkuk, a year on");
      assert.equal(card.querySelector(".embed-by")?.textContent, "YouTube · Tribune Channel");
      assert.equal(card.querySelector(".embed-play")?.textContent, "Play");
      const img = card.querySelector("img");
      assert.match(img?.getAttribute("src") ?? "", /^\/media\/.+\.jpg$/);
      assert.equal(img?.getAttribute("loading"), "lazy");
      assert.equal(img?.getAttribute("alt"), "", "the title beside it names the card");
      assert.ok(card.querySelector('source[type="image/webp"]'), "a responsive picture");
      // The unlisted site stays a plain link card.
      assert.equal(document.querySelector(`figure.embed a[href="${UNLISTED}"]`)?.textContent, "example.com");
      // The click-to-load script, deferred, and nothing else of the provider's.
      const scripts = [...document.querySelectorAll("script[src]")].map((s) => s.getAttribute("src"));
      assert.ok(
        scripts.some((src) => /^\/assets\/embed-player\.[0-9a-f]{10}\.js$/.test(src ?? "")),
        scripts.join(),
      );
      assert.ok(document.querySelector('script[src^="/assets/embed-player."][defer]'));
      const foreign = foreignUrls(page.body).filter((found) => !found.attribute.startsWith("a[href]"));
      assert.ok(
        foreign.every(
          (found) => found.attribute.startsWith("link[href]") || found.attribute.startsWith("meta[content]"),
        ),
        JSON.stringify(foreign),
      );
      assert.doesNotMatch(
        page.body,
        /youtube-nocookie|ytimg|\/thumb\//,
        "neither the player nor the provider's thumbnail is named",
      );
      const srcs = [...document.querySelectorAll("[src], [srcset]")].flatMap((element) => [
        element.getAttribute("src") ?? "",
        ...(element.getAttribute("srcset") ?? "").split(","),
      ]);
      assert.ok(
        srcs.every((src) => !/^\s*(https?:)?\/\//.test(src)),
        srcs.join(" "),
      );
    });

    test("the reader CSP frames exactly the configured players and runs only the site's scripts", async () => {
      const page = await demo.app.inject(articleUrl);
      const policy = String(page.headers["content-security-policy"]);
      assert.match(policy, /script-src 'self';/);
      assert.match(
        policy,
        /frame-src https:\/\/www\.youtube-nocookie\.com https:\/\/player\.vimeo\.com https:\/\/platform\.twitter\.com https:\/\/www\.instagram\.com https:\/\/w\.soundcloud\.com https:\/\/www\.facebook\.com;/,
      );
      const script = await demo.app.inject(
        parsePage(page.body).querySelector('script[src^="/assets/embed-player."]')?.getAttribute("src") ?? "",
      );
      assert.equal(script.statusCode, 200);
      assert.equal(script.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.match(String(script.headers["content-type"]), /text\/javascript/);
    });

    test("the player is given on request, only for a fetched embed", async () => {
      const player = await demo.app.inject(`/embed-player?url=${encodeURIComponent(VIDEO)}`);
      assert.equal(player.statusCode, 200);
      assert.deepEqual(player.json(), {
        src: "https://www.youtube-nocookie.com/embed/kirkukAAAA1?feature=oembed&autoplay=1",
        title: "Kirkuk, a year on (YouTube)",
      });
      const unknown = await demo.app.inject(`/embed-player?url=${encodeURIComponent(UNLISTED)}`);
      assert.equal(unknown.statusCode, 404);
      assert.equal((await demo.app.inject("/embed-player")).statusCode, 404);
    });

    test("the newsroom preview shows the card as readers see it", async () => {
      const preview = await sessions.editor.get(`/newsroom/articles/${articleId}/preview`);
      assert.equal(preview.statusCode, 200);
      const card = parsePage(preview.body).querySelector("figure.embed-card");
      assert.equal(card?.querySelector(".embed-title")?.textContent, "Kirkuk, a year on");
      assert.match(card?.querySelector("img")?.getAttribute("src") ?? "", /^\/media\//);
    });
  });
}
