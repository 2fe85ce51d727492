import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseFeed } from "@rowanmanning/feed-parser";
import { SaxesParser } from "saxes";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import { visibleToReaders } from "../../articles/visibility.ts";
import { loadConfig } from "../../config.ts";
import { Editions } from "../../editions/edition-service.ts";
import { SiteUrls } from "../../editions/site-urls.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";
import { TagService } from "../../tags/tag-service.ts";
import { editionFeedLinks, tagFeedLinks } from "./feed-links.ts";

const fixture = loadDemoFixture();
const lead = fixture.articles[0];
const sadr = fixture.articles[1];
const LANGS = ["en", "pt", "es"] as const;
type Lang = (typeof LANGS)[number];
const LOCALES: Record<Lang, string> = { en: "en-GB", pt: "pt-BR", es: "es-ES" };
const FRONT_TITLES: Record<Lang, string> = {
  en: "Latest news",
  pt: "Últimas notícias",
  es: "Últimas noticias",
};
const FORMATS = [
  { file: "feed.xml", type: "application/rss+xml" },
  { file: "atom.xml", type: "application/atom+xml" },
] as const;
const PT_HOST = "pt.tribune.test";
const tagName = (key: string, lang: Lang) => fixture.tags.find((t) => t.key === key)?.names[lang] ?? "";
const firstParagraph = (lang: Lang) => lead?.editions[lang]?.body.find((p) => typeof p === "string");

for (const database of testDatabases()) {
  describe(`feeds on ${database.name}`, () => {
    let demo: DemoApp;
    // Summaries only, and Portuguese on its own host.
    let summaries: DemoApp;

    before(async () => {
      [demo, summaries] = await Promise.all([
        startDemoApp(database),
        startDemoApp(database, { FEED_CONTENT: "summary", EDITION_PT_HOST: PT_HOST }),
      ]);
    });
    after(async () => {
      await Promise.all([demo?.close(), summaries?.close()]);
    });

    /** GET an absolute URL (or a path on the main host), the way a reader would. */
    const get = (app: DemoApp, url: string) => {
      const { pathname, host } = new URL(url, "http://tribune.test");
      return app.app.inject({ url: pathname, headers: { host } });
    };

    /** Fetches a feed, checks the HTTP side and that the XML is well-formed, and parses it. */
    const fetchFeed = async (url: string, type: string, app = demo) => {
      const response = await get(app, url);
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers["content-type"], `${type}; charset=utf-8`);
      assert.equal(
        response.headers["cache-control"],
        "public, max-age=300, s-maxage=300, stale-while-revalidate=30",
      );
      assert.deepEqual(wellFormednessErrors(response.body), [], `${url} is well-formed XML`);
      return { xml: response.body, feed: parseFeed(response.body) };
    };

    /** The articles readers of an edition can see now, newest first, as the database has them. */
    const visibleArticles = (app: DemoApp, lang: Lang) =>
      app.database.db
        .selectFrom("articles")
        .select(["title", "publishedAt", "updatedAt"])
        .where("edition", "=", lang)
        .where(visibleToReaders(new Date().toISOString()))
        .orderBy("publishedAt", "desc")
        .orderBy("id", "desc")
        .execute();

    for (const lang of LANGS) {
      for (const { file, type } of FORMATS) {
        test(`${lang} ${file}: the edition's feed, in its language, lists what readers can see, newest first`, async () => {
          const { feed } = await fetchFeed(`/${lang}/${file}`, type);
          assert.equal(feed.language, LOCALES[lang]);
          assert.equal(feed.title, `${FRONT_TITLES[lang]} | Tribune`);
          assert.equal(feed.url, `http://tribune.test/${lang}/`);
          assert.equal(feed.self, `http://tribune.test/${lang}/${file}`);
          const expected = await visibleArticles(demo, lang);
          assert.deepEqual(
            feed.items.map((item) => item.title),
            expected.map((row) => row.title),
          );
          assert.equal(feed.items[0]?.title, lead?.editions[lang]?.title);
        });

        test(`${lang} ${file}: every item links to its article in ${lang}, which answers`, async () => {
          const { feed } = await fetchFeed(`/${lang}/${file}`, type);
          assert.ok(feed.items.length >= 2);
          for (const item of feed.items) {
            assert.match(
              item.url ?? "",
              new RegExp(`^http://tribune\\.test/${lang}/\\d{4}/\\d{2}/\\d{2}/[a-z0-9-]+$`),
            );
            assert.equal(item.id, item.url, "the guid is the article URL");
            const page = await get(demo, item.url ?? "");
            assert.equal(page.statusCode, 200, item.url ?? "");
            assert.equal(parsePage(page.body).querySelector("h1")?.textContent, item.title);
          }
        });

        test(`${lang} ${file}: dates are the articles' publication and update times`, async () => {
          const { feed } = await fetchFeed(`/${lang}/${file}`, type);
          const rows = await visibleArticles(demo, lang);
          for (const [index, item] of feed.items.entries()) {
            const row = rows[index];
            const published = Date.parse(row?.publishedAt ?? "");
            // RSS dates have whole seconds; Atom keeps the milliseconds.
            const precision = file === "feed.xml" ? 1000 : 1;
            assert.equal(item.published?.getTime(), Math.floor(published / precision) * precision);
            if (file === "atom.xml") {
              const updated = Math.max(published, Date.parse(row?.updatedAt ?? ""));
              assert.equal(item.updated?.getTime(), updated);
            }
          }
        });

        test(`${lang} ${file}: the lead story names its author and its tags in ${lang}`, async () => {
          const { feed } = await fetchFeed(`/${lang}/${file}`, type);
          const item = feed.items[0];
          assert.deepEqual(
            item?.authors.map((author) => author.name),
            ["Tribune Newsroom"],
          );
          assert.deepEqual(
            item?.categories.map((category) => category.label),
            lead?.tags.map((key) => tagName(key, lang)),
          );
        });

        test(`${lang} ${file}: the lead story encloses its hero image, whose URL answers with that length`, async () => {
          const { feed } = await fetchFeed(`/${lang}/${file}`, type);
          const media = feed.items[0]?.media ?? [];
          assert.equal(media.length, 1);
          const [enclosure] = media;
          assert.equal(enclosure?.mimeType, "image/jpeg");
          assert.match(enclosure?.url ?? "", /^http:\/\/tribune\.test\/media\/.+-1200\.jpg$/);
          const image = await get(demo, enclosure?.url ?? "");
          assert.equal(image.statusCode, 200);
          assert.equal(image.headers["content-type"], "image/jpeg");
          assert.ok((enclosure?.length ?? 0) > 0);
          assert.equal(image.rawPayload.length, enclosure?.length);
          assert.equal(Number(image.headers["content-length"]), enclosure?.length);
        });

        test(`${lang} ${file}: full text carries the whole body with absolute links that answer`, async () => {
          const { feed } = await fetchFeed(`/${lang}/${file}`, type);
          const item = feed.items[0];
          assert.equal(item?.description, firstParagraph(lang));
          const content = parsePage(`<!doctype html><html><body>${item?.content ?? ""}</body></html>`);
          const paragraphs = [...content.querySelectorAll("p:not(.read-callout)")].map((p) => p.textContent);
          assert.deepEqual(
            paragraphs,
            lead?.editions[lang]?.body.filter((part) => typeof part === "string"),
          );
          assert.equal(content.querySelectorAll(".read-callout a").length, 2);
          const urls = [
            ...[...content.querySelectorAll("a[href]")].map((a) => a.getAttribute("href") ?? ""),
            ...[...content.querySelectorAll("img[src]")].map((img) => img.getAttribute("src") ?? ""),
            ...[...content.querySelectorAll("[srcset]")].flatMap((element) =>
              (element.getAttribute("srcset") ?? "")
                .split(", ")
                .map((candidate) => candidate.split(" ")[0] ?? ""),
            ),
          ];
          assert.ok(urls.length > 5);
          for (const url of urls) {
            assert.match(url, /^http:\/\/tribune\.test\//);
            assert.equal((await get(demo, url)).statusCode, 200, url);
          }
        });

        test(`${lang} ${file}: FEED_CONTENT=summary leaves the body out`, async () => {
          const base = lang === "pt" ? `http://${PT_HOST}` : `http://tribune.test/${lang}`;
          const { feed } = await fetchFeed(`${base}/${file}`, type, summaries);
          const item = feed.items[0];
          assert.equal(item?.title, lead?.editions[lang]?.title);
          assert.equal(item?.description, firstParagraph(lang));
          assert.equal(item?.content, null);
        });
      }
    }

    test("an edition on its own host has its feeds there, with links on that host", async () => {
      for (const { file, type } of FORMATS) {
        const { feed } = await fetchFeed(`http://${PT_HOST}/${file}`, type, summaries);
        assert.equal(feed.self, `http://${PT_HOST}/${file}`);
        assert.equal(feed.language, "pt-BR");
        assert.ok(feed.items.length >= 2);
        for (const item of feed.items) {
          assert.match(item.url ?? "", /^http:\/\/pt\.tribune\.test\/\d{4}\/\d{2}\/\d{2}\//);
          assert.equal((await get(summaries, item.url ?? "")).statusCode, 200);
        }
        const [enclosure] = feed.items[0]?.media ?? [];
        assert.equal((await get(summaries, enclosure?.url ?? "")).statusCode, 200);
      }
    });

    for (const lang of LANGS) {
      test(`${lang}: a region's feed lists its countries' stories too, named in ${lang}`, async () => {
        const slug = { en: "middle-east", pt: "oriente-medio", es: "oriente-medio" }[lang];
        for (const { file, type } of FORMATS) {
          const { feed } = await fetchFeed(`/${lang}/tag/${slug}/${file}`, type);
          assert.equal(feed.language, LOCALES[lang]);
          assert.match(feed.title ?? "", new RegExp(`^${tagName("middle-east", lang)}: `));
          assert.equal(feed.url, `http://tribune.test/${lang}/tag/${slug}`);
          const titles = feed.items.map((item) => item.title);
          assert.equal(titles[0], lead?.editions[lang]?.title);
          // Tagged Iraq (a country of the Middle East), not Middle East itself.
          assert.ok(titles.includes(sadr?.editions[lang]?.title ?? ""), `${titles}`);
          for (const item of feed.items) assert.equal((await get(demo, item.url ?? "")).statusCode, 200);
        }
      });

      test(`${lang}: the head links name the feeds in ${lang} and point at feeds that answer`, async () => {
        const urls = new SiteUrls(demo.config.publicUrl);
        const edition = new Editions(demo.config.editions, demo.config.defaultEdition).get(lang);
        const messages = messagesFor(lang);
        const tag = {
          slug: lang === "en" ? "iraq" : lang === "pt" ? "iraque" : "irak",
          name: tagName("iraq", lang),
        };
        const links = [
          ...tagFeedLinks({ urls }, edition, tag, messages),
          ...editionFeedLinks({ urls }, edition, messages),
        ];
        assert.deepEqual(
          links.map((link) => link.type),
          ["application/rss+xml", "application/atom+xml", "application/rss+xml", "application/atom+xml"],
        );
        assert.ok(links[2]?.title.startsWith(FRONT_TITLES[lang]), links[2]?.title);
        assert.ok(links[0]?.title.startsWith(tagName("iraq", lang)), links[0]?.title);
        assert.notEqual(links[2]?.title, links[3]?.title);
        for (const link of links) {
          assert.match(link.href, new RegExp(`^http://tribune\\.test/${lang}/`));
          const { feed } = await fetchFeed(link.href, link.type);
          assert.equal(feed.language, LOCALES[lang]);
        }
      });
    }

    test("an unknown tag's feeds answer the edition's 404 page", async () => {
      for (const { file } of FORMATS) {
        const response = await get(demo, `/pt/tag/no-such-tag/${file}`);
        assert.equal(response.statusCode, 404);
        assert.match(String(response.headers["content-type"]), /^text\/html/);
        assert.equal(parsePage(response.body).querySelector("h1")?.textContent, "Página não encontrada");
      }
    });

    test("hostile text (markup, ]]>, control characters) is escaped and the feeds stay well-formed", async () => {
      const db = demo.database.db;
      const middleEast = await new TagService(db).getByKey("middle-east");
      const story = await new StoryService(db).createStory({
        originalEdition: "en",
        tagIds: [middleEast.id],
      });
      const title = `Breaking <script>alert("x")</script> & ]]> more ]]> \u0007bell`;
      const summary = `<img src=x onerror=alert(1)> ]]> & "quotes"`;
      const bodyText = "A <b>bold</b> claim ]]> & </content:encoded> end";
      const articles = new ArticleService(db);
      const article = await articles.createArticle({
        storyId: story.id,
        edition: "en",
        title,
        summary,
        body: bodyFromParagraphs([bodyText]),
      });
      await articles.publishArticle(article.id);
      // XML 1.0 cannot hold the bell (escaped or not): it is dropped, nothing else changes.
      const cleanTitle = title.replace("\u0007", "");

      for (const url of [
        "/en/feed.xml",
        "/en/atom.xml",
        "/en/tag/middle-east/feed.xml",
        "/en/tag/middle-east/atom.xml",
      ]) {
        const type = url.endsWith("atom.xml") ? "application/atom+xml" : "application/rss+xml";
        const { xml, feed } = await fetchFeed(url, type);
        assert.ok(!/<script|<img|<b>/i.test(xml), `${url} carries no live markup`);
        assert.ok(!xml.includes("]]>"), `${url} has no CDATA end in its text`);
        const item = feed.items[0];
        assert.equal(item?.title, cleanTitle);
        assert.equal(item?.description, summary);
        // The feed parser decodes entities again (HTML style), so read the body with a strict parser.
        const content = elementTexts(xml, url.endsWith("atom.xml") ? "content" : "content:encoded")[0] ?? "";
        assert.equal(
          parsePage(`<!doctype html><body>${content}</body>`).querySelector("p")?.textContent,
          bodyText,
        );
      }
    });
  });
}

test("FEED_CONTENT is full by default, and accepts full or summary only", () => {
  assert.equal(loadConfig({}).feedContent, "full");
  assert.equal(loadConfig({ FEED_CONTENT: "summary" }).feedContent, "summary");
  assert.throws(
    () => loadConfig({ FEED_CONTENT: "excerpt" }),
    /FEED_CONTENT.*"excerpt" is not one of full, summary/,
  );
});

/** Errors a strict, namespace-aware XML 1.0 parser finds; none for a well-formed document. */
function wellFormednessErrors(xml: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on("error", (error) => errors.push(error.message));
  parser.write(xml).close();
  return errors;
}

/** The decoded text of every element with this (prefixed) name, in document order. */
function elementTexts(xml: string, name: string): string[] {
  const texts: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  let current: string | null = null;
  parser.on("opentag", (tag) => {
    if (tag.name === name) current = "";
  });
  parser.on("text", (text) => {
    if (current !== null) current += text;
  });
  parser.on("closetag", (tag) => {
    if (tag.name === name && current !== null) {
      texts.push(current);
      current = null;
    }
  });
  parser.write(xml).close();
  return texts;
}
