import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";
import { slugify } from "../../shared/slug.ts";

const fixture = loadDemoFixture();
const LANGS = ["en", "pt", "es"] as const;
type Lang = (typeof LANGS)[number];
const tag = (key: string) => {
  const found = fixture.tags.find((t) => t.key === key);
  assert.ok(found, key);
  return {
    name: (lang: Lang) => found.names[lang] ?? "",
    slug: (lang: Lang) => slugify(found.names[lang] ?? ""),
  };
};
const news = tag("news");
const middleEast = tag("middle-east");
const asia = tag("asia-americas");
/** The default menu of the demo: its one section, then the regions by published stories. */
const DEFAULT_MENU = [news, middleEast, asia];
const LANGUAGE_NAMES = ["English", "Português", "Español"];
const untranslated = fixture.articles.find((article) => !article.editions.pt);

const menuOf = (page: Document) =>
  [...page.querySelectorAll("header .section-menu nav a")].map((a) => [
    a.textContent,
    a.getAttribute("href"),
  ]);
const switcherOf = (page: Document) =>
  Object.fromEntries(
    [...page.querySelectorAll("header nav.edition-switcher li")].map((li) => {
      const link = li.querySelector("a");
      return [li.textContent, link ? link.getAttribute("href") : "current"];
    }),
  );

for (const database of testDatabases()) {
  describe(`the header's section menu and edition switcher on ${database.name}`, () => {
    let demo: DemoApp;
    let admin: NewsroomSession;
    /** The lead article's path in each edition, its author's page and its day archive. */
    const articles = new Map<Lang, string>();
    let authorPath = "";
    let dayPath = "";
    let untranslatedPath = "";

    before(async () => {
      demo = await startDemoApp(database);
      admin = await signInAs(demo.app, demo.database.db, "admin");
      for (const lang of LANGS) {
        const front = parsePage((await demo.app.inject(`/${lang}/`)).body);
        const title = fixture.articles[0]?.editions[lang]?.title ?? "";
        const link = [...front.querySelectorAll(".lead a")].find((a) => a.textContent === title);
        articles.set(lang, link?.getAttribute("href") ?? "");
      }
      const english = parsePage((await demo.app.inject(articles.get("en") ?? "")).body);
      authorPath = english.querySelector('.meta a[href*="/author/"]')?.getAttribute("href") ?? "";
      dayPath = english.querySelector(".meta time")?.parentElement?.getAttribute("href") ?? "";
      assert.match(authorPath, /^\/en\/author\/[a-z0-9-]+$/);
      assert.match(dayPath, /^\/en\/\d{4}\/\d{2}\/\d{2}\/$/);
      const front = parsePage((await demo.app.inject("/en/")).body);
      untranslatedPath =
        [...front.querySelectorAll("a")]
          .find((a) => a.textContent === untranslated?.editions.en?.title)
          ?.getAttribute("href") ?? "";
      assert.notEqual(untranslatedPath, "");
    });
    after(() => demo.close());

    const get = async (url: string, status = 200) => {
      const response = await demo.app.inject(url);
      assert.equal(response.statusCode, status, url);
      return parsePage(response.body);
    };
    const inEdition = (path: string, lang: Lang) => path.replace(/^\/en\//, `/${lang}/`);

    for (const lang of LANGS) {
      test(`${lang}: every page type has the edition's menu, named in its language, linking its archives`, async () => {
        const expected = DEFAULT_MENU.map((t) => [t.name(lang), `/${lang}/tag/${t.slug(lang)}`]);
        const month = inEdition(dayPath, lang).replace(/\d{2}\/$/, "");
        for (const [url, status] of [
          [`/${lang}/`, 200],
          [articles.get(lang) ?? "", 200],
          [`/${lang}/tag/${middleEast.slug(lang)}`, 200],
          [inEdition(authorPath, lang), 200],
          [`/${lang}/search?q=iraq`, 200],
          [inEdition(dayPath, lang), 200],
          [month, 200],
          [`/${lang}/no-such-page`, 404],
        ] as const) {
          const page = await get(url, status);
          assert.deepEqual(menuOf(page), expected, url);
          assert.equal(
            page.querySelector("header .section-menu nav")?.getAttribute("aria-label") !== null,
            true,
          );
          assert.equal(page.querySelectorAll("nav.edition-switcher").length, 1, `${url}: one switcher`);
        }
      });

      test(`${lang}: a tag archive marks its menu entry as the current page, and only there`, async () => {
        const archive = await get(`/${lang}/tag/${news.slug(lang)}`);
        assert.deepEqual(
          [...archive.querySelectorAll("header [aria-current=page]")].map((e) => e.textContent),
          [news.name(lang), LANGUAGE_NAMES[LANGS.indexOf(lang)]],
        );
        const country = await get(`/${lang}/tag/${tag("iraq").slug(lang)}`);
        assert.equal(
          country.querySelector("header .section-menu [aria-current]"),
          null,
          "Iraq is not in the menu",
        );
      });
    }

    test("the switcher leads to the same page in each edition: front, tag (by its slug there), author, date, search", async () => {
      const cases: [string, (lang: Lang) => string][] = [
        ["/en/", (lang) => `/${lang}/`],
        [`/en/tag/${asia.slug("en")}`, (lang) => `/${lang}/tag/${asia.slug(lang)}`],
        [authorPath, (lang) => inEdition(authorPath, lang)],
        [dayPath, (lang) => inEdition(dayPath, lang)],
        ["/en/search?q=iraq+troops", (lang) => `/${lang}/search?q=iraq+troops`],
        ["/en/search", (lang) => `/${lang}/search`],
      ];
      for (const [url, there] of cases) {
        const page = await get(url);
        assert.deepEqual(
          switcherOf(page),
          { English: "current", Português: there("pt"), Español: there("es") },
          url,
        );
        for (const link of page.querySelectorAll("header nav.edition-switcher a")) {
          const hreflang = link.getAttribute("hreflang") ?? "";
          assert.ok(["pt", "es"].includes(hreflang), url);
          assert.equal(link.getAttribute("lang"), hreflang === "pt" ? "pt-BR" : "es-ES");
        }
      }
      assert.equal(new URL(`http://x${cases[4]?.[1]("pt")}`).searchParams.get("q"), "iraq troops");
    });

    test("an article's switcher is its translations; without one, the other fronts, said in their language", async () => {
      const portuguese = await get(articles.get("pt") ?? "");
      assert.deepEqual(switcherOf(portuguese), {
        English: articles.get("en"),
        Português: "current",
        Español: articles.get("es"),
      });
      const alone = await get(untranslatedPath);
      assert.deepEqual(switcherOf(alone), {
        English: "current",
        "Português (página inicial)": "/pt/",
        "Español (portada)": "/es/",
      });
      assert.equal(alone.querySelector('link[rel="alternate"][hreflang]'), null, "no alternates to claim");
      const missing = await get("/es/nada", 404);
      assert.deepEqual(switcherOf(missing), { English: "/en/", Português: "/pt/", Español: "current" });
    });

    test("archives gain hreflang alternates matching the switcher; filtered search results, not indexed, none", async () => {
      const archive = await get(`/pt/tag/${asia.slug("pt")}`);
      assert.deepEqual(
        [...archive.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => [
          l.getAttribute("hreflang"),
          l.getAttribute("href"),
        ]),
        LANGS.map((lang) => [lang, `http://tribune.test/${lang}/tag/${asia.slug(lang)}`]),
      );
      const author = await get(inEdition(authorPath, "es"));
      assert.equal(author.querySelectorAll('link[rel="alternate"][hreflang]').length, 3);
      const search = await get("/en/search?q=iraq");
      assert.equal(search.querySelectorAll('link[rel="alternate"][hreflang]').length, 3);
      const filtered = await get("/en/search?q=iraq&page=2");
      assert.equal(filtered.querySelector('link[rel="alternate"][hreflang]'), null);
    });

    test("an admin orders the menu per edition; the order shows at once, bad keys are refused with a message", async () => {
      const form = { displayName: "", timeZone: "", featuredRegions: "" };
      const refusals: [string, RegExp][] = [
        [
          "iraq",
          /"iraq" is not a section or region tag; section or region tags: asia-americas, middle-east, news/,
        ],
        ["news, Not a key!", /"not a key!" is not a tag key/],
        [Array.from({ length: 13 }, (_, i) => `t${i}`).join(","), /at most 12/],
      ];
      for (const [menuSections, message] of refusals) {
        const refused = await admin.post("/newsroom/settings/editions/pt", { ...form, menuSections });
        assert.equal(refused.statusCode, 400, menuSections);
        const page = parsePage(refused.body);
        assert.match(page.querySelector("#edition-pt [role=alert]")?.textContent ?? "", message);
        assert.equal(
          page.querySelector('#edition-pt input[name="menuSections"]')?.getAttribute("value"),
          menuSections,
        );
      }
      assert.deepEqual(
        menuOf(await get("/pt/")).map(([name]) => name),
        DEFAULT_MENU.map((t) => t.name("pt")),
      );

      const saved = await admin.post("/newsroom/settings/editions/pt", {
        ...form,
        menuSections: "asia-americas, news",
      });
      assert.equal(saved.statusCode, 303);
      assert.deepEqual(menuOf(await get("/pt/")), [
        [asia.name("pt"), `/pt/tag/${asia.slug("pt")}`],
        [news.name("pt"), `/pt/tag/${news.slug("pt")}`],
      ]);
      assert.deepEqual(
        menuOf(await get("/en/")).map(([name]) => name),
        DEFAULT_MENU.map((t) => t.name("en")),
        "other editions keep theirs",
      );
      const settings = parsePage((await admin.get("/newsroom/settings")).body);
      assert.equal(
        settings.querySelector('#edition-pt input[name="menuSections"]')?.getAttribute("value"),
        "asia-americas, news",
      );
      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select("details")
        .where("action", "=", "settings.edition")
        .where("subjectId", "=", "pt")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      assert.match(String(audit.details), /"menuSections":\["asia-americas","news"\]/);

      await admin.post("/newsroom/settings/editions/pt", { ...form, menuSections: "" });
      assert.deepEqual(
        menuOf(await get("/pt/")).map(([name]) => name),
        DEFAULT_MENU.map((t) => t.name("pt")),
      );
    });
  });
}
