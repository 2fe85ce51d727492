import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";

const MAX_ARTICLE_HTML_BYTES = 50 * 1024;
const MAX_CSS_BYTES = 20 * 1024;

const lead = loadDemoFixture().articles[0];
const LANGS = ["en", "pt", "es"] as const;

/** Elements that make the browser fetch something, and the attributes that name what. */
const RESOURCE_ATTRIBUTES: Record<string, string[]> = {
  link: ["href"],
  script: ["src"],
  img: ["src", "srcset"],
  source: ["src", "srcset"],
  iframe: ["src"],
  video: ["src", "poster"],
  audio: ["src"],
  track: ["src"],
  embed: ["src"],
  object: ["data"],
  input: ["src"],
};

/** The URLs in an attribute: one for src/href, each candidate's URL for srcset. */
function urlsIn(attribute: string, value: string): string[] {
  if (attribute !== "srcset") return [value.trim()];
  return value
    .split(",")
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? "")
    .filter(Boolean);
}

for (const database of testDatabases()) {
  describe(`page weight and resources on ${database.name}`, () => {
    let demo: DemoApp;
    let siteOrigin = "";
    const pages = new Map<string, string>();

    before(async () => {
      demo = await startDemoApp(database);
      siteOrigin = new URL(demo.config.publicUrl).origin;
      for (const lang of LANGS) {
        const front = await demo.app.inject(`/${lang}/`);
        pages.set(`/${lang}/`, front.body);
        const title = lead?.editions[lang]?.title;
        const link = [...parsePage(front.body).querySelectorAll("main a")].find(
          (a) => a.textContent === title,
        );
        assert.ok(link, `the ${lang} front page links to "${title}"`);
        const articlePath = link.getAttribute("href") ?? "";
        const article = await demo.app.inject(articlePath);
        assert.equal(article.statusCode, 200);
        pages.set(articlePath, article.body);
        const tagHref = parsePage(article.body).querySelector("nav.tags a")?.getAttribute("href") ?? "";
        pages.set(tagHref, (await demo.app.inject(tagHref)).body);
        pages.set(`/${lang}/no-such-page`, (await demo.app.inject(`/${lang}/no-such-page`)).body);
      }
    });
    after(() => demo.close());

    const articlePaths = () => [...pages.keys()].filter((path) => /\/\d{4}\/\d{2}\/\d{2}\//.test(path));

    test("an article page is at most 50 KB of HTML before compression", () => {
      assert.equal(articlePaths().length, LANGS.length);
      for (const path of articlePaths()) {
        const bytes = Buffer.byteLength(pages.get(path) ?? "");
        assert.ok(bytes <= MAX_ARTICLE_HTML_BYTES, `${path} is ${bytes} bytes of HTML`);
      }
    });

    test("the stylesheet is at most 20 KB before compression, and the only one", async () => {
      for (const [path, html] of pages) {
        const sheets = [...parsePage(html).querySelectorAll('link[rel="stylesheet"]')];
        assert.equal(sheets.length, 1, `${path} links one stylesheet`);
        assert.equal(parsePage(html).querySelectorAll("style").length, 0, `${path} has no <style>`);
        const href = sheets[0]?.getAttribute("href") ?? "";
        const css = await demo.app.inject(href);
        assert.equal(css.statusCode, 200, `${href} is served`);
        assert.match(String(css.headers["content-type"]), /^text\/css/);
        assert.ok(css.rawPayload.length <= MAX_CSS_BYTES, `${href} is ${css.rawPayload.length} bytes`);
      }
    });

    test("pages load nothing from another origin; only plain <a> links lead elsewhere", () => {
      const foreign: string[] = [];
      for (const [path, html] of pages) {
        const document = parsePage(html);
        for (const [tag, attributes] of Object.entries(RESOURCE_ATTRIBUTES)) {
          for (const element of document.querySelectorAll(tag)) {
            for (const attribute of attributes) {
              const value = element.getAttribute(attribute);
              if (value === null) continue;
              for (const url of urlsIn(attribute, value)) {
                const resolved = new URL(url, `${siteOrigin}${path}`);
                if (resolved.origin !== siteOrigin) foreign.push(`${path}: <${tag} ${attribute}="${url}">`);
              }
            }
          }
        }
        // Outbound links are fine, as long as they are plain links and not, say, javascript: URLs.
        for (const anchor of document.querySelectorAll("a[href]")) {
          const href = anchor.getAttribute("href") ?? "";
          const protocol = new URL(href, `${siteOrigin}${path}`).protocol;
          if (protocol !== "http:" && protocol !== "https:" && protocol !== "mailto:") {
            foreign.push(`${path}: <a href="${href}">`);
          }
        }
      }
      assert.deepEqual(foreign, []);
    });

    test("pages have no inline script but JSON-LD, no event handler attributes and no style attributes", () => {
      const found: string[] = [];
      for (const [path, html] of pages) {
        const document = parsePage(html);
        for (const script of document.querySelectorAll("script")) {
          const type = script.getAttribute("type");
          if (!script.hasAttribute("src") && type !== "application/ld+json") {
            found.push(`${path}: inline <script type="${type ?? ""}">`);
          }
        }
        for (const element of document.querySelectorAll("*")) {
          for (const name of element.getAttributeNames()) {
            if (name === "style" || name.startsWith("on")) {
              found.push(`${path}: <${element.tagName.toLowerCase()} ${name}>`);
            }
          }
        }
      }
      assert.deepEqual(found, []);
    });
  });
}
