import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs, signInEveryRole } from "../../../test/support/newsroom.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { createDraft } from "../workflow/workflow-test-support.ts";

for (const database of testDatabases()) {
  describe(`the translation desk on ${database.name}`, () => {
    let demo: DemoApp;
    let users: Record<Role, NewsroomSession>;

    before(async () => {
      demo = await startDemoApp(database);
      users = await signInEveryRole(demo.app, demo.database.db);
    });
    after(() => demo.close());

    const db = () => demo.database.db;
    const stateCell = (html: string, storyId: number, edition: string) =>
      parsePage(html).querySelector(`tr[data-story="${storyId}"] td[data-edition="${edition}"]`);

    /** Starts a translation from the desk: an editor's, handing a story to the edition's translators. */
    async function startTranslation(storyId: number, edition = "pt", who: NewsroomSession = users.editor) {
      await who.get("/newsroom/translations");
      const started = await who.post("/newsroom/translations/start", { storyId: String(storyId), edition });
      assert.equal(started.statusCode, 303, started.body.slice(0, 400));
      const match = /^\/newsroom\/translations\/(\d+)\?done=started$/.exec(String(started.headers.location));
      assert.ok(match, String(started.headers.location));
      return Number(match[1]);
    }

    test("shows per story and edition: original, missing, then up to date once translated", async () => {
      const original = await createDraft(db(), users.editor.user.id, { title: "Desk story in English" });
      const desk = await users.editor.get(`/newsroom/translations?story=${original.storyId}`);
      assert.equal(desk.statusCode, 200);
      assert.equal(stateCell(desk.body, original.storyId, "en")?.getAttribute("data-state"), "original");
      assert.equal(stateCell(desk.body, original.storyId, "pt")?.getAttribute("data-state"), "missing");
      assert.equal(stateCell(desk.body, original.storyId, "es")?.getAttribute("data-state"), "missing");
      const translationId = await startTranslation(original.storyId);
      const translation = await new ArticleService(db()).getById(translationId);
      assert.equal(translation.edition, "pt");
      assert.equal(translation.status, "draft");
      assert.equal(translation.title, original.title, "starts from the original's text");
      assert.equal(translation.basedOnRevisionId, original.revisionId);
      const after = await users.editor.get(`/newsroom/translations?story=${original.storyId}`);
      assert.equal(stateCell(after.body, original.storyId, "pt")?.getAttribute("data-state"), "up-to-date");
      // The original's status has a column, each translation its status, each story its number.
      const row = parsePage(after.body).querySelector(`tr[data-story="${original.storyId}"]`);
      assert.equal(row?.querySelector("td[data-original-status]")?.textContent, "draft");
      assert.match(stateCell(after.body, original.storyId, "pt")?.textContent ?? "", /\(draft\)/);
      assert.match(row?.textContent ?? "", new RegExp(`story #${original.storyId}`));
    });

    test("shows translators only their editions, and lets them start translations only there", async () => {
      const original = await createDraft(db(), users.editor.user.id);
      await new ArticleService(db()).publishArticle(original.id);
      const desk = await users.translator.get(`/newsroom/translations?story=${original.storyId}`);
      const headers = [...parsePage(desk.body).querySelectorAll("table.desk thead th")].map((th) =>
        th.textContent?.trim(),
      );
      assert.deepEqual(headers, ["Story (original)", "Status", "pt"]);
      const refused = await users.translator.post("/newsroom/translations/start", {
        storyId: String(original.storyId),
        edition: "es",
      });
      assert.equal(refused.statusCode, 403);
      assert.match(
        parsePage(refused.body).querySelector("p.error")?.textContent ?? "",
        /A translator may start translations only in their assigned editions \(pt\), not in "es"/,
      );
      const byContributor = await users.contributor.post("/newsroom/translations/start", {
        storyId: String(original.storyId),
        edition: "pt",
      });
      assert.equal(byContributor.statusCode, 403);
      const translationId = await startTranslation(original.storyId, "pt", users.translator);
      assert.equal((await new ArticleService(db()).getById(translationId)).edition, "pt");
    });

    test("an unpublished story reaches translators when an editor starts its translation for them", async () => {
      const original = await createDraft(db(), users.editor.user.id, { title: "Not out yet, in English" });
      const desk = await users.translator.get(`/newsroom/translations?story=${original.storyId}`);
      assert.equal(parsePage(desk.body).querySelector(`tr[data-story="${original.storyId}"]`), null);
      assert.doesNotMatch(desk.body, /Not out yet, in English/);
      await users.translator.get("/newsroom/translations");
      const refused = await users.translator.post("/newsroom/translations/start", {
        storyId: String(original.storyId),
        edition: "pt",
      });
      assert.equal(refused.statusCode, 403);
      assert.match(
        parsePage(refused.body).querySelector("p.error")?.textContent ?? "",
        /A translator may read articles only if they are published, in their assigned editions \(pt\), or the originals of their translations/,
      );
      const translationId = await startTranslation(original.storyId, "pt", users.editor);
      const handed = await users.translator.get(`/newsroom/translations?story=${original.storyId}`);
      assert.match(handed.body, /Not out yet, in English/);
      assert.equal(stateCell(handed.body, original.storyId, "pt")?.getAttribute("data-state"), "up-to-date");
      const page = await users.translator.get(`/newsroom/translations/${translationId}`);
      assert.equal(page.statusCode, 200);
      const spanish = await signInAs(demo.app, db(), "translator", { editions: ["es"] });
      const elsewhere = await spanish.get(`/newsroom/translations?story=${original.storyId}`);
      assert.doesNotMatch(elsewhere.body, /Not out yet, in English/, "handed to pt, not to es");
    });

    test("filters by edition and state", async () => {
      const translated = await createDraft(db(), users.editor.user.id);
      await startTranslation(translated.storyId);
      const untranslated = await createDraft(db(), users.editor.user.id);
      const missing = await users.editor.get("/newsroom/translations?edition=pt&state=missing");
      const page = parsePage(missing.body);
      assert.ok(page.querySelector(`tr[data-story="${untranslated.storyId}"]`));
      assert.equal(page.querySelector(`tr[data-story="${translated.storyId}"]`), null);
      const headers = [...page.querySelectorAll("table.desk thead th")].map((th) => th.textContent?.trim());
      assert.deepEqual(headers, ["Story (original)", "Status", "pt"]);
    });

    test("opens the original read-only beside the editable translation", async () => {
      const original = await createDraft(db(), users.editor.user.id, {
        paragraphs: ["The minister spoke in the capital.", "Talks continue."],
      });
      const translationId = await startTranslation(original.storyId);
      const page = await users.translator.get(`/newsroom/translations/${translationId}`);
      assert.equal(page.statusCode, 200);
      const document = parsePage(page.body);
      const originalSide = document.querySelector("[data-original]");
      assert.match(originalSide?.textContent ?? "", /The minister spoke in the capital\./);
      assert.equal(
        originalSide?.querySelector("input, textarea, [contenteditable]") ?? null,
        null,
        "read-only",
      );
      const form = document.querySelector("form[data-article-editor]");
      assert.ok(form, "the article editor for the translation");
      assert.match(form.getAttribute("action") ?? "", new RegExp(`/newsroom/articles/${translationId}/edit`));
      assert.ok(document.querySelector('script[type="module"]'), "the editor's script");
      const otherTranslator = await signInAs(demo.app, db(), "translator", { editions: ["es"] });
      assert.equal((await otherTranslator.get(`/newsroom/translations/${translationId}`)).statusCode, 403);
    });

    test("shows an outdated translation with what changed in the original, until marked updated", async () => {
      const original = await createDraft(db(), users.editor.user.id, {
        paragraphs: ["Rain fell across the south on Friday.", "Rivers rose."],
      });
      const translationId = await startTranslation(original.storyId);
      await new ArticleService(db()).updateArticle(
        original.id,
        { body: bodyFromParagraphs(["Rain fell across the whole south on Saturday.", "Rivers rose."]) },
        users.editor.user.id,
      );
      const desk = await users.translator.get(`/newsroom/translations?story=${original.storyId}`);
      assert.equal(stateCell(desk.body, original.storyId, "pt")?.getAttribute("data-state"), "outdated");
      const page = await users.translator.get(`/newsroom/translations/${translationId}`);
      const document = parsePage(page.body);
      assert.equal(
        document.querySelector("[data-translation-state]")?.getAttribute("data-translation-state"),
        "outdated",
      );
      const changes = document.querySelector(".changes-since [data-field='body']");
      assert.deepEqual(
        [...(changes?.querySelectorAll("ins") ?? [])].map((node) => node.textContent?.trim()),
        ["whole", "Saturday"],
      );
      assert.deepEqual(
        [...(changes?.querySelectorAll("del") ?? [])].map((node) => node.textContent?.trim()),
        ["Friday"],
      );
      const refused = await users.contributor.post(`/newsroom/translations/${translationId}/mark-updated`);
      assert.equal(refused.statusCode, 403);
      const marked = await users.translator.post(`/newsroom/translations/${translationId}/mark-updated`);
      assert.equal(marked.statusCode, 303);
      const afterDesk = await users.translator.get(`/newsroom/translations?story=${original.storyId}`);
      assert.equal(
        stateCell(afterDesk.body, original.storyId, "pt")?.getAttribute("data-state"),
        "up-to-date",
      );
      const afterPage = await users.translator.get(`/newsroom/translations/${translationId}`);
      assert.equal(parsePage(afterPage.body).querySelector(".changes-since"), null);
      const audit = await db()
        .selectFrom("auditLog")
        .select("actorUserId")
        .where("action", "=", "translation.markUpdated")
        .where("subjectId", "=", String(translationId))
        .execute();
      assert.deepEqual(audit, [{ actorUserId: users.translator.user.id }]);
    });
  });
}
