import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseFeed } from "@rowanmanning/feed-parser";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInEveryRole } from "../../../test/support/newsroom.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import type { ArticleRow } from "../../db/schema.ts";
import type { Edition } from "../../editions/edition.ts";
import { formatDateTime } from "../../shared/i18n/format.ts";
import { createDraft, moveTo, readerPath } from "./workflow-test-support.ts";

const CORRECTION = "Uma versão anterior desta reportagem errou a data do cessar-fogo: foi 3 de março.";

/** The message of a newsroom error (or refused form), as the person reads it. */
const errorOf = (html: string) => parsePage(html).querySelector("p.error")?.textContent ?? "";

for (const database of testDatabases()) {
  describe(`corrections over HTTP on ${database.name}`, () => {
    let demo: DemoApp;
    let users: Record<Role, NewsroomSession>;
    let pt: Edition;

    before(async () => {
      // The page cache on: a correction must reach readers through it, at once.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      users = await signInEveryRole(demo.app, demo.database.db);
      pt = demo.config.editions.find((edition) => edition.code === "pt") as Edition;
    });
    after(() => demo.close());

    const db = () => demo.database.db;
    const admin = () => ({ id: users.admin.user.id, role: "admin" as const, editions: [] });
    const publishedPt = async (): Promise<ArticleRow> =>
      moveTo(
        db(),
        admin(),
        await createDraft(db(), users.contributor.user.id, { edition: "pt" }),
        "published",
      );
    const correctionsPath = (article: ArticleRow) => `/newsroom/articles/${article.id}/corrections`;
    const workflowPath = (article: ArticleRow) => `/newsroom/articles/${article.id}/workflow`;
    const atomEntry = async (article: ArticleRow) => {
      const response = await demo.app.inject("/pt/atom.xml");
      assert.equal(response.statusCode, 200);
      const feed = parseFeed(response.body);
      const entry = feed.items.find((item) => item.title === article.title);
      assert.ok(entry, "the article is in the edition's Atom feed");
      return { feedUpdated: feed.updated?.toISOString(), entryUpdated: entry.updated?.toISOString() };
    };

    test("an editor appends a correction from the workflow page; readers, JSON-LD and the Atom feed follow", async () => {
      const article = await publishedPt();
      const reader = readerPath(demo.config.publicUrl, pt, article);
      // Warm the page cache: the correction must purge what it changes.
      assert.equal((await demo.app.inject(reader)).statusCode, 200);
      const before = await atomEntry(article);

      const panel = await users.editor.get(workflowPath(article));
      const form = parsePage(panel.body).querySelector(`form[action="${correctionsPath(article)}"]`);
      assert.ok(form, "the workflow page of a published article has the corrections form");
      assert.ok(form.querySelector('textarea[name="text"]'));
      assert.match(form.textContent ?? "", /Publish correction/);

      const posted = await users.editor.post(correctionsPath(article), { text: CORRECTION });
      assert.equal(posted.statusCode, 303);
      assert.equal(posted.headers.location, `${workflowPath(article)}?done=correct#corrections`);
      const stored = await db()
        .selectFrom("articleCorrections")
        .selectAll()
        .where("articleId", "=", article.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.createdByUserId, users.editor.user.id);

      const after = await users.editor.get(`${workflowPath(article)}?done=correct`);
      const section = parsePage(after.body).querySelector("#corrections");
      assert.match(section?.textContent ?? "", /cessar-fogo/);
      assert.equal(section?.querySelector("time")?.getAttribute("datetime"), stored.correctedAt);
      assert.match(parsePage(after.body).querySelector(".notice")?.textContent ?? "", /readers see it now/);

      // The reader page, in Portuguese: a "Correção" block at the foot, dated in the edition's way.
      const page = parsePage((await demo.app.inject(reader)).body);
      const aside = page.querySelector("aside.corrections");
      assert.ok(aside, "the article shows its corrections");
      assert.equal(aside.getAttribute("aria-labelledby"), "corrections-heading");
      assert.equal(aside.querySelector("h2")?.textContent, "Correção");
      assert.equal(aside.querySelector("li p")?.textContent, CORRECTION);
      const time = aside.querySelector("time");
      assert.equal(time?.getAttribute("datetime"), stored.correctedAt);
      assert.equal(time?.textContent, formatDateTime(pt, stored.correctedAt));
      assert.match(time?.textContent ?? "", / de /, "a Portuguese date");
      assert.ok(
        page.querySelector(".body")?.compareDocumentPosition(aside) === 4,
        "after the body of the article",
      );

      const jsonLd = JSON.parse(
        page.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}",
      );
      assert.deepEqual(jsonLd.correction, [
        { "@type": "CorrectionComment", text: CORRECTION, datePublished: stored.correctedAt },
      ]);
      assert.equal(jsonLd.dateModified, stored.correctedAt);

      const moved = await atomEntry(article);
      assert.ok(before.entryUpdated && moved.entryUpdated && moved.entryUpdated > before.entryUpdated);
      assert.equal(moved.entryUpdated, stored.correctedAt);
      assert.equal(moved.feedUpdated, stored.correctedAt, "the feed's own updated moves too");

      // The month sitemap's lastmod for the article's address follows as well.
      const month = article.publishedAt?.slice(0, 7);
      const sitemap = (await demo.app.inject(`/sitemaps/pt-${month}.xml`)).body;
      const url = [...sitemap.matchAll(/<url>([\s\S]*?)<\/url>/g)].find((m) => m[1]?.includes(article.slug));
      assert.match(url?.[1] ?? "", new RegExp(`<lastmod>${stored.correctedAt}</lastmod>`));
    });

    test("contributors and translators get no form and a 403; nothing is stored", async () => {
      const article = await publishedPt();
      for (const role of ["contributor", "translator"] as const) {
        const panel = await users[role].get(workflowPath(article));
        assert.equal(panel.statusCode, 200);
        assert.equal(parsePage(panel.body).querySelector(`form[action="${correctionsPath(article)}"]`), null);
        const posted = await users[role].post(correctionsPath(article), { text: CORRECTION });
        assert.equal(posted.statusCode, 403);
        assert.match(errorOf(posted.body), /may not publish corrections/);
      }
      const rows = await db()
        .selectFrom("articleCorrections")
        .select("id")
        .where("articleId", "=", article.id)
        .execute();
      assert.deepEqual(rows, []);
    });

    test("an empty correction comes back on the workflow page with a 400; a draft is refused with why", async () => {
      const article = await publishedPt();
      const empty = await users.editor.post(correctionsPath(article), { text: "   " });
      assert.equal(empty.statusCode, 400);
      const page = parsePage(empty.body);
      assert.match(page.querySelector("#corrections p.error")?.textContent ?? "", /write the correction/);
      assert.ok(page.querySelector("#corrections textarea"), "the form is there to try again");

      const tooLong = "é".repeat(1001);
      const long = await users.editor.post(correctionsPath(article), { text: tooLong });
      assert.equal(long.statusCode, 400);
      assert.equal(parsePage(long.body).querySelector("#corrections textarea")?.textContent, tooLong);

      const draft = await createDraft(db(), users.contributor.user.id, { edition: "pt" });
      const refused = await users.editor.post(correctionsPath(draft), { text: CORRECTION });
      assert.equal(refused.statusCode, 400);
      assert.match(errorOf(refused.body), /Only a published article takes corrections; this one is draft/);
      const rows = await db()
        .selectFrom("articleCorrections")
        .select("id")
        .where("articleId", "in", [article.id, draft.id])
        .execute();
      assert.deepEqual(rows, []);
    });

    test("a correction is plain text: markup typed in it reaches readers escaped", async () => {
      const article = await publishedPt();
      const typed = 'O número certo é <b>9</b> <script>alert("x")</script>';
      assert.equal((await users.editor.post(correctionsPath(article), { text: typed })).statusCode, 303);
      const html = (await demo.app.inject(readerPath(demo.config.publicUrl, pt, article))).body;
      assert.ok(!html.includes('<script>alert("x")</script>'));
      const aside = parsePage(html).querySelector("aside.corrections");
      assert.equal(aside?.querySelector("li p")?.textContent, typed);
      assert.equal(aside?.querySelector("b"), null);
    });

    test("a correction added by mistake is withdrawn after a confirmation page, and readers no longer see it", async () => {
      const article = await publishedPt();
      await users.editor.post(correctionsPath(article), { text: CORRECTION });
      const reader = readerPath(demo.config.publicUrl, pt, article);
      assert.ok(parsePage((await demo.app.inject(reader)).body).querySelector("aside.corrections"));
      const { id } = await db()
        .selectFrom("articleCorrections")
        .select("id")
        .where("articleId", "=", article.id)
        .executeTakeFirstOrThrow();
      const withdraw = `${correctionsPath(article)}/${id}/withdraw`;

      const unconfirmed = await users.editor.post(withdraw);
      assert.equal(unconfirmed.statusCode, 303);
      assert.equal(unconfirmed.headers.location, withdraw);
      const confirm = await users.editor.get(withdraw);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Withdraw this correction\?/);
      assert.equal((await users.contributor.get(withdraw)).statusCode, 403);

      const done = await users.editor.post(withdraw, { confirm: "yes" });
      assert.equal(done.statusCode, 303);
      assert.equal(parsePage((await demo.app.inject(reader)).body).querySelector("aside.corrections"), null);
      const audit = await db()
        .selectFrom("auditLog")
        .select("details")
        .where("action", "=", "article.withdrawCorrection")
        .where("subjectId", "=", String(article.id))
        .executeTakeFirstOrThrow();
      assert.match(String(audit.details), /cessar-fogo/);
    });

    test("the editor's side panel of a published article links to its corrections", async () => {
      const article = await publishedPt();
      const editor = await users.editor.get(`/newsroom/articles/${article.id}/edit`);
      assert.equal(editor.statusCode, 200);
      const link = parsePage(editor.body).querySelector(".editor-side a[href$='/workflow#corrections']");
      assert.equal(link?.getAttribute("href"), `${workflowPath(article)}#corrections`);
    });
  });
}
