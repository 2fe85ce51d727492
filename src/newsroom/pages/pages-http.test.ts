import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { demoNewsroom } from "../../../test/support/demo-newsroom.ts";
import { parsePage } from "../../../test/support/html.ts";
import { PageService } from "../../pages/page-service.ts";

for (const database of testDatabases()) {
  describe(`the newsroom's pages desk on ${database.name}`, () => {
    const newsroom = demoNewsroom(database);
    const pages = () => new PageService(newsroom.db);
    const reader = (url: string) => newsroom.demo.app.inject(url);

    test("lists every edition's pages with status and footer place, and the nav links to it", async () => {
      const { editor } = newsroom.users;
      const response = await editor.get("/newsroom/pages?edition=pt");
      assert.equal(response.statusCode, 200);
      const document = parsePage(response.body);
      const rows = [...document.querySelectorAll(".pages-list tbody tr")].map((row) => row.textContent ?? "");
      assert.equal(rows.length, 2);
      assert.match(rows[0] ?? "", /Quem somos.*pt.*\/quem-somos.*published.*yes, 1.*en, es/);
      assert.equal(
        document.querySelector('nav a[href="/newsroom/pages"][aria-current="page"]')?.textContent,
        "Pages",
      );
    });

    test("an editor creates a page without script, publishes it, and readers find it and its footer link", async () => {
      const { editor } = newsroom.users;
      assert.equal((await editor.get("/newsroom/pages/new?edition=en")).statusCode, 200);
      const created = await editor.post("/newsroom/pages/new?edition=en", {
        title: "Contact",
        slug: "",
        metaDescription: "How to reach the newsroom.",
        bodyText: "Write to newsroom@tribune.example.\n\nWe answer within two days.",
        inFooter: "1",
        footerPosition: "3",
      });
      assert.equal(created.statusCode, 303);
      const editUrl = String(created.headers.location).split("?")[0] ?? "";
      assert.match(editUrl, /^\/newsroom\/pages\/\d+\/edit$/);
      assert.equal((await reader("/en/contact")).statusCode, 404, "a draft is not there for readers");
      const id = Number(editUrl.split("/")[3]);
      assert.equal((await editor.post(`/newsroom/pages/${id}/publish`)).statusCode, 303);
      const page = parsePage((await reader("/en/contact")).body);
      assert.equal(page.querySelectorAll("main .body p").length, 2);
      assert.equal(
        page.querySelector('meta[name="description"]')?.getAttribute("content"),
        "How to reach the newsroom.",
      );
      const front = parsePage((await reader("/en/")).body);
      assert.deepEqual(
        [...front.querySelectorAll(".footer-pages a")].map((a) => a.textContent),
        ["About us", "Privacy", "Contact"],
      );
      const audit = await newsroom.db
        .selectFrom("auditLog")
        .select(["action", "subjectId"])
        .where("subjectType", "=", "page")
        .execute();
      assert.ok(audit.some((entry) => entry.action === "page.create" && entry.subjectId === String(id)));
      assert.ok(audit.some((entry) => entry.action === "page.publish" && entry.subjectId === String(id)));
    });

    test("a preview shows a draft page as readers will get it, never cached, to those who may edit it", async () => {
      const { contributor, editor } = newsroom.users;
      await editor.get("/newsroom/pages/new?edition=pt");
      const created = await editor.post("/newsroom/pages/new?edition=pt", {
        title: "Correções",
        slug: "",
        bodyText: "Corrigimos os erros assim que os encontramos.",
      });
      const id = Number(String(created.headers.location).split("/")[3]);
      const editorPage = parsePage((await editor.get(`/newsroom/pages/${id}/edit`)).body);
      assert.ok(
        editorPage.querySelector(`a[href="/newsroom/pages/${id}/preview"]`),
        "the editor links to it",
      );

      const preview = await editor.get(`/newsroom/pages/${id}/preview`);
      assert.equal(preview.statusCode, 200);
      assert.equal(preview.headers["cache-control"], "no-store");
      assert.equal(preview.headers["surrogate-key"], undefined, "nothing for a cache to keep");
      const document = parsePage(preview.body);
      assert.equal(document.querySelector("html")?.getAttribute("lang"), "pt-BR");
      assert.equal(document.querySelector("main h1")?.textContent, "Correções");
      assert.match(document.querySelector("main .body")?.textContent ?? "", /Corrigimos os erros/);
      assert.match(
        document.querySelector("[data-preview-banner]")?.textContent ?? "",
        /Preview — not published\. This is how readers will see the page\./,
      );
      assert.ok(document.querySelector(`[data-preview-banner] a[href="/newsroom/pages/${id}/edit"]`));
      assert.equal((await reader("/pt/correcoes")).statusCode, 404, "readers still find nothing there");

      assert.equal((await contributor.get(`/newsroom/pages/${id}/preview`)).statusCode, 403);
      assert.equal((await editor.get("/newsroom/pages/999999/preview")).statusCode, 404);
      assert.equal((await editor.get("/newsroom/pages/abc/preview")).statusCode, 400);

      // Once published, the preview is the reader's page with the banner above it.
      assert.equal((await editor.post(`/newsroom/pages/${id}/publish`)).statusCode, 303);
      const published = parsePage((await editor.get(`/newsroom/pages/${id}/preview`)).body);
      const readerPage = parsePage((await reader("/pt/correcoes")).body);
      assert.ok(readerPage.querySelector("main article h1"));
      assert.equal(
        published.querySelector("main article")?.outerHTML,
        readerPage.querySelector("main article")?.outerHTML,
      );
      assert.match(
        published.querySelector("[data-preview-banner]")?.textContent ?? "",
        /Preview — published\./,
      );
    });

    test("refuses a reserved or taken slug with the reason, keeping what was typed", async () => {
      const { editor } = newsroom.users;
      await editor.get("/newsroom/pages/new?edition=en");
      const reserved = await editor.post("/newsroom/pages/new?edition=en", {
        title: "Search tips",
        slug: "search",
        bodyText: "Use quotes for an exact phrase.",
      });
      assert.equal(reserved.statusCode, 400);
      const document = parsePage(reserved.body);
      assert.match(
        document.querySelector('[role="alert"]')?.textContent ?? "",
        /"search" is the start of other addresses/,
      );
      assert.equal(document.querySelector('input[name="title"]')?.getAttribute("value"), "Search tips");
      assert.match(document.querySelector('textarea[name="bodyText"]')?.textContent ?? "", /exact phrase/);
      for (const slug of ["tag", "author", "feed", "sitemap", "2024"]) {
        const response = await editor.post("/newsroom/pages/new?edition=en", {
          title: "X",
          slug,
          bodyText: "x",
        });
        assert.equal(response.statusCode, 400, slug);
      }
      const taken = await editor.post("/newsroom/pages/new?edition=en", {
        title: "About",
        slug: "about-us",
        bodyText: "x",
      });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /already used by another page/);
    });

    test("bad input answers 4xx and stores nothing: an unknown edition, a broken body, a bad position", async () => {
      const { editor } = newsroom.users;
      const before = (await pages().list(null)).length;
      await editor.get("/newsroom/pages");
      assert.equal((await editor.get("/newsroom/pages/new?edition=xx")).statusCode, 400);
      const broken = await editor.post("/newsroom/pages/new?edition=en", {
        title: "Broken",
        bodyJson: '{"type":"doc","content":[{"type":"script"}]}',
      });
      assert.equal(broken.statusCode, 400);
      const notJson = await editor.post("/newsroom/pages/new?edition=en", { title: "Broken", bodyJson: "{" });
      assert.equal(notJson.statusCode, 400);
      const position = await editor.post("/newsroom/pages/new?edition=en", {
        title: "Broken",
        bodyText: "x",
        footerPosition: "-3",
      });
      assert.equal(position.statusCode, 400);
      assert.equal((await editor.get("/newsroom/pages/999999/edit")).statusCode, 404);
      // Not an id at all: the route's schema refuses it (400), as it does any malformed path.
      assert.equal((await editor.get("/newsroom/pages/abc/edit")).statusCode, 400);
      assert.equal((await pages().list(null)).length, before);
    });

    test("refuses a post without the CSRF token", async () => {
      const { editor } = newsroom.users;
      const response = await editor.post("/newsroom/pages/new?edition=en", {
        _csrf: "",
        title: "No token",
        bodyText: "x",
      });
      assert.equal(response.statusCode, 403);
    });

    test("a translation starts from the original, is published by an editor, and the pages link each other", async () => {
      const { editor, translator } = newsroom.users;
      const original = await editor.post("/newsroom/pages/new?edition=en", {
        title: "Terms of use",
        bodyText: "You may quote our stories with a link to them.",
      });
      const originalId = Number(String(original.headers.location).split("/")[3]);
      await editor.post(`/newsroom/pages/${originalId}/publish`);
      // The translator (assigned to pt) starts and writes the translation, and may not publish it.
      await translator.get(`/newsroom/pages/${originalId}/edit`).then((r) => assert.equal(r.statusCode, 403));
      const started = await editor.post(`/newsroom/pages/${originalId}/translate`, { edition: "pt" });
      assert.equal(started.statusCode, 303);
      const translationUrl = String(started.headers.location).split("?")[0] ?? "";
      const form = parsePage((await translator.get(translationUrl)).body);
      assert.equal(form.querySelector('input[name="title"]')?.getAttribute("value"), "Terms of use");
      const saved = await translator.post(translationUrl, {
        title: "Termos de uso",
        slug: "termos-de-uso",
        bodyText: "Você pode citar as nossas reportagens com um link para elas.",
      });
      assert.equal(saved.statusCode, 303);
      const translationId = Number(translationUrl.split("/")[3]);
      assert.equal((await translator.post(`/newsroom/pages/${translationId}/publish`)).statusCode, 403);
      await editor.post(`/newsroom/pages/${translationId}/publish`);
      const pt = parsePage((await reader("/pt/termos-de-uso")).body);
      assert.equal(pt.querySelector("main h1")?.textContent, "Termos de uso");
      assert.equal(
        pt.querySelector('header nav.edition-switcher a[hreflang="en"]')?.getAttribute("href"),
        "/en/terms-of-use",
      );
      const en = parsePage((await reader("/en/terms-of-use")).body);
      assert.equal(
        en.querySelector('link[rel="alternate"][hreflang="pt"]')?.getAttribute("href"),
        "http://tribune.test/pt/termos-de-uso",
      );
    });

    test("contributors may not open the pages desk; deleting asks first and then takes the page down", async () => {
      const { contributor, editor } = newsroom.users;
      assert.equal((await contributor.get("/newsroom/pages")).statusCode, 403);
      const created = await editor.post("/newsroom/pages/new?edition=es", {
        title: "Aviso legal",
        bodyText: "Texto.",
      });
      const id = Number(String(created.headers.location).split("/")[3]);
      await editor.post(`/newsroom/pages/${id}/publish`);
      assert.equal((await reader("/es/aviso-legal")).statusCode, 200);
      assert.equal(
        (await contributor.post(`/newsroom/pages/${id}/delete`, { confirm: "yes" })).statusCode,
        403,
      );
      const confirm = await editor.get(`/newsroom/pages/${id}/delete`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Delete this page\?/);
      const unconfirmed = await editor.post(`/newsroom/pages/${id}/delete`);
      assert.equal(unconfirmed.statusCode, 303);
      assert.equal((await reader("/es/aviso-legal")).statusCode, 200, "nothing deleted without confirming");
      const deleted = await editor.post(`/newsroom/pages/${id}/delete`, { confirm: "yes" });
      assert.equal(deleted.statusCode, 303);
      assert.equal((await reader("/es/aviso-legal")).statusCode, 404);
    });
  });
}
