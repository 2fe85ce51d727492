import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { demoNewsroom } from "../../../test/support/demo-newsroom.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { createDraft } from "./workflow-test-support.ts";

for (const database of testDatabases()) {
  describe(`review notes and the editor's workflow panel, on ${database.name}`, () => {
    const site = demoNewsroom(database);
    const db = () => site.db;
    const notesOn = async (session: NewsroomSession, articleId: number) =>
      [
        ...parsePage((await session.get(`/newsroom/articles/${articleId}/workflow`)).body).querySelectorAll(
          ".review-notes li",
        ),
      ].map((item) => item.textContent?.replace(/\s+/g, " ").trim() ?? "");

    test("a note travels with Send to review and Back to draft, and can be added on its own", async () => {
      const draft = await createDraft(db(), site.users.contributor.user.id);
      await site.users.contributor.get(`/newsroom/articles/${draft.id}/workflow`);
      const sent = await site.users.contributor.post(`/newsroom/articles/${draft.id}/workflow/submit`, {
        note: "Quotes checked with the ministry <b>twice</b>.",
      });
      assert.equal(sent.statusCode, 303);
      await site.users.editor.get(`/newsroom/articles/${draft.id}/workflow`);
      const returned = await site.users.editor.post(`/newsroom/articles/${draft.id}/workflow/return`, {
        note: "The second source is missing.",
      });
      assert.equal(returned.statusCode, 303);
      const added = await site.users.contributor.post(`/newsroom/articles/${draft.id}/notes`, {
        note: "Added the second source.",
      });
      assert.equal(added.statusCode, 303);
      assert.equal(added.headers.location, `/newsroom/articles/${draft.id}/workflow?done=note`);
      const notes = await notesOn(site.users.editor, draft.id);
      assert.equal(notes.length, 3);
      assert.match(
        notes[0] ?? "",
        /^Test contributor, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC ?Quotes checked with the ministry <b>twice<\/b>\.$/,
      );
      assert.match(notes[1] ?? "", /^Test editor, .* ?The second source is missing\.$/);
      assert.match(notes[2] ?? "", /Added the second source\./);
      const page = (await site.users.editor.get(`/newsroom/articles/${draft.id}/workflow`)).body;
      assert.ok(!page.includes("<b>twice</b>"), "a note is text, never markup");
      const audited = await db()
        .selectFrom("auditLog")
        .select(["action", "details"])
        .where("action", "in", ["article.note", "article.submitForReview", "article.returnToDraft"])
        .where("subjectId", "=", String(draft.id))
        .orderBy("id")
        .execute();
      assert.deepEqual(
        audited.map((entry) => [entry.action, JSON.parse(entry.details).note ?? null]),
        [
          ["article.submitForReview", "Quotes checked with the ministry <b>twice</b>."],
          ["article.returnToDraft", "The second source is missing."],
          ["article.note", null],
        ],
        "a note sent with a move is audited with it",
      );
    });

    test("an empty or overlong note is refused with 400 and no move is made; strangers get 403", async () => {
      const draft = await createDraft(db(), site.users.contributor.user.id);
      await site.users.contributor.get(`/newsroom/articles/${draft.id}/workflow`);
      const empty = await site.users.contributor.post(`/newsroom/articles/${draft.id}/notes`, {
        note: "   ",
      });
      assert.equal(empty.statusCode, 400);
      const long = await site.users.contributor.post(`/newsroom/articles/${draft.id}/workflow/submit`, {
        note: "x".repeat(2001),
      });
      assert.equal(long.statusCode, 400);
      const row = await db()
        .selectFrom("articles")
        .select("status")
        .where("id", "=", draft.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "draft", "the move waits for a note that can be kept");
      const stranger = await signInAs(site.demo.app, db(), "contributor", { email: "stranger@tribune.test" });
      await stranger.get("/newsroom");
      const refused = await stranger.post(`/newsroom/articles/${draft.id}/notes`, { note: "Hello" });
      assert.equal(refused.statusCode, 403);
    });

    test("the editor's side panel offers the moves the role allows, and they lead back to the editor", async () => {
      const draft = await createDraft(db(), site.users.contributor.user.id);
      const own = parsePage((await site.users.contributor.get(`/newsroom/articles/${draft.id}/edit`)).body);
      const buttons = (page: ReturnType<typeof parsePage>) =>
        [...page.querySelectorAll(".editor-side .workflow-panel button")].map((button) =>
          button.textContent?.trim(),
        );
      assert.deepEqual(buttons(own), ["Send to review"]);
      const form = own.querySelector(`form#workflow-submit-${draft.id}`);
      assert.ok(form, "the move's form is outside the editor's form");
      assert.equal(form.closest("form.editor-form"), null);
      const sent = await site.users.contributor.post(`/newsroom/articles/${draft.id}/workflow/submit`, {
        from: "editor",
        note: "Ready.",
      });
      // Sent to review, the draft is no longer the contributor's to edit: they land on its workflow.
      assert.equal(sent.headers.location, `/newsroom/articles/${draft.id}/workflow?done=submit`);
      const editor = parsePage((await site.users.editor.get(`/newsroom/articles/${draft.id}/edit`)).body);
      assert.deepEqual(buttons(editor), ["Back to draft", "Publish now", "Delete", "Schedule"]);
      assert.match(editor.querySelector(".editor-side .review-notes")?.textContent ?? "", /Ready\./);
      const published = await site.users.editor.post(`/newsroom/articles/${draft.id}/workflow/publish`, {
        from: "editor",
      });
      assert.equal(published.headers.location, `/newsroom/articles/${draft.id}/edit?done=publish`);
      const back = parsePage((await site.users.editor.get(String(published.headers.location))).body);
      assert.equal(back.querySelector(".notice")?.textContent?.trim(), "Published: readers see it now.");
    });
  });
}
