import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInEveryRole } from "../../../test/support/newsroom.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { createDraft } from "../workflow/workflow-test-support.ts";
import { wordDiff } from "./text-diff.ts";

describe("word diffs", () => {
  test("marks the words added and removed, keeping the rest", () => {
    assert.deepEqual(wordDiff("The army left the city", "The army entered the city"), [
      { kind: "same", text: "The army " },
      { kind: "removed", text: "left" },
      { kind: "added", text: "entered" },
      { kind: "same", text: " the city" },
    ]);
  });
});

for (const database of testDatabases()) {
  describe(`revisions over HTTP on ${database.name}`, () => {
    let demo: DemoApp;
    let users: Record<Role, NewsroomSession>;

    before(async () => {
      demo = await startDemoApp(database);
      users = await signInEveryRole(demo.app, demo.database.db);
    });
    after(() => demo.close());

    const db = () => demo.database.db;

    /** A draft by the contributor, then edited by the editor: revisions #1 and #2. */
    async function editedArticle() {
      const article = await createDraft(db(), users.contributor.user.id, {
        paragraphs: ["Troops left the northern city on Monday.", "Residents <b>returned</b> home."],
      });
      await new ArticleService(db()).updateArticle(
        article.id,
        {
          title: `${article.title} (updated)`,
          body: bodyFromParagraphs([
            "Troops entered the northern city on Tuesday.",
            "Residents <b>returned</b> home.",
          ]),
        },
        users.editor.user.id,
      );
      const revisions = await new ArticleService(db()).revisions(article.id);
      return { article, revisions };
    }

    test("lists every save with its number, author and time, newest first", async () => {
      const { article } = await editedArticle();
      const page = await users.contributor.get(`/newsroom/articles/${article.id}/revisions`);
      assert.equal(page.statusCode, 200);
      const rows = [...parsePage(page.body).querySelectorAll("tr[data-revision]")];
      assert.deepEqual(
        rows.map((row) => row.getAttribute("data-revision")),
        ["2", "1"],
      );
      assert.match(rows[0]?.textContent ?? "", /Test editor/);
      assert.match(rows[1]?.textContent ?? "", /Test contributor/);
      assert.match(rows[0]?.textContent ?? "", /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    });

    test("compares two revisions word by word, escaping what the text holds", async () => {
      const { article, revisions } = await editedArticle();
      const [second, first] = revisions;
      assert.ok(first && second);
      const page = await users.editor.get(
        `/newsroom/articles/${article.id}/revisions/compare?from=${first.id}&to=${second.id}`,
      );
      assert.equal(page.statusCode, 200);
      const document = parsePage(page.body);
      const body = document.querySelector('[data-field="body"] .diff-text');
      assert.ok(body);
      assert.deepEqual(
        [...body.querySelectorAll("del")].map((node) => node.textContent),
        ["left", "Monday"],
      );
      assert.deepEqual(
        [...body.querySelectorAll("ins")].map((node) => node.textContent),
        ["entered", "Tuesday"],
      );
      assert.ok(!page.body.includes("<b>returned</b>"), "text is never markup");
      assert.match(page.body, /&lt;b>returned&lt;\/b>|&lt;b&gt;returned&lt;\/b&gt;/);
      const title = document.querySelector('[data-field="title"] ins');
      assert.equal(title?.textContent?.trim(), "(updated)");
      const other = await createDraft(db(), users.editor.user.id);
      const foreign = await new ArticleService(db()).revisions(other.id);
      const mixed = await users.editor.get(
        `/newsroom/articles/${article.id}/revisions/compare?from=${first.id}&to=${foreign[0]?.id}`,
      );
      assert.equal(mixed.statusCode, 404, "a revision of another article is not found");
    });

    test("restores an old revision as a new one, audited, leaving the history whole", async () => {
      const { article, revisions } = await editedArticle();
      const first = revisions.at(-1);
      assert.ok(first);
      const path = `/newsroom/articles/${article.id}/revisions/${first.id}/restore`;
      // Asked first: without the confirmation nothing is restored, and the question is on its own page.
      const unconfirmed = await users.editor.post(path);
      assert.equal(unconfirmed.statusCode, 303);
      assert.equal(unconfirmed.headers.location, path);
      assert.equal((await new ArticleService(db()).revisions(article.id)).length, 2);
      const question = await users.editor.get(path);
      assert.equal(question.statusCode, 200);
      assert.match(question.body, new RegExp(`Restore revision #${first.number}\\?`));
      assert.match(question.body, /stays in the history/);
      const response = await users.editor.post(path, { confirm: "yes" });
      assert.equal(response.statusCode, 303);
      assert.match(
        (await users.editor.get(String(response.headers.location))).body,
        /To undo it, restore the revision before it/,
      );
      const after = await new ArticleService(db()).revisions(article.id);
      assert.equal(after.length, 3);
      assert.equal(after[0]?.number, 3);
      assert.equal(after[0]?.title, article.title);
      assert.equal(after[0]?.body, first.body);
      assert.equal(after[0]?.savedByUserId, users.editor.user.id);
      const current = await db()
        .selectFrom("articles")
        .selectAll()
        .where("id", "=", article.id)
        .executeTakeFirstOrThrow();
      assert.equal(current.revisionId, after[0]?.id);
      assert.equal(current.title, article.title);
      const audit = await db()
        .selectFrom("auditLog")
        .select(["action", "actorUserId"])
        .where("subjectId", "=", String(article.id))
        .where("action", "=", "article.restoreRevision")
        .execute();
      assert.deepEqual(audit, [{ action: "article.restoreRevision", actorUserId: users.editor.user.id }]);
    });

    test("lets a contributor restore only on their own draft, and a translator not on an original", async () => {
      const { article, revisions } = await editedArticle();
      const first = revisions.at(-1);
      assert.ok(first);
      const byTranslator = await users.translator.post(
        `/newsroom/articles/${article.id}/revisions/${first.id}/restore`,
      );
      assert.equal(byTranslator.statusCode, 403);
      const someoneElses = await createDraft(db(), users.editor.user.id);
      const own = await new ArticleService(db()).revisions(someoneElses.id);
      const byContributor = await users.contributor.post(
        `/newsroom/articles/${someoneElses.id}/revisions/${own[0]?.id}/restore`,
      );
      assert.equal(byContributor.statusCode, 403);
      assert.match(byContributor.body, /someone else/);
      const ownRestore = await users.contributor.post(
        `/newsroom/articles/${article.id}/revisions/${first.id}/restore`,
        { confirm: "yes" },
      );
      assert.equal(ownRestore.statusCode, 303, "their own draft");
    });
  });
}
