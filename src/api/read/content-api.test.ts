import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import { AuthorService } from "../../authors/author-service.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { PROBLEM_TYPE } from "../problem.ts";

const fixture = loadDemoFixture();
const [lead] = fixture.articles;

interface Summary {
  id: number;
  storyId: number;
  edition: string;
  slug: string;
  url: string;
  title: string;
}

for (const database of testDatabases()) {
  describe(`the content API on ${database.name}`, () => {
    let demo: DemoApp;
    let articles: ArticleService;
    let stories: StoryService;
    let leadEn: { id: number; slug: string; storyId: number };
    let draft: { id: number; slug: string; storyId: number };
    let scheduled: { id: number; slug: string; storyId: number };
    let janeId = 0;

    const get = (url: string, headers: Record<string, string> = {}) => demo.app.inject({ url, headers });
    const json = async (url: string) => {
      const response = await get(url);
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
      return response.json();
    };

    /** Every item of a list, page after page through its `next` links. */
    async function walk(url: string): Promise<{ items: Summary[]; pages: number }> {
      const items: Summary[] = [];
      let pages = 0;
      for (let next: string | null = url; next !== null; pages++) {
        const response = await get(next.replace("http://tribune.test", ""));
        assert.equal(response.statusCode, 200, response.body);
        const page = response.json() as { items: Summary[]; next: string | null };
        if (page.next) assert.equal(response.headers.link, `<${page.next}>; rel="next"`);
        else assert.equal(response.headers.link, undefined);
        items.push(...page.items);
        next = page.next;
        assert.ok(pages < 50, "the walk ends");
      }
      return { items, pages };
    }

    before(async () => {
      // The page cache on: API answers are kept, and the services' changes must purge them.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "64" });
      const { db } = demo.database;
      articles = new ArticleService(db, demo.app.contentEvents);
      stories = new StoryService(db, demo.app.contentEvents);
      const found = await db
        .selectFrom("articles")
        .select(["id", "slug", "storyId"])
        .where("edition", "=", "en")
        .where("title", "=", lead?.editions.en?.title ?? "")
        .executeTakeFirstOrThrow();
      leadEn = found;
      const jane = await new AuthorService(db).upsertAuthor({ name: "Jane Doe", slug: "jane-doe" });
      janeId = jane.id;
      const summit = await stories.createStory({ originalEdition: "en" });
      draft = await articles.createArticle({
        storyId: summit.id,
        edition: "en",
        title: "Cairo hosts a regional summit on water",
        body: bodyFromParagraphs(["Delegations from eleven countries met on the Nile."]),
        authorId: jane.id,
      });
      const later = await stories.createStory({ originalEdition: "en" });
      scheduled = await articles.createArticle({
        storyId: later.id,
        edition: "en",
        title: "An eclipse will be seen from Lisbon next year",
        body: bodyFromParagraphs(["Astronomers expect clear skies."]),
        authorId: jane.id,
      });
      await articles.publishArticle(scheduled.id, { at: new Date(Date.now() + 86_400_000) });
    });
    after(() => demo.close());

    test("gives an article by id and by its edition's slug: body as stored and as HTML, bylines, tags, hero, translations", async () => {
      const byId = await json(`/api/v1/articles/${leadEn.id}`);
      const bySlug = await json(`/api/v1/editions/en/articles/${leadEn.slug}`);
      assert.deepEqual(bySlug, byId);
      assert.equal(byId.title, lead?.editions.en?.title);
      assert.equal(byId.edition, "en");
      assert.equal(byId.slug, leadEn.slug);
      assert.equal(byId.storyId, leadEn.storyId);
      assert.match(byId.url, new RegExp(`^http://tribune\\.test/en/\\d{4}/\\d{2}/\\d{2}/${leadEn.slug}$`));
      assert.equal(byId.body.type, "doc");
      assert.ok(byId.body.content.length > 0);
      assert.match(byId.bodyHtml, /^<p>/);
      assert.doesNotMatch(byId.bodyHtml, /(?:href|src)="\/(?!\/)/, "every URL in the HTML is absolute");
      assert.deepEqual(
        byId.bylines.map((b: { slug: string; url: string }) => [b.slug, b.url]),
        [["tribune-newsroom", "http://tribune.test/en/author/tribune-newsroom"]],
      );
      assert.ok(
        byId.tags.some((tag: { key: string; name: string }) => tag.key === "iraq" && tag.name === "Iraq"),
      );
      assert.equal(byId.source.name, "Middle East Eye");
      assert.ok(byId.hero, "the lead story has a hero picture");
      assert.match(byId.hero.url, /^http:\/\/tribune\.test\/media\//);
      assert.ok(byId.hero.alt.length > 0);
      assert.ok(byId.hero.variants.some((v: { format: string }) => v.format === "webp"));
      for (const variant of byId.hero.variants) {
        assert.ok(variant.width > 0 && variant.height > 0);
        assert.match(variant.url, /^http:\/\/tribune\.test\/media\//);
      }
      assert.deepEqual(
        byId.translations.map((t: { edition: string }) => t.edition),
        ["en", "pt", "es"],
      );
      const pt = byId.translations.find((t: { edition: string }) => t.edition === "pt");
      const ptArticle = await json(`/api/v1/articles/${pt.id}`);
      assert.equal(ptArticle.edition, "pt");
      assert.equal(ptArticle.url, pt.url);
      assert.equal(ptArticle.title, lead?.editions.pt?.title);
    });

    test("never shows a draft or an article scheduled for later: 404 problems, and absent from every list", async () => {
      for (const url of [
        `/api/v1/articles/${draft.id}`,
        `/api/v1/editions/en/articles/${draft.slug}`,
        `/api/v1/articles/${scheduled.id}`,
        `/api/v1/editions/en/articles/${scheduled.slug}`,
        `/api/v1/stories/${draft.storyId}`,
        `/api/v1/stories/${scheduled.storyId}`,
        "/api/v1/articles/2147483647",
        "/api/v1/editions/pt/articles/no-such-article",
      ]) {
        const response = await get(url);
        assert.equal(response.statusCode, 404, url);
        assert.equal(response.headers["content-type"], PROBLEM_TYPE);
        assert.equal(response.json().code, "NOT_FOUND");
        assert.doesNotMatch(response.json().detail, /draft|scheduled|Cairo hosts|eclipse will/i);
      }
      // A draft's problem is an unknown id's, word for word: nothing tells that it exists.
      const unknown = await get("/api/v1/articles/2147483647");
      const hidden = await get(`/api/v1/articles/${draft.id}`);
      assert.equal(hidden.body, unknown.body.replaceAll("2147483647", String(draft.id)));
      const everything = [
        ...(await walk("/api/v1/articles?edition=en&limit=100")).items.map((a) => a.id),
        ...(await walk(`/api/v1/articles?author=${janeId}`)).items.map((a) => a.id),
      ];
      assert.ok(!everything.includes(draft.id) && !everything.includes(scheduled.id));
      const storyIds = (await walk("/api/v1/stories?limit=100")).items.map((s) => s.id);
      assert.ok(!storyIds.includes(draft.storyId) && !storyIds.includes(scheduled.storyId));
      const search = await json("/api/v1/search?q=eclipse");
      assert.equal(search.total, 0);
    });

    test("walks every list page by page, without repeats, to the same items as one page", async () => {
      for (const [paged, whole] of [
        ["/api/v1/articles?limit=1", "/api/v1/articles?limit=100"],
        ["/api/v1/articles?edition=pt&limit=2", "/api/v1/articles?edition=pt&limit=100"],
        ["/api/v1/articles?tag=middle-east&limit=1", "/api/v1/articles?tag=middle-east&limit=100"],
        ["/api/v1/stories?limit=1", "/api/v1/stories?limit=100"],
        ["/api/v1/stories?edition=es&limit=2", "/api/v1/stories?edition=es&limit=100"],
      ] as const) {
        const pages = await walk(paged);
        const one = await walk(whole);
        assert.equal(one.pages, 1);
        const ids = pages.items.map((item) => item.id);
        assert.equal(new Set(ids).size, ids.length, `${paged}: no repeats`);
        assert.deepEqual(
          ids,
          one.items.map((item) => item.id),
          paged,
        );
        assert.ok(ids.length >= 2, `${paged} has several pages`);
        assert.equal(
          pages.pages,
          Math.ceil(ids.length / Number(new URL(paged, "http://x").searchParams.get("limit"))),
        );
      }
    });

    test("filters articles by edition, tag (and the tags below it), author and days", async () => {
      const en = (await walk("/api/v1/articles?limit=100")).items;
      assert.ok(en.length >= 3);
      assert.ok(en.every((a) => a.edition === "en"));
      const pt = (await walk("/api/v1/articles?edition=pt&limit=100")).items;
      assert.ok(pt.every((a) => a.edition === "pt" && a.url.startsWith("http://tribune.test/pt/")));
      const iraq = (await walk("/api/v1/articles?tag=iraq&limit=100")).items.map((a) => a.id);
      const region = (await walk("/api/v1/articles?tag=middle-east&limit=100")).items.map((a) => a.id);
      assert.ok(iraq.includes(leadEn.id));
      assert.ok(
        iraq.every((id) => region.includes(id)),
        "a region lists its countries' stories",
      );
      const byline = await walk("/api/v1/articles?author=tribune-newsroom&limit=100");
      const byId = await walk(
        `/api/v1/articles?author=${(await json("/api/v1/authors/tribune-newsroom")).id}`,
      );
      assert.deepEqual(byline.items, byId.items);
      assert.ok(byline.items.some((a) => a.id === leadEn.id));
      assert.deepEqual((await walk(`/api/v1/articles?author=${janeId}`)).items, []);
      const today = new Date().toISOString().slice(0, 10);
      const lastYear = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
      assert.deepEqual(
        (await walk(`/api/v1/articles?from=${lastYear}&to=${lastYear}`)).items,
        [],
        "nothing published a year ago",
      );
      const combined = await walk(
        `/api/v1/articles?tag=iraq&author=tribune-newsroom&from=${lastYear}&limit=100`,
      );
      assert.deepEqual(
        combined.items.map((a) => a.id),
        iraq,
      );
    });

    test("gives a story with its articles per edition and their translation status", async () => {
      const story = await json(`/api/v1/stories/${leadEn.storyId}`);
      assert.equal(story.originalEdition, "en");
      assert.deepEqual(
        story.articles.map((a: { edition: string; state: string }) => [a.edition, a.state]),
        [
          ["en", "original"],
          ["pt", "up-to-date"],
          ["es", "up-to-date"],
        ],
      );
      assert.equal(story.articles[0].article.id, leadEn.id);
      const tagged = (await walk("/api/v1/stories?tag=iraq&author=tribune-newsroom")).items.map((s) => s.id);
      assert.ok(tagged.includes(leadEn.storyId));
    });

    test("lists the tags as a tree, the authors, the sources; gives a tag, an author and a picture", async () => {
      const { tags } = await json("/api/v1/tags");
      const keys = tags.map((tag: { key: string }) => tag.key);
      const iran = tags.find((tag: { key: string }) => tag.key === "iran");
      assert.equal(iran.parent, "middle-east");
      assert.ok(keys.indexOf("middle-east") < keys.indexOf("iran"), "parents come first");
      assert.deepEqual(
        iran.names.map((n: { edition: string; name: string }) => [n.edition, n.name]),
        [
          ["en", "Iran"],
          ["pt", "Irã"],
          ["es", "Irán"],
        ],
      );
      assert.deepEqual(await json("/api/v1/tags/iran"), iran);
      const { authors } = await json("/api/v1/authors");
      assert.ok(authors.some((a: { slug: string }) => a.slug === "jane-doe"));
      const author = await json("/api/v1/authors/tribune-newsroom");
      assert.equal(author.urls.pt, "http://tribune.test/pt/author/tribune-newsroom");
      const { sources } = await json("/api/v1/sources");
      assert.deepEqual(
        sources.map((s: { name: string }) => s.name),
        ["Middle East Eye"],
      );
      const article = await json(`/api/v1/articles/${leadEn.id}`);
      const media = await json(`/api/v1/media/${article.hero.id}`);
      assert.deepEqual(media.variants, article.hero.variants);
      assert.deepEqual(
        media.texts.map((t: { edition: string }) => t.edition),
        ["en", "pt", "es"],
      );
      assert.equal(media.credit, article.hero.credit);
    });

    test("searches an edition's published articles", async () => {
      const results = await json("/api/v1/search?q=Iraq&edition=en");
      assert.ok(results.total >= 1);
      assert.ok(results.items.some((hit: { id: number }) => hit.id === leadEn.id));
      const hit = results.items[0];
      assert.match(hit.url, /^http:\/\/tribune\.test\/en\//);
      assert.ok(hit.highlights.title.some((run: { mark: boolean }) => run.mark));
      assert.equal(hit.title, hit.highlights.title.map((run: { text: string }) => run.text).join(""));
    });

    test("answers 304 to If-None-Match, from the page cache as from a render", async () => {
      const url = `/api/v1/articles/${leadEn.id}`;
      const first = await get(url);
      assert.equal(first.statusCode, 200);
      assert.equal(
        first.headers["cache-control"],
        "public, max-age=60, s-maxage=300, stale-while-revalidate=30",
      );
      const etag = String(first.headers.etag);
      assert.match(etag, /^"/);
      assert.match(String(first.headers["surrogate-key"]), new RegExp(`\\barticle:${leadEn.id}\\b`));
      const again = await get(url, { "if-none-match": etag });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, "");
      assert.equal((await get(url, { "if-none-match": '"other"' })).statusCode, 200);
      const sources = await get("/api/v1/sources");
      const sourcesAgain = await get("/api/v1/sources", { "if-none-match": String(sources.headers.etag) });
      assert.equal(sourcesAgain.statusCode, 304, "an answer the page cache does not keep is conditional too");
    });

    test("the page cache keeps API answers, and publishing, editing and withdrawing change them at once", async () => {
      const cache = demo.app.pageCache;
      assert.ok(cache);
      // A story of its own: the draft's URLs above answered 404, which the cache passes for a while.
      const story = await stories.createStory({ originalEdition: "en" });
      const museum = await articles.createArticle({
        storyId: story.id,
        edition: "en",
        title: "A museum of clocks reopens after ten years",
        body: bodyFromParagraphs(["The restorers wound every clock by hand."]),
        authorId: janeId,
      });
      const articleUrl = `/api/v1/editions/en/articles/${museum.slug}`;
      const listUrl = "/api/v1/articles?limit=100";
      const storiesUrl = "/api/v1/stories?limit=100";
      const authorUrl = `/api/v1/articles?author=jane-doe`;
      const listed = async (url: string) => ((await json(url)).items as Summary[]).map((item) => item.id);
      // Warm: the lists are cached without the draft.
      for (const url of [listUrl, storiesUrl, authorUrl]) {
        await get(url);
        const hits: number = cache.stats.hits;
        await get(url);
        assert.equal(cache.stats.hits, hits + 1, `${url} is answered from the page cache`);
      }
      assert.ok(!(await listed(listUrl)).includes(museum.id));

      await articles.publishArticle(museum.id);
      assert.ok((await listed(listUrl)).includes(museum.id), "published: in the list");
      assert.ok((await listed(storiesUrl)).includes(story.id), "its story is listed");
      assert.ok((await listed(authorUrl)).includes(museum.id), "and its author's list");
      assert.equal((await json(articleUrl)).title, "A museum of clocks reopens after ten years");
      const hits: number = cache.stats.hits;
      await get(articleUrl);
      assert.equal(cache.stats.hits, hits + 1, "the article is kept");

      await articles.updateArticle(museum.id, { title: "The clock museum reopens" });
      assert.equal((await json(articleUrl)).title, "The clock museum reopens");
      const inList = ((await json(listUrl)).items as Summary[]).find((item) => item.id === museum.id);
      assert.equal(inList?.title, "The clock museum reopens");
      const listedStory = (await json(storiesUrl)).items.find((s: { id: number }) => s.id === story.id);
      assert.equal(listedStory.articles[0].title, "The clock museum reopens");

      await articles.unpublishArticle(museum.id);
      assert.equal((await get(articleUrl)).statusCode, 404, "withdrawn: not found");
      assert.ok(!(await listed(listUrl)).includes(museum.id));
      assert.ok(!(await listed(storiesUrl)).includes(story.id));
      assert.ok(!(await listed(authorUrl)).includes(museum.id));
    });

    test("with CORS origins configured, the page cache keeps an answer per Origin and each gets its own", async () => {
      const cors = await startDemoApp(database, {
        PAGE_CACHE_MB: "64",
        API_CORS_ORIGINS: "https://app.example",
      });
      try {
        const cache = cors.app.pageCache;
        assert.ok(cache);
        const ask = (origin?: string) =>
          cors.app.inject({ url: "/api/v1/articles?limit=2", headers: origin ? { origin } : {} });
        for (const origin of ["https://app.example", undefined, "https://elsewhere.example"]) {
          const first = await ask(origin);
          const hits: number = cache.stats.hits;
          const second = await ask(origin);
          assert.equal(cache.stats.hits, hits + 1, `${origin ?? "no origin"}: answered from the page cache`);
          for (const answer of [first, second]) {
            assert.equal(answer.statusCode, 200);
            assert.match(String(answer.headers.vary), /\bOrigin\b/);
            assert.equal(
              answer.headers["access-control-allow-origin"],
              origin === "https://app.example" ? origin : undefined,
              `${origin ?? "no origin"} is answered as CORS says`,
            );
          }
        }
      } finally {
        await cors.close();
      }
    });

    test("hostile requests get 4xx problem documents naming what is wrong, never a 5xx", async () => {
      for (const url of [
        "/api/v1/articles/abc",
        "/api/v1/articles/0",
        "/api/v1/articles/-1",
        "/api/v1/articles/1.5",
        "/api/v1/articles/99999999999999999999",
        "/api/v1/articles?limit=1000",
        "/api/v1/articles?limit=0",
        "/api/v1/articles?limit=ten",
        "/api/v1/articles?cursor=not-a-cursor",
        `/api/v1/articles?cursor=${Buffer.from("s12").toString("base64url")}`,
        `/api/v1/stories?cursor=${Buffer.from("2026-01-01T00:00:00.000Z_1").toString("base64url")}`,
        "/api/v1/articles?cursor=%00%01",
        "/api/v1/articles?edition=xx",
        "/api/v1/articles?edition=en&edition=pt",
        "/api/v1/articles?unknown=1",
        "/api/v1/articles?tag=no-such-tag",
        "/api/v1/articles?tag=%3Cscript%3E",
        "/api/v1/articles?author=nobody-here",
        "/api/v1/articles?from=2026-02-30",
        "/api/v1/articles?from=2026-03-01&to=2026-02-01",
        "/api/v1/articles?from=yesterday",
        "/api/v1/stories?limit=-5",
        "/api/v1/stories/abc",
        "/api/v1/editions/xx/articles/anything",
        "/api/v1/editions/en/articles/Not%20A%20Slug",
        `/api/v1/editions/en/articles/${"a".repeat(500)}`,
        "/api/v1/tags/UPPER",
        "/api/v1/tags?tree=flat",
        "/api/v1/sources?page=2",
        `/api/v1/articles/1?fields=title`,
        "/api/v1/authors/%2e%2e",
        "/api/v1/media/0",
        "/api/v1/search",
        `/api/v1/search?q=${"x".repeat(300)}`,
        "/api/v1/search?q=iraq&page=0",
        "/api/v1/search?q=iraq&sort=date",
      ]) {
        const response = await get(url);
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${url}: ${response.statusCode}`);
        assert.equal(response.headers["content-type"], PROBLEM_TYPE, url);
        const problem = response.json();
        assert.equal(problem.status, response.statusCode);
        assert.ok(problem.detail.length > 0, url);
        if (response.statusCode === 400) {
          assert.ok(Array.isArray(problem.errors) && problem.errors.length > 0, `${url} names its fields`);
        }
      }
      assert.equal((await get("/api/v1/articles?unknown=1")).json().errors[0].field, "querystring/unknown");
      assert.equal((await get("/api/v1/articles?limit=1000")).json().errors[0].field, "querystring/limit");
      assert.equal((await get("/api/v1/articles?cursor=bad")).json().errors[0].field, "querystring/cursor");
    });
  });
}
