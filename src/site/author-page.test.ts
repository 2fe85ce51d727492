import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { AuthorService } from "../authors/author-service.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";

const lead = loadDemoFixture().articles[0];

for (const database of testDatabases()) {
  describe(`bylines and author pages on ${database.name}`, () => {
    let demo: DemoApp;
    let articleUrl = "";

    before(async () => {
      // With the page cache on: what a byline or profile change shows must be purged, not stale.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      const front = parsePage((await demo.app.inject("/en/")).body);
      const link = [...front.querySelectorAll(".front a")].find(
        (a) => a.textContent === lead?.editions.en?.title,
      );
      articleUrl = link?.getAttribute("href") ?? "";
      assert.ok(articleUrl);
    });
    after(() => demo.close());

    const authors = () => new AuthorService(demo.database.db, demo.app.contentEvents);
    const page = async (url: string) => {
      const response = await demo.app.inject(url);
      assert.equal(response.statusCode, 200, url);
      return { response, document: parsePage(response.body) };
    };

    test("the demo byline's page shows the bio in each edition's language", async () => {
      const en = (await page("/en/author/tribune-newsroom")).document;
      assert.equal(en.querySelector(".author-profile h1")?.textContent, "Tribune Newsroom");
      assert.match(en.querySelector(".author-bio")?.textContent ?? "", /^Reporting by Tribune's newsroom/);
      assert.equal(en.querySelector(".author-bio")?.getAttribute("lang"), null);
      const pt = (await page("/pt/author/tribune-newsroom")).document;
      assert.match(pt.querySelector(".author-bio")?.textContent ?? "", /^Reportagem da redação/);
    });

    test("an article shows every byline, each linking to its page, and lists them in JSON-LD", async () => {
      const before = await page(articleUrl);
      assert.match(String(before.response.headers["surrogate-key"] ?? ""), /\bbyline:\d+\b/);
      // The feeds are cached too before the change: they must follow it.
      await page("/en/atom.xml");
      await page("/en/feed.xml");
      const newsroom = await authors().findBySlug("tribune-newsroom");
      const second = await authors().createAuthor({
        name: "Omar Haddad",
        bios: { en: "Omar reports from Erbil." },
      });
      assert.ok(newsroom);
      const storyOfArticle = await demo.database.db
        .selectFrom("articles")
        .select("storyId")
        .where("slug", "=", articleUrl.split("/").pop() ?? "")
        .executeTakeFirstOrThrow();
      await authors().setBylines(storyOfArticle.storyId, [newsroom.id, second.id]);

      const { document } = await page(articleUrl);
      const links = [...document.querySelectorAll(".byline a")].map((a) => [
        a.textContent,
        a.getAttribute("href"),
      ]);
      assert.deepEqual(links, [
        ["Tribune Newsroom", "/en/author/tribune-newsroom"],
        ["Omar Haddad", "/en/author/omar-haddad"],
      ]);
      assert.equal(document.querySelector(".byline")?.textContent, "By Tribune Newsroom and Omar Haddad");
      const ld = JSON.parse(
        document.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}",
      );
      assert.deepEqual(ld.author, [
        {
          "@type": "Person",
          name: "Tribune Newsroom",
          url: "http://tribune.test/en/author/tribune-newsroom",
        },
        { "@type": "Person", name: "Omar Haddad", url: "http://tribune.test/en/author/omar-haddad" },
      ]);
      // Every byline in the feeds: one Atom <author> and one RSS <dc:creator> each.
      const entryOf = (xml: string, tag: "entry" | "item") =>
        [...xml.matchAll(new RegExp(`<${tag}>[\\s\\S]*?</${tag}>`, "g"))]
          .map((match) => match[0])
          .find((entry) => entry.includes(articleUrl.split("/").pop() ?? "-")) ?? "";
      const atom = entryOf((await page("/en/atom.xml")).response.body, "entry");
      assert.deepEqual(
        [...atom.matchAll(/<author>\s*<name>([^<]*)<\/name>\s*<\/author>/g)].map((match) => match[1]),
        ["Tribune Newsroom", "Omar Haddad"],
      );
      const rss = entryOf((await page("/en/feed.xml")).response.body, "item");
      assert.deepEqual(
        [...rss.matchAll(/<dc:creator>([^<]*)<\/dc:creator>/g)].map((match) => match[1]),
        ["Tribune Newsroom", "Omar Haddad"],
      );
      // The second author's archive lists the story, in every edition.
      const archive = (await page("/pt/author/omar-haddad")).document;
      assert.ok(archive.querySelector(`a[href^="/pt/"]`));
      assert.equal(archive.querySelector(".author-bio")?.getAttribute("lang"), "en-GB");

      // A profile edit reaches the pages showing the byline, through the cache.
      await authors().updateAuthor(second.id, { name: "Omar Haddad Saleh" });
      assert.match((await page("/en/atom.xml")).response.body, /<name>Omar Haddad Saleh<\/name>/);
      assert.match(
        (await page(articleUrl)).document.querySelector(".byline")?.textContent ?? "",
        /Omar Haddad Saleh/,
      );
      assert.equal(
        (await page("/en/author/omar-haddad")).document.querySelector(".author-profile h1")?.textContent,
        "Omar Haddad Saleh",
      );
      const photo = await demo.database.db
        .selectFrom("media")
        .select("id")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      await authors().updateAuthor(second.id, { photoMediaId: photo.id });
      const withPhoto = await page("/en/author/omar-haddad");
      assert.equal(withPhoto.document.querySelector(".author-photo img")?.getAttribute("alt"), "");
      assert.match(
        String(withPhoto.response.headers["surrogate-key"]),
        new RegExp(`\\bmedia:${photo.id}:en\\b`),
      );
    });
  });
}
