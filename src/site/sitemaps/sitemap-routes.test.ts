import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import Fastify, { type FastifyInstance } from "fastify";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import { visibleToReaders } from "../../articles/visibility.ts";
import type { Db } from "../../db/database.ts";
import { Editions } from "../../editions/edition-service.ts";
import { SiteUrls } from "../../editions/site-urls.ts";
import { seedSynthetic } from "../../seed/synthetic/synthetic-seed.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { registerSitemapRoutes } from "./sitemap-routes.ts";
import { SitemapService } from "./sitemap-service.ts";

const MAIN = "http://tribune.test";
const PT_HOST = "pt.tribune.test";
const HOUR = 3_600_000;
const ODD_TITLE = `Q&A: the <b>"truth"</b> about Iraq's 'deal' & more`;

interface Alternate {
  hreflang: string;
  href: string;
}

interface UrlEntry {
  loc: string;
  lastmod: string;
  alternates: Alternate[];
  news?: { name: string; language: string; publicationDate: string; title: string };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name) => ["sitemap", "url", "xhtml:link"].includes(name),
});

type Node = Record<string, unknown>;

function parseXml(xml: string): Node {
  assert.equal(XMLValidator.validate(xml), true, "the sitemap is well-formed XML");
  return parser.parse(xml) as Node;
}

/** The `<loc>` of every sitemap an index lists. */
function parseIndex(xml: string): { loc: string; lastmod?: string }[] {
  const index = parseXml(xml).sitemapindex as Node | undefined;
  assert.ok(index, "the root element is <sitemapindex>");
  assert.equal(index["@xmlns"], "http://www.sitemaps.org/schemas/sitemap/0.9");
  return ((index.sitemap ?? []) as Node[]).map((s) => ({
    loc: String(s.loc),
    ...(s.lastmod === undefined ? {} : { lastmod: String(s.lastmod) }),
  }));
}

function parseUrlSet(xml: string): UrlEntry[] {
  const urlset = parseXml(xml).urlset as Node | undefined;
  assert.ok(urlset, "the root element is <urlset>");
  assert.equal(urlset["@xmlns"], "http://www.sitemaps.org/schemas/sitemap/0.9");
  return ((urlset.url ?? []) as Node[]).map((u) => {
    const news = u["news:news"] as Node | undefined;
    const publication = news?.["news:publication"] as Node | undefined;
    return {
      loc: String(u.loc),
      lastmod: String(u.lastmod),
      alternates: ((u["xhtml:link"] ?? []) as Node[]).map((link) => {
        assert.equal(link["@rel"], "alternate");
        return { hreflang: String(link["@hreflang"]), href: String(link["@href"]) };
      }),
      ...(news && publication
        ? {
            news: {
              name: String(publication["news:name"]),
              language: String(publication["news:language"]),
              publicationDate: String(news["news:publication_date"]),
              title: String(news["news:title"]),
            },
          }
        : {}),
    };
  });
}

/** Asks the app for an absolute URL: its path, with its host in the Host header. */
function fetchUrl(app: FastifyInstance, absolute: string) {
  const url = new URL(absolute);
  return app.inject({ url: url.pathname + url.search, headers: { host: url.host } });
}

async function fetchXml(app: FastifyInstance, absolute: string): Promise<string> {
  const response = await fetchUrl(app, absolute);
  assert.equal(response.statusCode, 200, `${absolute} answers 200`);
  assert.equal(response.headers["content-type"], "application/xml; charset=utf-8");
  return response.body;
}

/** Every sitemap the index lists, by file name, parsed. */
async function readAllSitemaps(app: FastifyInstance): Promise<Map<string, UrlEntry[]>> {
  const sitemaps = new Map<string, UrlEntry[]>();
  for (const { loc } of parseIndex(await fetchXml(app, `${MAIN}/sitemap.xml`))) {
    assert.ok(loc.startsWith(`${MAIN}/sitemaps/`), `${loc} is on the main host`);
    sitemaps.set(loc.slice(`${MAIN}/sitemaps/`.length), parseUrlSet(await fetchXml(app, loc)));
  }
  return sitemaps;
}

/** Every page a set of sitemaps names, listed or as an alternate, answers 200 on its own host. */
async function assertAllAnswer(app: FastifyInstance, sitemaps: Map<string, UrlEntry[]>): Promise<number> {
  const urls = new Set<string>();
  for (const entries of sitemaps.values()) {
    for (const entry of entries) {
      urls.add(entry.loc);
      for (const alternate of entry.alternates) urls.add(alternate.href);
    }
  }
  for (const url of urls) {
    const response = await fetchUrl(app, url);
    assert.equal(response.statusCode, 200, `${url} answers 200`);
  }
  return urls.size;
}

/** What readers can see now, straight from the table: `{edition}-{yyyy-mm}` → article count. */
async function visibleByEditionMonth(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("articles")
    .select(["edition", "publishedAt"])
    .where(visibleToReaders(new Date().toISOString()))
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.edition}-${row.publishedAt?.slice(0, 7)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function slugsOfStory(db: Db, key: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .select(["articles.edition", "articles.slug"])
    .where("stories.key", "=", key)
    .execute();
  return new Map(rows.map((r) => [r.edition, r.slug]));
}

function entryFor(sitemaps: Map<string, UrlEntry[]>, slug: string): UrlEntry {
  const found = [...sitemaps.entries()]
    .filter(([name]) => !name.startsWith("news-"))
    .flatMap(([, entries]) => entries)
    .filter((e) => e.loc.endsWith(`/${slug}`));
  assert.equal(found.length, 1, `exactly one month sitemap lists ${slug}`);
  return found[0] as UrlEntry;
}

/** An English-only story published at `at`, through the services, as the newsroom would. */
async function publishStory(db: Db, title: string, at: Date): Promise<string> {
  const story = await new StoryService(db).createStory({ originalEdition: "en" });
  const articles = new ArticleService(db);
  const article = await articles.createArticle({
    storyId: story.id,
    edition: "en",
    title,
    body: bodyFromParagraphs(["A paragraph."]),
  });
  return (await articles.publishArticle(article.id, { at })).slug;
}

for (const database of testDatabases()) {
  describe(`sitemaps of the demo site (${database.name})`, () => {
    let demo: DemoApp;
    let sitemaps: Map<string, UrlEntry[]>;
    let oldSlug = "";
    let oddSlug = "";

    before(async () => {
      demo = await startDemoApp(database);
      oldSlug = await publishStory(demo.database.db, "Three days old", new Date(Date.now() - 72 * HOUR));
      oddSlug = await publishStory(demo.database.db, ODD_TITLE, new Date(Date.now() - HOUR));
      sitemaps = await readAllSitemaps(demo.app);
    });
    after(() => demo.close());

    test("robots.txt disallows only the private areas and names the sitemap index", async () => {
      const response = await demo.app.inject("/robots.txt");
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers["content-type"], "text/plain; charset=utf-8");
      const lines = response.body.split("\n").filter(Boolean);
      assert.deepEqual(
        lines.filter((l) => l.startsWith("Disallow:")),
        ["Disallow: /newsroom", "Disallow: /api/admin"],
      );
      assert.ok(lines.includes("User-agent: *"));
      assert.deepEqual(
        lines.filter((l) => l.startsWith("Sitemap:")),
        [`Sitemap: ${MAIN}/sitemap.xml`],
      );
    });

    test("the index lists one sitemap per edition and month of publication, and a news sitemap per edition", async () => {
      const expected = [...(await visibleByEditionMonth(demo.database.db)).keys()].map((k) => `${k}.xml`);
      const months = [...sitemaps.keys()].filter((name) => !/^(news|pages)-/.test(name));
      assert.deepEqual(months.toSorted(), expected.toSorted());
      for (const edition of ["en", "pt", "es"]) {
        assert.ok(sitemaps.has(`news-${edition}.xml`), `news-${edition}.xml is listed`);
      }
      const index = parseIndex((await demo.app.inject("/sitemap.xml")).body);
      for (const { loc, lastmod } of index.filter((s) => !/\/(news|pages)-/.test(s.loc))) {
        assert.ok(lastmod && !Number.isNaN(Date.parse(lastmod)), `${loc} has a lastmod`);
      }
    });

    test("every URL in every sitemap, and every alternate, answers 200", async () => {
      const checked = await assertAllAnswer(demo.app, sitemaps);
      // Demo: 3 + 3 + 1 articles, the two stories published in this suite, and the about and
      // privacy pages in three editions (pages-{edition}.xml).
      assert.equal(checked, 15);
      for (const entries of sitemaps.values()) {
        for (const entry of entries)
          assert.ok(!Number.isNaN(Date.parse(entry.lastmod)), `${entry.loc} lastmod`);
      }
    });

    test("the lead story lists its three translations and x-default on the English original", async () => {
      const slugs = await slugsOfStory(demo.database.db, "iraq-withdrawal-deal");
      const locs = Object.fromEntries(
        ["en", "pt", "es"].map((e) => [e, entryFor(sitemaps, slugs.get(e) ?? "?").loc]),
      );
      assert.match(locs.en ?? "", /^http:\/\/tribune\.test\/en\/\d{4}\/\d{2}\/\d{2}\/iran-backed-groups/);
      assert.match(locs.pt ?? "", /^http:\/\/tribune\.test\/pt\/\d{4}\/\d{2}\/\d{2}\/grupos-apoiados/);
      const expected = [
        { hreflang: "en", href: locs.en },
        { hreflang: "pt", href: locs.pt },
        { hreflang: "es", href: locs.es },
        { hreflang: "x-default", href: locs.en },
      ];
      for (const edition of ["en", "pt", "es"]) {
        assert.deepEqual(entryFor(sitemaps, slugs.get(edition) ?? "?").alternates, expected);
      }
    });

    test("a story in English only has no alternates", async () => {
      const slugs = await slugsOfStory(demo.database.db, "krg-postage-stamp");
      assert.deepEqual([...slugs.keys()], ["en"]);
      assert.deepEqual(entryFor(sitemaps, slugs.get("en") ?? "?").alternates, []);
    });

    test("the news sitemap lists the last 48 hours with publication, language, date and title", async () => {
      const english = sitemaps.get("news-en.xml") ?? [];
      const rows = await demo.database.db
        .selectFrom("articles")
        .select(["title", "slug", "publishedAt"])
        .where("edition", "=", "en")
        .where("publishedAt", ">=", new Date(Date.now() - 48 * HOUR).toISOString())
        .orderBy("publishedAt", "desc")
        .orderBy("id", "desc")
        .execute();
      assert.equal(rows.length, 4, "three demo stories and the one published an hour ago");
      assert.deepEqual(
        english.map((e) => e.loc.slice(e.loc.lastIndexOf("/") + 1)),
        rows.map((r) => r.slug),
      );
      assert.ok(!english.some((e) => e.loc.endsWith(`/${oldSlug}`)), "not the story of three days ago");
      for (const [index, entry] of english.entries()) {
        assert.deepEqual(entry.news, {
          name: "Tribune",
          language: "en",
          publicationDate: rows[index]?.publishedAt,
          title: rows[index]?.title,
        });
      }
      const odd = english.find((e) => e.loc.endsWith(`/${oddSlug}`));
      assert.equal(odd?.news?.title, ODD_TITLE, "markup characters in a title survive escaping");

      const portuguese = sitemaps.get("news-pt.xml") ?? [];
      assert.equal(portuguese.length, 2);
      assert.ok(portuguese.every((e) => e.news?.language === "pt" && e.loc.startsWith(`${MAIN}/pt/`)));
      assert.ok(portuguese.some((e) => e.news?.title.startsWith("Grupos apoiados pelo Irã")));
    });

    test("the story published three days ago is in its month sitemap", async () => {
      const entry = entryFor(sitemaps, oldSlug);
      assert.deepEqual(entry.alternates, []);
    });

    test("unknown sitemap names answer 404", async () => {
      const listed = [...sitemaps.keys()].find((name) => /^en-\d{4}-\d{2}\.xml$/.test(name)) ?? "";
      const month = listed.slice("en-".length, "en-yyyy-mm".length);
      assert.match(month, /^\d{4}-\d{2}$/);
      for (const name of [
        "xx-2026-11.xml",
        "fr-2026-11.xml",
        "en-2026-13.xml",
        "en-1999-01.xml",
        `en-${month}-1.xml`,
        `en-${month}-2.xml`,
        `en-${month}-02.xml`,
        "news-xx.xml",
        "news.xml",
        "en.xml",
        "../../sitemap.xml",
      ]) {
        const response = await demo.app.inject(`/sitemaps/${encodeURIComponent(name)}`);
        assert.equal(response.statusCode, 404, `${name} is not a sitemap`);
      }
      assert.equal((await demo.app.inject(`/sitemaps/en-${month}.xml`)).statusCode, 200);
    });
  });

  describe(`sitemaps of a synthetic corpus over several months (${database.name})`, () => {
    let demo: DemoApp;
    let sitemaps: Map<string, UrlEntry[]>;

    before(async () => {
      demo = await startDemoApp(database);
      // About 300 stories: three runs of 100, each a day's news in a different month.
      for (const [seed, until] of [
        [11, "2026-08-20T12:00:00.000Z"],
        [12, "2026-09-20T12:00:00.000Z"],
        [13, "2026-10-20T12:00:00.000Z"],
      ] as const) {
        await seedSynthetic(demo.database, {
          count: 100,
          seed,
          editions: ["en", "pt", "es"],
          until: new Date(until),
        });
      }
      sitemaps = await readAllSitemaps(demo.app);
    });
    after(() => demo.close());

    test("yields one sitemap per edition and month, each listing that month's articles once", async () => {
      const expected = await visibleByEditionMonth(demo.database.db);
      const months = [...sitemaps.entries()].filter(([name]) => !/^(news|pages)-/.test(name));
      assert.deepEqual(
        months.map(([name]) => name).toSorted(),
        [...expected.keys()].map((k) => `${k}.xml`).toSorted(),
      );
      assert.ok(months.length >= 12, "three editions over four months");
      for (const [name, entries] of months) {
        assert.equal(entries.length, expected.get(name.replace(/\.xml$/, "")), `${name} lists every article`);
      }
      const locs = months.flatMap(([, entries]) => entries.map((e) => e.loc));
      assert.equal(new Set(locs).size, locs.length, "no article is listed twice");
      assert.ok(
        months.some(([, entries]) => entries.some((e) => e.alternates.length > 0)),
        "translated stories have alternates",
      );
    });

    test("every URL of the corpus, and every alternate, answers 200", async () => {
      const checked = await assertAllAnswer(demo.app, sitemaps);
      assert.ok(checked > 300, `${checked} URLs checked`);
    });

    test("reads the index, a month file with its alternates, and a news file in one query each", async () => {
      let queries = 0;
      // Counted on results: a sub-query (the page of a file) is transformed, but not run, on its own.
      const db = demo.database.db.withPlugin({
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          queries++;
          return args.result;
        },
      });
      const editions = new Editions(demo.config.editions, demo.config.defaultEdition);
      const service = new SitemapService(db, editions, new SiteUrls(demo.config.publicUrl));
      const now = new Date().toISOString();
      const parts = await service.monthParts(now);
      assert.equal(queries, 1);
      const english = editions.get("en");
      const months = parts.filter((p) => p.edition === english).map((p) => p.month);
      queries = 0;
      let listed = 0;
      for (const month of months) listed += (await service.monthUrls(english, month, 1, now)).length;
      assert.equal(queries, months.length);
      assert.ok(listed > 200, `${listed} English articles`);
      queries = 0;
      assert.ok((await service.newsArticles(english, now)).length > 0);
      assert.equal(queries, 1);
    });

    test("splits a month with more URLs than the per-file limit into numbered parts", async () => {
      const split = Fastify();
      registerSitemapRoutes(split, {
        db: demo.database.db,
        editions: new Editions(demo.config.editions, demo.config.defaultEdition),
        urls: new SiteUrls(demo.config.publicUrl),
        siteNameFor: () => demo.config.siteName,
        publicUrl: demo.config.publicUrl,
        urlsPerFile: 50,
      });
      await split.ready();
      try {
        const parts = await readAllSitemaps(split);
        let splitMonths = 0;
        for (const [name, whole] of sitemaps) {
          if (name.startsWith("news-")) continue;
          const base = name.replace(/\.xml$/, "");
          const expectedParts = Math.ceil(whole.length / 50);
          const names = [
            `${base}.xml`,
            ...Array.from({ length: expectedParts - 1 }, (_, i) => `${base}-${i + 2}.xml`),
          ];
          const pieces = names.map((n) => parts.get(n) ?? assert.fail(`${n} is listed in the index`));
          for (const piece of pieces)
            assert.ok(piece.length > 0 && piece.length <= 50, `${base}: parts of 1 to 50`);
          assert.deepEqual(
            pieces.flat().map((e) => e.loc),
            whole.map((e) => e.loc),
            `${base}: the parts together are the whole month, in order`,
          );
          if (expectedParts > 1) splitMonths++;
          const beyond = await split.inject(`/sitemaps/${base}-${expectedParts + 1}.xml`);
          assert.equal(beyond.statusCode, 404);
        }
        assert.ok(splitMonths > 0, "at least one month needed more than one file");
        const monthFiles = [...parts.keys()].filter((n) => !n.startsWith("news-")).length;
        assert.ok(monthFiles > sitemaps.size - 3, "the index lists the extra parts");
      } finally {
        await split.close();
      }
    });
  });

  describe(`sitemaps with Portuguese on its own host (${database.name})`, () => {
    let demo: DemoApp;
    let sitemaps: Map<string, UrlEntry[]>;

    before(async () => {
      demo = await startDemoApp(database, { EDITION_PT_HOST: PT_HOST });
      sitemaps = await readAllSitemaps(demo.app);
    });
    after(() => demo.close());

    test("robots.txt on the Portuguese host points to the sitemap index on the main host", async () => {
      const response = await demo.app.inject({ url: "/robots.txt", headers: { host: PT_HOST } });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /^Sitemap: http:\/\/tribune\.test\/sitemap\.xml$/m);
      assert.doesNotMatch(response.body, /pt\.tribune\.test/);
    });

    test("lists the Portuguese articles on their own host, where they answer 200", async () => {
      const portuguese = [...sitemaps.entries()]
        .filter(([name]) => name.startsWith("pt-") || name === "news-pt.xml")
        .flatMap(([, entries]) => entries);
      assert.equal(portuguese.length, 4, "two articles, in a month sitemap and in the news sitemap");
      for (const entry of portuguese) {
        assert.match(entry.loc, /^http:\/\/pt\.tribune\.test\/\d{4}\/\d{2}\/\d{2}\//);
        assert.equal((await fetchUrl(demo.app, entry.loc)).statusCode, 200, entry.loc);
      }
      const lead = [...sitemaps.entries()]
        .filter(([name]) => name.startsWith("en-"))
        .flatMap(([, entries]) => entries)
        .find((e) => e.loc.includes("/iran-backed-groups"));
      assert.match(
        lead?.alternates.find((a) => a.hreflang === "pt")?.href ?? "",
        /^http:\/\/pt\.tribune\.test\/\d{4}\//,
      );
      await assertAllAnswer(demo.app, sitemaps);
    });
  });
}
