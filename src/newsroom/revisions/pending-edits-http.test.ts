import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { demoNewsroom } from "../../../test/support/demo-newsroom.ts";
import { parsePage } from "../../../test/support/html.ts";
import { signInAs } from "../../../test/support/newsroom.ts";
import { ArticleService } from "../../articles/article-service.ts";
import type { ArticleRow } from "../../db/schema.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { createDraft, moveTo, readerPath } from "../workflow/workflow-test-support.ts";

for (const database of testDatabases()) {
  describe(`edits to live articles waiting for an editor, on ${database.name}`, () => {
    const site = demoNewsroom(database);
    const db = () => site.db;
    const edition = (code: string) => {
      const found = site.demo.config.editions.find((candidate) => candidate.code === code);
      assert.ok(found);
      return found;
    };
    const articleRow = (id: number) =>
      db().selectFrom("articles").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const readerPage = async (article: ArticleRow) => {
      const response = await site.demo.app.inject(
        readerPath(site.demo.config.publicUrl, edition(article.edition), article),
      );
      assert.equal(response.statusCode, 200);
      return response.body;
    };
    const auditActions = async (articleId: number) =>
      (
        await db()
          .selectFrom("auditLog")
          .select("action")
          .where("subjectType", "=", "article")
          .where("subjectId", "=", String(articleId))
          .orderBy("id")
          .execute()
      ).map((row) => row.action);

    async function onlyPendingEdit(articleId: number) {
      const edits = await db()
        .selectFrom("pendingEdits")
        .selectAll()
        .where("articleId", "=", articleId)
        .execute();
      assert.equal(edits.length, 1);
      return edits[0] as (typeof edits)[number];
    }

    /** A published English story with a published Portuguese translation. */
    async function liveTranslation(): Promise<ArticleRow> {
      const original = await moveTo(
        db(),
        site.users.admin.user,
        await createDraft(db(), site.users.editor.user.id),
        "published",
      );
      const translation = await new ArticleService(db()).createArticle({
        storyId: original.storyId,
        edition: "pt",
        title: `Tropas deixam a cidade ${original.id}`,
        summary: "Um resumo.",
        body: bodyFromParagraphs(["As tropas deixaram a cidade na segunda-feira."]),
        savedByUserId: site.users.translator.user.id,
      });
      return moveTo(db(), site.users.admin.user, translation, "published");
    }

    async function translatorSaves(article: ArticleRow, paragraph: string) {
      await site.users.translator.get(`/newsroom/articles/${article.id}/edit`);
      return site.users.translator.sendJson("PUT", `/newsroom/api/articles/${article.id}`, {
        title: `${article.title} (revisto)`,
        body: bodyFromParagraphs([paragraph]),
        baseRevisionId: article.revisionId,
      });
    }

    test("a translator's save of a live translation waits; readers and the article keep the published text", async () => {
      const live = await liveTranslation();
      const response = await translatorSaves(live, "As tropas entraram na cidade na terça-feira.");
      assert.equal(response.statusCode, 200, response.body);
      const saved = response.json().article;
      assert.ok(saved.pendingSince, "the answer says the edit waits");
      assert.equal(saved.revisionId, live.revisionId, "no new revision");
      const row = await articleRow(live.id);
      assert.equal(row.title, live.title);
      assert.equal(row.body, live.body);
      const page = await readerPage(row);
      assert.match(page, /segunda-feira/);
      assert.doesNotMatch(page, /terça-feira/);
      assert.ok((await auditActions(live.id)).includes("article.editPending"), "the edit is audited");

      // The translator goes on from their own text, told that it waits.
      const editor = await site.users.translator.get(`/newsroom/articles/${live.id}/edit`);
      assert.match(editor.body, /terça-feira/);
      assert.match(editor.body, /waiting for an editor/);
      // A second save replaces the pending edit instead of piling another on.
      const again = await translatorSaves(live, "As tropas entraram na cidade na quarta-feira.");
      assert.equal(again.statusCode, 200, again.body);
      const pending = await db()
        .selectFrom("pendingEdits")
        .selectAll()
        .where("articleId", "=", live.id)
        .execute();
      assert.equal(pending.length, 1);
      assert.match(pending[0]?.body ?? "", /quarta-feira/);
    });

    test("an editor sees it in the review queue, compares it with the published text and applies it", async () => {
      const live = await liveTranslation();
      await translatorSaves(live, "As tropas entraram na cidade na terça-feira.");
      const queue = await site.users.editor.get("/newsroom/review");
      const link = parsePage(queue.body).querySelector(
        `table.pending-edits a[href^="/newsroom/articles/${live.id}/pending/"]`,
      );
      assert.ok(link, "the review queue lists the edit");
      const reviewUrl = String(link.getAttribute("href"));
      const review = await site.users.editor.get(reviewUrl);
      assert.equal(review.statusCode, 200);
      const document = parsePage(review.body);
      assert.deepEqual(
        [...document.querySelectorAll('[data-field="body"] ins')].map((node) => node.textContent),
        ["entraram", "na", "terça"],
      );
      assert.match(review.body, /By Test translator/);

      // The translator may look at their edit but not apply it.
      const own = await site.users.translator.get(reviewUrl);
      assert.equal(own.statusCode, 200);
      assert.doesNotMatch(own.body, /Apply: readers see it at once/);
      const refused = await site.users.translator.post(`${reviewUrl}/apply`, {
        expectedRevisionId: String(live.revisionId),
      });
      assert.equal(refused.statusCode, 403);

      const applied = await site.users.editor.post(`${reviewUrl}/apply`, {
        expectedRevisionId: String(live.revisionId),
      });
      assert.equal(applied.statusCode, 303);
      assert.equal(applied.headers.location, `/newsroom/articles/${live.id}/revisions?done=applied`);
      const row = await articleRow(live.id);
      assert.match(await readerPage(row), /terça-feira/);
      assert.equal(row.title, `${live.title} (revisto)`);
      const revision = await db()
        .selectFrom("articleRevisions")
        .select("savedByUserId")
        .where("id", "=", row.revisionId ?? 0)
        .executeTakeFirstOrThrow();
      assert.equal(
        revision.savedByUserId,
        site.users.translator.user.id,
        "the revision credits whoever wrote it",
      );
      assert.equal(
        (await db().selectFrom("pendingEdits").select("id").where("articleId", "=", live.id).execute())
          .length,
        0,
      );
      assert.ok((await auditActions(live.id)).includes("article.applyPendingEdit"));
      assert.equal((await site.users.editor.get(reviewUrl)).statusCode, 404, "applied edits are gone");
    });

    test("applying after the article moved on is refused, then works on the new text", async () => {
      const live = await liveTranslation();
      await translatorSaves(live, "As tropas entraram na cidade na terça-feira.");
      const edit = await onlyPendingEdit(live.id);
      const reviewUrl = `/newsroom/articles/${live.id}/pending/${edit.id}`;
      await site.users.editor.get(reviewUrl);
      // Meanwhile an editor corrects the live text directly.
      const corrected = await new ArticleService(db()).updateArticle(
        live.id,
        { summary: "Um resumo corrigido." },
        site.users.editor.user.id,
      );
      const stale = await site.users.editor.post(`${reviewUrl}/apply`, {
        expectedRevisionId: String(live.revisionId),
      });
      assert.equal(stale.statusCode, 303);
      assert.equal(stale.headers.location, `${reviewUrl}?conflict=1`);
      assert.equal((await articleRow(live.id)).revisionId, corrected.revisionId, "nothing applied");
      const again = await site.users.editor.get(`${reviewUrl}?conflict=1`);
      assert.match(again.body, /saved again while you were reviewing/);
      assert.match(again.body, /has been saved again since this edit was begun/);
      const applied = await site.users.editor.post(`${reviewUrl}/apply`, {
        expectedRevisionId: String(corrected.revisionId),
      });
      assert.equal(applied.statusCode, 303);
      assert.match(await readerPage(await articleRow(live.id)), /terça-feira/);
    });

    test("discarding asks first; then the edit is gone and readers keep the published text", async () => {
      const live = await liveTranslation();
      await translatorSaves(live, "Um texto que não será publicado.");
      const edit = await onlyPendingEdit(live.id);
      const url = `/newsroom/articles/${live.id}/pending/${edit.id}/discard`;
      await site.users.editor.get(`/newsroom/articles/${live.id}/pending/${edit.id}`);
      const unconfirmed = await site.users.editor.post(url);
      assert.equal(unconfirmed.statusCode, 303);
      assert.equal(unconfirmed.headers.location, url);
      const question = await site.users.editor.get(url);
      assert.match(question.body, /Discard Test translator(&#39;|'|&#x27;)s edit\?/);
      assert.equal(
        (await db().selectFrom("pendingEdits").select("id").where("id", "=", edit.id).execute()).length,
        1,
      );
      const done = await site.users.editor.post(url, { confirm: "yes" });
      assert.equal(done.statusCode, 303);
      assert.equal(
        (await db().selectFrom("pendingEdits").select("id").where("id", "=", edit.id).execute()).length,
        0,
      );
      assert.doesNotMatch(await readerPage(await articleRow(live.id)), /não será publicado/);
      assert.ok((await auditActions(live.id)).includes("article.discardPendingEdit"));
    });

    test("another translator cannot see someone else's pending edit; editors' own saves go live at once", async () => {
      const live = await liveTranslation();
      await translatorSaves(live, "As tropas entraram na cidade na terça-feira.");
      const edit = await onlyPendingEdit(live.id);
      const other = await signInAs(site.demo.app, db(), "translator", {
        email: "other-translator@tribune.test",
        editions: ["pt"],
      });
      assert.equal((await other.get(`/newsroom/articles/${live.id}/pending/${edit.id}`)).statusCode, 403);
      const revisions = await other.get(`/newsroom/articles/${live.id}/revisions`);
      assert.doesNotMatch(revisions.body, /pending-edits/, "nor is it listed for them");

      await site.users.editor.get(`/newsroom/articles/${live.id}/edit`);
      const direct = await site.users.editor.sendJson("PUT", `/newsroom/api/articles/${live.id}`, {
        body: bodyFromParagraphs(["Correção da redação."]),
        baseRevisionId: live.revisionId,
      });
      assert.equal(direct.statusCode, 200, direct.body);
      assert.equal(direct.json().article.pendingSince, null);
      assert.match(await readerPage(await articleRow(live.id)), /Correção da redação/);
      assert.ok((await auditActions(live.id)).includes("article.editLive"));
    });
  });
}
