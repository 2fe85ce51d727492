import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync } from "node:zlib";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { ArticleService } from "../../articles/article-service.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import type { EditorBoot } from "./editor-types.ts";

/** The EditorBoot a page hands to the client, read back from its data attribute. */
function bootIn(html: string): EditorBoot {
  const match = /data-article-editor="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error("no editor form on the page");
  const text = match[1]
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return JSON.parse(text) as EditorBoot;
}

for (const database of testDatabases()) {
  describe(`the editor's pages on ${database.name}`, () => {
    let demo: DemoApp;
    let contributor: NewsroomSession;
    let translator: NewsroomSession;
    let editor: NewsroomSession;

    before(async () => {
      demo = await startDemoApp(database);
      contributor = await signInAs(demo.app, demo.database.db, "contributor");
      translator = await signInAs(demo.app, demo.database.db, "translator");
      editor = await signInAs(demo.app, demo.database.db, "editor");
    });
    after(() => demo.close());

    test("the new story page is a form the client bundle turns into the editor", async () => {
      const page = await contributor.get("/newsroom/articles/new?edition=pt");
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /<h1><span data-editor-heading="true">New story<\/span> <span class="nr-role">pt<\/span>/,
      );
      const boot = bootIn(page.body);
      assert.equal(boot.article.id, null);
      assert.equal(boot.article.edition, "pt");
      assert.equal(boot.autosave, true);
      assert.deepEqual(boot.can, {
        editStory: true,
        createTags: false,
        createSources: true,
        uploadMedia: true,
      });

      const script = /<script type="module" src="(\/assets\/newsroom-editor\.[0-9a-f]{12}\.js)">/.exec(
        page.body,
      )?.[1];
      const style = /<link rel="stylesheet" href="(\/assets\/newsroom-editor\.[0-9a-f]{12}\.css)"/.exec(
        page.body,
      )?.[1];
      assert.ok(script && style, "the page loads the hashed bundle");
      const js = await demo.app.inject({ method: "GET", url: script });
      assert.equal(js.statusCode, 200);
      assert.match(String(js.headers["content-type"]), /^text\/javascript/);
      assert.equal(js.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.match(js.body, /data-article-editor/);
      // Compressed once when built, sent as it is.
      const br = await demo.app.inject({
        method: "GET",
        url: script,
        headers: { "accept-encoding": "gzip, br" },
      });
      assert.equal(br.headers["content-encoding"], "br");
      assert.match(String(br.headers.vary), /accept-encoding/i);
      assert.equal(brotliDecompressSync(br.rawPayload).toString(), js.body);
      const tag = String(br.headers.etag);
      const again = await demo.app.inject({
        method: "GET",
        url: script,
        headers: { "accept-encoding": "br", "if-none-match": tag },
      });
      assert.equal(again.statusCode, 304);
      const css = await demo.app.inject({ method: "GET", url: style });
      assert.match(css.body, /\.ProseMirror/);
    });

    test("without JavaScript a story is written as plain paragraphs and saved by posting the form", async () => {
      await contributor.get("/newsroom/articles/new");
      const posted = await contributor.post("/newsroom/articles/new", {
        edition: "en",
        title: "Written without script",
        slug: "",
        summary: "A summary.",
        bodyText: "First paragraph,\nwith a line break.\n\nSecond paragraph.",
        authorId: "1",
        sourceId: "",
        heroMediaId: "",
        tagsOnForm: "1",
      });
      assert.equal(posted.statusCode, 303, posted.body.slice(0, 500));
      const id = Number(
        /\/newsroom\/articles\/(\d+)\/edit\?saved=1$/.exec(String(posted.headers.location))?.[1],
      );
      const article = await new ArticleService(demo.database.db).getById(id);
      assert.equal(article.slug, "written-without-script");
      assert.equal(article.authorId, 1);
      assert.deepEqual(JSON.parse(article.body) as BodyDocument, {
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [
              { type: "text", text: "First paragraph," },
              { type: "hardBreak" },
              { type: "text", text: "with a line break." },
            ],
          },
          { type: "paragraph", content: [{ type: "text", text: "Second paragraph." }] },
        ],
      });

      const page = await contributor.get(String(posted.headers.location));
      assert.match(page.body, /Saved: revision 1\./);
      assert.match(page.body, /First paragraph,\nwith a line break\.\n\nSecond paragraph\.<\/textarea>/);

      const edited = await contributor.post(`/newsroom/articles/${id}/edit`, {
        baseRevisionId: String(article.revisionId),
        title: "Written without script, edited",
        slug: article.slug,
        summary: "",
        bodyText: "Only one paragraph now.",
        authorId: "",
        tagsOnForm: "1",
      });
      assert.equal(edited.statusCode, 303, edited.body.slice(0, 500));
      const saved = await new ArticleService(demo.database.db).getById(id);
      assert.equal(saved.title, "Written without script, edited");
      assert.equal(saved.summary, null);
      assert.equal(saved.authorId, null);
      assert.equal((JSON.parse(saved.body) as BodyDocument).content.length, 1);
    });

    test("without JavaScript a formatted body is shown read-only and kept as it is", async () => {
      const rich: BodyDocument = {
        type: "doc",
        content: [
          { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "A heading" }] },
          { type: "readCallout", attrs: { storyId: 1 } },
        ],
      };
      const created = await editor.postJson("/newsroom/api/articles", {
        edition: "en",
        title: "Rich body",
        body: rich,
      });
      const { article } = JSON.parse(created.body) as { article: { id: number; revisionId: number } };
      const page = await editor.get(`/newsroom/articles/${article.id}/edit`);
      assert.match(page.body, /<textarea name="bodyText"[^>]*readonly/);
      assert.match(page.body, /need the full editor \(JavaScript on\) to change/);
      const posted = await editor.post(`/newsroom/articles/${article.id}/edit`, {
        baseRevisionId: String(article.revisionId),
        title: "Rich body, retitled",
        bodyText: "A heading",
      });
      assert.equal(posted.statusCode, 303);
      const saved = await new ArticleService(demo.database.db).getById(article.id);
      assert.equal(saved.title, "Rich body, retitled");
      assert.deepEqual(JSON.parse(saved.body), rich);
    });

    test("a refused form is shown again with the message and what was typed", async () => {
      await contributor.get("/newsroom/articles/new");
      const refused = await contributor.post("/newsroom/articles/new", {
        edition: "en",
        title: "Has a bad slug",
        slug: "Bad Slug",
        bodyText: "Text typed before the refusal.",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(
        refused.body,
        /<p class="error" role="alert">slug: &quot;Bad Slug&quot; is not a valid slug/,
      );
      assert.match(refused.body, /value="Has a bad slug"/);
      assert.match(refused.body, /Text typed before the refusal\.<\/textarea>/);
      assert.match(refused.body, /aria-invalid="true"/);
    });

    test("a stale form is refused with the conflict, not saved over the newer revision", async () => {
      const created = await contributor.postJson("/newsroom/api/articles", {
        edition: "en",
        title: "Conflict by form",
        body: { type: "doc", content: [] },
      });
      const { article } = JSON.parse(created.body) as { article: { id: number; revisionId: number } };
      await contributor.sendJson("PUT", `/newsroom/api/articles/${article.id}`, {
        baseRevisionId: article.revisionId,
        title: "Saved in another tab",
      });
      await contributor.get(`/newsroom/articles/${article.id}/edit`);
      const stale = await contributor.post(`/newsroom/articles/${article.id}/edit`, {
        baseRevisionId: String(article.revisionId),
        title: "From the stale form",
      });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /saved by someone else \(or in another tab\)/);
      assert.equal(
        (await new ArticleService(demo.database.db).getById(article.id)).title,
        "Saved in another tab",
      );
    });

    test("a form's ids are checked before the database sees them: 400 naming the field, nothing saved", async () => {
      const created = await editor.postJson("/newsroom/api/articles", {
        edition: "en",
        title: "Ids by form",
        body: { type: "doc", content: [] },
      });
      const { article } = JSON.parse(created.body) as { article: { id: number; revisionId: number } };
      await editor.get(`/newsroom/articles/${article.id}/edit`);
      const base = { baseRevisionId: String(article.revisionId), title: "Changed by a bad form" };
      const cases: [Record<string, string | string[]>, RegExp][] = [
        [{ ...base, heroMediaId: "2147483648" }, /heroMediaId: &quot;2147483648&quot; is not an id/],
        [{ ...base, authorId: "99999999999" }, /authorId: &quot;99999999999&quot; is not an id/],
        [{ ...base, sourceId: "-1" }, /sourceId: &quot;-1&quot; is not an id/],
        [{ ...base, tagsOnForm: "1", tagIds: ["3", "2147483648"] }, /tagIds: &quot;2147483648&quot;/],
        [{ ...base, baseRevisionId: "x" }, /baseRevisionId: must be the id of the revision/],
      ];
      for (const [fields, message] of cases) {
        const refused = await editor.post(`/newsroom/articles/${article.id}/edit`, fields);
        assert.equal(refused.statusCode, 400, JSON.stringify(fields));
        assert.match(refused.body, message);
      }
      assert.equal((await new ArticleService(demo.database.db).revisions(article.id)).length, 1);
    });

    test("unticking a tag without JavaScript removes it from the story", async () => {
      const created = await editor.postJson("/newsroom/api/articles", {
        edition: "en",
        title: "Tagged story",
        body: { type: "doc", content: [] },
        tagIds: [3, 4],
      });
      const { article } = JSON.parse(created.body) as {
        article: { id: number; revisionId: number; storyId: number };
      };
      const page = await editor.get(`/newsroom/articles/${article.id}/edit`);
      assert.match(page.body, /<input type="checkbox" name="tagIds" value="3" checked\/> Iran/);
      await editor.post(`/newsroom/articles/${article.id}/edit`, {
        baseRevisionId: String(article.revisionId),
        title: "Tagged story",
        tagsOnForm: "1",
        tagIds: ["4"],
      });
      const tags = await demo.database.db
        .selectFrom("storyTags")
        .select("tagId")
        .where("storyId", "=", article.storyId)
        .execute();
      assert.deepEqual(
        tags.map((t) => t.tagId),
        [4],
      );
    });

    test("the pages refuse whom the rules refuse, saying why", async () => {
      const translatorNew = await translator.get("/newsroom/articles/new");
      assert.equal(translatorNew.statusCode, 403);
      assert.match(translatorNew.body, /A translator may not create articles\./);

      const created = await editor.postJson("/newsroom/api/articles", {
        edition: "en",
        title: "The editor's draft",
        body: { type: "doc", content: [] },
      });
      const { article } = JSON.parse(created.body) as { article: { id: number } };
      const someoneElses = await contributor.get(`/newsroom/articles/${article.id}/edit`);
      assert.equal(someoneElses.statusCode, 403);
      assert.match(someoneElses.body, /this article is someone else&#39;s|this article is someone else's/);

      assert.equal((await editor.get("/newsroom/articles/999999/edit")).statusCode, 404);
      // Not an id at all: the route's schema refuses it (400), as it does any malformed path.
      assert.equal((await editor.get("/newsroom/articles/abc/edit")).statusCode, 400);
      const anonymous = await demo.app.inject({
        method: "GET",
        url: `/newsroom/articles/${article.id}/edit`,
      });
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/newsroom\/sign-in\?next=/);
    });

    test("a translator's edit page leaves the story's tags, source and hero to the original", async () => {
      const created = await editor.postJson("/newsroom/api/articles", {
        edition: "en",
        title: "Original for translation",
        body: { type: "doc", content: [] },
      });
      const { article } = JSON.parse(created.body) as { article: { storyId: number } };
      const pt = await new ArticleService(demo.database.db).createArticle({
        storyId: article.storyId,
        edition: "pt",
        title: "Tradução",
        body: { type: "doc", content: [] },
      });
      const page = await translator.get(`/newsroom/articles/${pt.id}/edit`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1><span data-editor-heading="true">Edit translation/);
      const boot = bootIn(page.body);
      assert.equal(boot.can.editStory, false);
      assert.equal(boot.article.isTranslation, true);
      assert.match(page.body, /<fieldset class="editor-tags" data-tag-field="true" disabled>/);
    });
  });
}
