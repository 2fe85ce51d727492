import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { addPicturedStories, basraTitle } from "../../test/support/pictured-stories.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";
import { LIST_EAGER } from "./views/story-list.tsx";

/** Stories added beside the demo's, all about Basra (addPicturedStories); the last one without a photo. */
const PICTURED = 5;
const UNPICTURED_TITLE = basraTitle(PICTURED + 1);

const fixture = loadDemoFixture();
/** The demo's stories without a hero photo, as their English headlines. */
const demoWithoutPhoto = new Set(
  fixture.articles.filter((story) => !story.image).map((story) => story.editions.en?.title ?? ""),
);
const leadTitle = fixture.articles[0]?.editions.en?.title ?? "";

interface ListedThumbnail {
  title: string;
  picture: Element | null;
}

/** Each item of the list matched by `selector`: its headline and its thumbnail, if any. */
function listItems(document: Document, selector: string): ListedThumbnail[] {
  return [...document.querySelectorAll(`${selector} > li`)].map((li) => ({
    title: (li.querySelector("h2, h3")?.textContent ?? "").trim(),
    picture: li.querySelector("picture.thumb"),
  }));
}

/**
 * Asserts that every pictured story of the list has a complete responsive thumbnail (eager for the
 * first `eager` items of the list, lazy after) and that the others have none.
 */
function assertThumbnails(items: ListedThumbnail[], eager: number, where: string): void {
  assert.ok(items.length > 0, `${where} lists stories`);
  for (const [index, { title, picture }] of items.entries()) {
    if (title === UNPICTURED_TITLE || demoWithoutPhoto.has(title)) {
      assert.equal(picture, null, `${where}: "${title}" has no photo, so no thumbnail`);
      continue;
    }
    assert.ok(picture, `${where}: "${title}" has a thumbnail`);
    const source = picture.querySelector("source");
    assert.equal(source?.getAttribute("type"), "image/webp", `${where}: WebP first`);
    assert.match(source?.getAttribute("srcset") ?? "", /\.webp \d+w/);
    assert.ok(source?.getAttribute("sizes"), `${where}: the WebP source has sizes`);
    const img = picture.querySelector("img");
    assert.match(img?.getAttribute("srcset") ?? "", /\.jpg \d+w/, `${where}: "${title}" img srcset`);
    assert.ok(img?.getAttribute("sizes"), `${where}: img sizes`);
    assert.match(img?.getAttribute("width") ?? "", /^\d+$/, `${where}: width`);
    assert.match(img?.getAttribute("height") ?? "", /^\d+$/, `${where}: height`);
    assert.equal(img?.getAttribute("alt"), "", `${where}: the headline beside it names the story`);
    assert.equal(img?.getAttribute("decoding"), "async");
    const loading = index < eager ? "eager" : "lazy";
    assert.equal(img?.getAttribute("loading"), loading, `${where}: item ${index + 1} loads ${loading}`);
  }
}

for (const database of testDatabases()) {
  describe(`thumbnails in story lists on ${database.name}`, () => {
    let demo: DemoApp;
    const page = async (url: string) => {
      const response = await demo.app.inject(url);
      assert.equal(response.statusCode, 200, `${url} answers 200`);
      return parsePage(response.body);
    };

    before(async () => {
      demo = await startDemoApp(database);
      await addPicturedStories(demo.database.db, PICTURED);
    });
    after(() => demo.close());

    test("a tag archive shows each pictured story's thumbnail, the first few eager", async () => {
      assertThumbnails(
        listItems(await page("/en/tag/iraq"), ".archive .story-list"),
        LIST_EAGER,
        "tag archive",
      );
    });

    test("an author's archive and a day's archive show thumbnails too", async () => {
      const author = await page("/en/author/tribune-newsroom");
      assertThumbnails(listItems(author, ".archive .story-list"), LIST_EAGER, "author archive");
      const day = new Date(Date.now() - 61 * 60_000).toISOString().slice(0, 10).replaceAll("-", "/");
      const dayArchive = listItems(await page(`/en/${day}/`), ".archive .story-list");
      assertThumbnails(dayArchive, LIST_EAGER, "day archive");
    });

    test("the front page's latest list shows thumbnails, the two beside the lead eager", async () => {
      const front = await page("/en/");
      const latest = listItems(front, ".latest .story-list");
      assert.ok(
        latest.some((item) => item.picture),
        "some latest stories have a photo",
      );
      assertThumbnails(latest, 2, "front page latest");
      assert.equal(
        front.querySelectorAll(".lead picture.thumb").length,
        0,
        "the lead has its own large photo",
      );
      // The lead's photo is the page's largest paint: asked for before any thumbnail.
      assert.equal(front.querySelector(".lead img")?.getAttribute("fetchpriority"), "high");
    });

    test("search results show thumbnails", async () => {
      const results = listItems(await page("/en/search?q=basra"), ".search-results");
      assert.equal(results.length, PICTURED + 1);
      assertThumbnails(results, LIST_EAGER, "search results");
      assert.equal(results.filter((item) => item.picture).length, PICTURED);
    });

    test('"more on this" under an article shows lazy thumbnails and the page stays under 20 KB', async () => {
      const front = await page("/en/");
      const href = [...front.querySelectorAll(".lead a")].find((a) => a.textContent === leadTitle);
      const response = await demo.app.inject(href?.getAttribute("href") ?? "");
      const article = parsePage(response.body);
      assert.equal(
        article.querySelector(".hero img")?.getAttribute("fetchpriority"),
        "high",
        "the hero first",
      );
      const more = listItems(article, ".more-on-this .story-list");
      assert.ok(more.filter((item) => item.picture).length >= 2, "several related stories with photos");
      assertThumbnails(more, 0, "more on this");
      assert.ok(Buffer.byteLength(response.body) < 20 * 1024, `${Buffer.byteLength(response.body)} bytes`);
    });
  });
}
