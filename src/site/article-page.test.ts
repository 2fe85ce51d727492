import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { firstOutOfOrder, parsePage, visibleText } from "../../test/support/html.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";

const fixture = loadDemoFixture();
const lead = fixture.articles[0];
const seedPageLines = (await import("node:fs"))
  .readFileSync(new URL("../seed/seed-page.txt", import.meta.url), "utf8")
  .split("\n")
  // The dump has non-breaking spaces where the page had &nbsp;: compare text, not space characters.
  .map((line) => line.replace(/\s+/g, " ").trim())
  .filter(Boolean)
  // The dump repeats the photo caption (its text alternative, then the caption itself).
  .filter((line, index, lines) => line !== lines[index - 1])
  // The page had two "Show Comments" (a link under the tags, the section after the promotion);
  // Tribune has one control, where the first one was.
  .filter((line, index, lines) => line !== "Show Comments" || lines.indexOf(line) === index)
  // The page's "Portuguese / Spanish / English" is the header's edition switcher on every page type,
  // each language named in itself (list items, so no separator in the text).
  .map((line) => (line === "Portuguese / Spanish / English" ? "EnglishPortuguêsEspañol" : line));

const EXPECTED = {
  en: {
    locale: "en-GB",
    comments: "Show Comments",
    count: "Show Comments (0)",
    read: "READ",
  },
  pt: {
    locale: "pt-BR",
    comments: "Mostrar comentários",
    count: "Mostrar comentários (0)",
    read: "LEIA",
  },
  es: {
    locale: "es-ES",
    comments: "Mostrar comentarios",
    count: "Mostrar comentarios (0)",
    read: "LEA",
  },
} as const;
type Lang = keyof typeof EXPECTED;
const LANGS = Object.keys(EXPECTED) as Lang[];

for (const database of testDatabases()) {
  describe(`the seed story on ${database.name}`, () => {
    let demo: DemoApp;
    const urls = new Map<Lang, string>();

    before(async () => {
      demo = await startDemoApp(database);
      for (const lang of LANGS) {
        const front = parsePage((await demo.app.inject(`/${lang}/`)).body);
        const title = lead?.editions[lang]?.title ?? "";
        const link = [...front.querySelectorAll(".front a")].find((a) => a.textContent === title);
        assert.ok(link, `the ${lang} front page links to "${title}"`);
        urls.set(lang, link.getAttribute("href") ?? "");
      }
    });
    after(() => demo.close());

    const get = async (url: string, headers: Record<string, string> = {}) =>
      demo.app.inject({ url, headers });
    const page = async (lang: Lang) => {
      const response = await get(urls.get(lang) ?? "");
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /^text\/html; charset=utf-8/);
      return parsePage(response.body);
    };

    test("serves the English article with every element of the seed page in its order", async () => {
      const text = visibleText(await page("en"));
      assert.equal(firstOutOfOrder(text, seedPageLines), null);
    });

    for (const lang of LANGS) {
      const edition = lead?.editions[lang];
      const expected = EXPECTED[lang];

      test(`${lang}: article URLs follow /${lang}/yyyy/mm/dd/slug`, () => {
        assert.match(urls.get(lang) ?? "", new RegExp(`^/${lang}/\\d{4}/\\d{2}/\\d{2}/[a-z0-9-]+$`));
      });

      test(`${lang}: the page is in the edition's language with its headline`, async () => {
        const document = await page(lang);
        assert.equal(document.documentElement.getAttribute("lang"), expected.locale);
        assert.equal(document.querySelector("h1")?.textContent, edition?.title);
        assert.match(
          document.querySelector("title")?.textContent ?? "",
          new RegExp(`^${escapeRegExp(edition?.title)}`),
        );
      });

      test(`${lang}: the header's switcher links exactly to the other translations, and hreflang alternates match`, async () => {
        const document = await page(lang);
        // One switcher per page: the header's, each language named in itself, as on every page type.
        assert.equal(document.querySelectorAll("nav.edition-switcher").length, 1);
        const switcher = document.querySelector("header nav.edition-switcher");
        assert.deepEqual(
          [...(switcher?.querySelectorAll("li") ?? [])].map((li) => li.textContent),
          ["English", "Português", "Español"],
        );
        const links = [...(switcher?.querySelectorAll("a") ?? [])].map((a) => a.getAttribute("href"));
        assert.deepEqual(
          links.sort(),
          LANGS.filter((l) => l !== lang)
            .map((l) => urls.get(l))
            .sort(),
        );
        assert.equal(switcher?.querySelector("[aria-current=page]")?.tagName, "SPAN");
        const alternates = [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => [
          l.getAttribute("hreflang"),
          l.getAttribute("href"),
        ]);
        assert.deepEqual(alternates, [
          ...LANGS.map((l) => [l, `http://tribune.test${urls.get(l)}`]),
          ["x-default", `http://tribune.test${urls.get("en")}`],
        ]);
        const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute("href");
        assert.equal(canonical, `http://tribune.test${urls.get(lang)}`);
      });

      test(`${lang}: the hero photo has responsive variants, the caption in ${lang} and the shared credit`, async () => {
        const document = await page(lang);
        const figure = document.querySelector("figure.hero");
        assert.equal(
          figure?.querySelector("figcaption")?.textContent,
          `${edition?.caption} [${lead?.image?.credit}]`,
        );
        const img = figure?.querySelector("img");
        assert.equal(img?.getAttribute("alt"), edition?.caption);
        const srcset = img?.getAttribute("srcset") ?? "";
        assert.deepEqual(
          srcset.split(", ").map((candidate) => candidate.split(" ")[1]),
          ["480w", "800w", "1200w"],
        );
        assert.match(
          figure?.querySelector('source[type="image/webp"]')?.getAttribute("srcset") ?? "",
          /1200w/,
        );
        for (const candidate of srcset.split(", ")) {
          const image = await get(candidate.split(" ")[0] ?? "");
          assert.equal(image.statusCode, 200);
          assert.equal(image.headers["content-type"], "image/jpeg");
        }
      });

      test(`${lang}: the body is the ${lang} text, paragraph by paragraph, with the source shown`, async () => {
        const document = await page(lang);
        const paragraphs = [...document.querySelectorAll(".body > p:not(.read-callout)")].map(
          (p) => p.textContent,
        );
        assert.deepEqual(
          paragraphs,
          edition?.body.filter((part) => typeof part === "string"),
        );
        assert.equal(document.querySelector(".source")?.textContent?.includes("Middle East Eye (MEE)"), true);
      });

      test(`${lang}: READ callouts link to the related stories in ${lang}, or in English marked as such`, async () => {
        const document = await page(lang);
        const callouts = [...document.querySelectorAll(".read-callout")];
        assert.equal(callouts.length, 2);
        const [sadr, krg] = callouts;
        const sadrTitle = fixture.articles[1]?.editions[lang]?.title;
        assert.equal(sadr?.textContent, `${expected.read}: ${sadrTitle}`);
        assert.equal(sadr?.querySelector("a")?.hasAttribute("lang"), false);
        const krgTitle = fixture.articles[2]?.editions.en?.title;
        if (lang === "en") {
          assert.equal(krg?.textContent, `${expected.read}: ${krgTitle}`);
        } else {
          assert.equal(krg?.querySelector("a")?.getAttribute("lang"), "en-GB");
          assert.equal(krg?.querySelector("a")?.textContent, krgTitle);
          assert.match(
            krg?.querySelector(".language-note")?.textContent ?? "",
            lang === "pt" ? /\(em inglês\)/ : /\(en inglés\)/,
          );
        }
        for (const callout of callouts) {
          const target = await get(callout.querySelector("a")?.getAttribute("href") ?? "");
          assert.equal(target.statusCode, 200);
        }
      });

      test(`${lang}: tags are named in ${lang} and link to archives that answer`, async () => {
        const document = await page(lang);
        const tags = [...document.querySelectorAll("nav.tags a")];
        const names = lead?.tags.map((key) => fixture.tags.find((t) => t.key === key)?.names[lang]);
        assert.deepEqual(
          tags.map((a) => a.textContent),
          names,
        );
        for (const tag of tags) {
          const archive = await get(tag.getAttribute("href") ?? "");
          assert.equal(archive.statusCode, 200);
          assert.ok(archive.body.includes(escapeHtml(edition?.title ?? "")), "the archive lists the story");
        }
      });

      test(`${lang}: one comments control, leading to the thread page, its count from its own URL`, async () => {
        // The article page carries no count (it stays cached however busy its thread); the count
        // URL answers it, and the page's script shows it.
        const document = await page(lang);
        // One control: the section's summary (a second link above it said the same thing).
        assert.equal(document.querySelectorAll(".comments-link, [data-comments-link]").length, 0);
        const details = document.querySelector("#comments details");
        const link = details?.querySelector(".comments-body a");
        assert.equal(link?.getAttribute("href"), `${urls.get(lang)}/comments`);
        assert.equal(details?.querySelector("summary")?.textContent, expected.comments);
        const count = await get(details?.getAttribute("data-count-url") ?? "");
        assert.equal(count.statusCode, 200);
        assert.equal(count.json().label, expected.count);
        assert.equal((await get(`${urls.get(lang)}/comments`)).statusCode, 200);
      });

      test(`${lang}: the promotion appears only where it is targeted (English)`, async () => {
        const document = await page(lang);
        const promotion = document.querySelector("aside.promotion");
        if (lang === "en") {
          assert.equal(
            promotion?.textContent,
            `${fixture.promotion.headline} - ${fixture.promotion.text} - ${fixture.promotion.cta}`,
          );
          // The link counts the click, then leads to the promotion's own address.
          const click = promotion?.querySelector("a")?.getAttribute("href") ?? "";
          assert.match(click, /^\/promo\/\d+\/click\?e=en$/);
          const followed = await get(click);
          assert.equal(followed.statusCode, 302);
          assert.equal(followed.headers.location, fixture.promotion.href);
        } else {
          assert.equal(promotion, null);
        }
      });

      test(`${lang}: dates are shown in the edition's locale and time zone`, async () => {
        const document = await page(lang);
        const time = document.querySelector(".meta time");
        const iso = time?.getAttribute("datetime") ?? "";
        assert.match(iso, /^\d{4}-\d{2}-\d{2}T/);
        const zone = { en: "Europe/London", pt: "America/Sao_Paulo", es: "Europe/Madrid" }[lang];
        const localized = new Intl.DateTimeFormat(expected.locale, {
          dateStyle: "long",
          timeStyle: "short",
          timeZone: zone,
        }).format(new Date(iso));
        assert.equal(time?.textContent, localized);
      });

      test(`${lang}: an unknown path answers a localized 404 page`, async () => {
        const response = await get(`/${lang}/2020/01/01/no-such-story`);
        assert.equal(response.statusCode, 404);
        const document = parsePage(response.body);
        assert.equal(document.documentElement.getAttribute("lang"), expected.locale);
        const title = { en: "Page not found", pt: "Página não encontrada", es: "Página no encontrada" }[lang];
        assert.equal(document.querySelector("h1")?.textContent, title);
      });
    }

    test("a path outside every edition answers the default edition's 404, and / goes to the default edition", async () => {
      const missing = await get("/nowhere/at/all");
      assert.equal(missing.statusCode, 404);
      assert.equal(parsePage(missing.body).querySelector("h1")?.textContent, "Page not found");
      const root = await get("/");
      assert.equal(root.statusCode, 302);
      assert.equal(root.headers.location, "/en/");
    });

    test("an article URL with the wrong date redirects permanently to the right one", async () => {
      const url = urls.get("en") ?? "";
      const wrong = url.replace(/\/\d{4}\/\d{2}\/\d{2}\//, "/2001/01/01/");
      const response = await get(wrong);
      assert.equal(response.statusCode, 301);
      assert.equal(response.headers.location, `http://tribune.test${url}`);
    });

    test("/healthz answers ok", async () => {
      const response = await get("/healthz");
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: "ok" });
    });
  });
}

function escapeRegExp(text = ""): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
