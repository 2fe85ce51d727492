import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { articleDescription, truncateAtWord } from "./article-metadata.ts";

const fixture = loadDemoFixture();
const lead = fixture.articles[0];
const sadr = fixture.articles[1];
const ORIGIN = "http://tribune.test";

const EXPECTED = {
  en: { locale: "en-GB", og: "en_GB", section: "News", tags: ["Asia & Americas", "Iran", "Iraq"] },
  pt: { locale: "pt-BR", og: "pt_BR", section: "Notícias", tags: ["Ásia & Américas", "Irã", "Iraque"] },
  es: { locale: "es-ES", og: "es_ES", section: "Noticias", tags: ["Asia y Américas", "Irán", "Irak"] },
} as const;
type Lang = keyof typeof EXPECTED;
const LANGS = Object.keys(EXPECTED) as Lang[];

describe("article descriptions", () => {
  test("use the summary when the article has one", () => {
    assert.equal(
      articleDescription("  A short summary. ", bodyFromParagraphs(["Body text."])),
      "A short summary.",
    );
  });

  test("fall back to the first paragraph, cut at a word boundary near 160 characters", () => {
    const paragraph = `${"word ".repeat(40)}end`;
    const description = articleDescription(null, bodyFromParagraphs(["", paragraph, "Second."])) ?? "";
    assert.ok(description.length <= 160, `${description.length} characters`);
    assert.match(description, /^(word )+word…$/);
  });

  test("keep a short first paragraph whole and cut one enormous word where it must", () => {
    assert.equal(articleDescription(null, bodyFromParagraphs(["Short one."])), "Short one.");
    assert.equal(truncateAtWord("x".repeat(300), 160), `${"x".repeat(159)}…`);
    assert.equal(articleDescription(null, bodyFromParagraphs([])), null);
  });
});

for (const database of testDatabases()) {
  describe(`article and front page metadata on ${database.name}`, () => {
    let demo: DemoApp;
    const urls = new Map<Lang, string>();

    before(async () => {
      demo = await startDemoApp(database);
      for (const lang of LANGS) urls.set(lang, await articleHref(demo, lang, lead?.editions[lang]?.title));
    });
    after(() => demo.close());

    const load = async (href: string) => {
      const response = await demo.app.inject(href);
      assert.equal(response.statusCode, 200, href);
      return parsePage(response.body);
    };
    /** An absolute URL of ours answers 200, asked of the app as a browser or a crawler would. */
    const assertServed = async (absolute: string, type: RegExp) => {
      const url = new URL(absolute);
      assert.equal(url.origin, ORIGIN);
      const response = await demo.app.inject({ url: url.pathname, headers: { host: url.host } });
      assert.equal(response.statusCode, 200, absolute);
      assert.match(String(response.headers["content-type"]), type);
    };

    for (const lang of LANGS) {
      const text = lead?.editions[lang];
      const expected = EXPECTED[lang];

      test(`${lang}: NewsArticle JSON-LD describes the article in every field`, async () => {
        const document = await load(urls.get(lang) ?? "");
        const canonical = `${ORIGIN}${urls.get(lang)}`;
        const scripts = [...document.querySelectorAll('script[type="application/ld+json"]')];
        assert.equal(scripts.length, 1);
        const ld = JSON.parse(scripts[0]?.textContent ?? "") as Record<string, unknown>;
        assert.equal(ld["@context"], "https://schema.org");
        assert.equal(ld["@type"], "NewsArticle");
        assert.equal(ld.headline, text?.title);
        assert.equal(ld.url, canonical);
        assert.deepEqual(ld.mainEntityOfPage, { "@type": "WebPage", "@id": canonical });
        assert.equal(ld.inLanguage, expected.locale);
        assert.equal(ld.articleSection, expected.section);
        assert.deepEqual(ld.author, [
          { "@type": "Person", name: "Tribune Newsroom", url: `${ORIGIN}/${lang}/author/tribune-newsroom` },
        ]);
        assert.deepEqual(ld.publisher, {
          "@type": "Organization",
          name: "Tribune",
          url: `${ORIGIN}/${lang}/`,
        });
        assert.equal(
          ld.description,
          document.querySelector('meta[name="description"]')?.getAttribute("content"),
        );

        const published = String(ld.datePublished);
        const modified = String(ld.dateModified);
        assert.match(published, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        assert.ok(Date.parse(modified) >= Date.parse(published), `${modified} >= ${published}`);
        // The address carries the day of publication where the edition is (São Paulo's evening is
        // already tomorrow in UTC).
        const timeZone = demo.config.editions.find((edition) => edition.code === lang)?.timeZone;
        const localDay = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date(published));
        assert.ok(
          urls.get(lang)?.includes(localDay.replaceAll("-", "/")),
          `${urls.get(lang)} on ${localDay}`,
        );

        const images = ld.image as string[];
        assert.ok(Array.isArray(images) && images.length === 3, "three JPEG variants");
        assert.match(images[0] ?? "", /-1200\.jpg$/, "the largest first");
        for (const image of images) await assertServed(image, /^image\/jpeg$/);

        const original = `${ORIGIN}${urls.get("en")}`;
        if (lang === "en") {
          assert.equal(ld.isBasedOn, undefined);
          assert.equal(ld.translationOfWork, undefined);
          assert.deepEqual(
            (ld.workTranslation as { url: string; inLanguage: string }[]).map((t) => [t.inLanguage, t.url]),
            [
              ["pt-BR", `${ORIGIN}${urls.get("pt")}`],
              ["es-ES", `${ORIGIN}${urls.get("es")}`],
            ],
          );
        } else {
          const basedOn = { "@type": "NewsArticle", "@id": original, url: original };
          assert.deepEqual(ld.isBasedOn, basedOn);
          assert.deepEqual(ld.translationOfWork, basedOn);
          await assertServed(original, /^text\/html/);
        }
      });

      test(`${lang}: the description is the first paragraph, cut at a word near 160 characters`, async () => {
        const document = await load(urls.get(lang) ?? "");
        const description = document.querySelector('meta[name="description"]')?.getAttribute("content") ?? "";
        const first = String(text?.body[0]).replace(/\s+/g, " ");
        assert.ok(description.length <= 160 && description.length > 100, description);
        assert.ok(description.endsWith("…"));
        const kept = description.slice(0, -1);
        assert.ok(first.startsWith(kept), "a prefix of the first paragraph");
        assert.match(first.slice(kept.length), /^[\s,;:.]/, "cut between words");
      });

      test(`${lang}: OpenGraph and Twitter tags carry absolute URLs that answer`, async () => {
        const document = await load(urls.get(lang) ?? "");
        const og = metaMap(document, "property");
        const twitter = metaMap(document, "name");
        const canonical = `${ORIGIN}${urls.get(lang)}`;
        assert.deepEqual(og.get("og:type"), ["article"]);
        assert.deepEqual(og.get("og:title"), [text?.title]);
        assert.deepEqual(og.get("og:url"), [canonical]);
        assert.deepEqual(og.get("og:site_name"), ["Tribune"]);
        assert.deepEqual(og.get("og:locale"), [expected.og]);
        assert.deepEqual(
          og.get("og:locale:alternate"),
          LANGS.filter((l) => l !== lang).map((l) => EXPECTED[l].og),
        );
        assert.deepEqual(og.get("og:description"), [
          document.querySelector('meta[name="description"]')?.getAttribute("content"),
        ]);
        const [image] = og.get("og:image") ?? [];
        assert.match(image ?? "", /^http:\/\/tribune\.test\/media\/.+-1200\.jpg$/);
        await assertServed(image ?? "", /^image\/jpeg$/);
        await assertServed(canonical, /^text\/html/);
        assert.deepEqual(og.get("og:image:width"), ["1200"]);
        assert.deepEqual(og.get("og:image:height"), ["800"]);
        assert.deepEqual(og.get("og:image:alt"), [text?.caption]);
        assert.match(og.get("article:published_time")?.[0] ?? "", /^\d{4}-\d{2}-\d{2}T/);
        assert.match(og.get("article:modified_time")?.[0] ?? "", /^\d{4}-\d{2}-\d{2}T/);
        assert.deepEqual(og.get("article:section"), [expected.section]);
        const tags = og.get("article:tag") ?? [];
        assert.equal(tags.length, 6);
        for (const tag of [...expected.tags, expected.section]) assert.ok(tags.includes(tag), tag);
        assert.deepEqual(twitter.get("twitter:card"), ["summary_large_image"]);
        assert.deepEqual(twitter.get("twitter:title"), [text?.title]);
        assert.deepEqual(twitter.get("twitter:image"), [image]);
        assert.deepEqual(twitter.get("twitter:image:alt"), [text?.caption]);
      });

      test(`${lang}: the front page has OpenGraph basics`, async () => {
        const document = await load(`/${lang}/`);
        const og = metaMap(document, "property");
        assert.deepEqual(og.get("og:type"), ["website"]);
        assert.deepEqual(og.get("og:url"), [`${ORIGIN}/${lang}/`]);
        assert.deepEqual(og.get("og:site_name"), ["Tribune"]);
        assert.deepEqual(og.get("og:locale"), [expected.og]);
        assert.equal(og.get("og:locale:alternate")?.length, 2);
        assert.deepEqual(og.get("og:title"), [document.querySelector("title")?.textContent?.split(" | ")[0]]);
        assert.deepEqual(metaMap(document, "name").get("twitter:card"), ["summary"]);
        await assertServed(og.get("og:url")?.[0] ?? "", /^text\/html/);
      });
    }

    test("a story without a photo gets a summary card and no image", async () => {
      const document = await load(await articleHref(demo, "pt", sadr?.editions.pt?.title));
      assert.deepEqual(metaMap(document, "name").get("twitter:card"), ["summary"]);
      assert.equal(metaMap(document, "property").get("og:image"), undefined);
      const ld = JSON.parse(document.querySelector('script[type="application/ld+json"]')?.textContent ?? "");
      assert.equal(ld.image, undefined);
    });

    test("a summary becomes the description, and without a byline the publisher is the author", async () => {
      const row = await demo.database.db
        .selectFrom("articles")
        .select("id")
        .where("edition", "=", "es")
        .where("title", "=", lead?.editions.es?.title ?? "")
        .executeTakeFirstOrThrow();
      await new ArticleService(demo.database.db).updateArticle(row.id, {
        summary: "Un resumen escrito por la redacción.",
        authorId: null,
      });
      const document = await load(urls.get("es") ?? "");
      const ld = JSON.parse(document.querySelector('script[type="application/ld+json"]')?.textContent ?? "");
      assert.equal(ld.description, "Un resumen escrito por la redacción.");
      assert.deepEqual(metaMap(document, "property").get("og:description"), [ld.description]);
      assert.deepEqual(ld.author, [{ "@type": "Organization", name: "Tribune", url: `${ORIGIN}/es/` }]);
      assert.ok(Date.parse(ld.dateModified) > Date.parse(ld.datePublished));
    });
  });
}

/** The link to the article titled `title` on an edition's front page. */
async function articleHref(demo: DemoApp, lang: string, title: string | undefined): Promise<string> {
  const front = parsePage((await demo.app.inject(`/${lang}/`)).body);
  const link = [...front.querySelectorAll("main a")].find((a) => a.textContent === title);
  assert.ok(link, `the ${lang} front page links to "${title}"`);
  return link.getAttribute("href") ?? "";
}

/** Meta tags by `property` or `name`, every value in document order. */
function metaMap(document: Document, attribute: "property" | "name"): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const meta of document.querySelectorAll(`meta[${attribute}]`)) {
    const key = meta.getAttribute(attribute) ?? "";
    map.set(key, [...(map.get(key) ?? []), meta.getAttribute("content") ?? ""]);
  }
  return map;
}
