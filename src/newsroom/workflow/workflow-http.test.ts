import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInEveryRole } from "../../../test/support/newsroom.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import type { ArticleRow, ArticleStatus } from "../../db/schema.ts";
import { zonedLocalToIso } from "../../shared/time-zone.ts";
import { createDraft, moveTo, readerPath } from "./workflow-test-support.ts";

type Move = "submit" | "return" | "publish" | "schedule" | "unpublish" | "delete";

/** Who may make each move, from which status (articles owned by the contributor). */
const MATRIX: { move: Move; from: ArticleStatus; allowed: Role[]; refusal: RegExp }[] = [
  {
    move: "submit",
    from: "draft",
    allowed: ["contributor", "editor", "admin"],
    refusal:
      /A translator may submit articles for review only in their assigned editions \(pt\), not in "en"/,
  },
  {
    move: "return",
    from: "review",
    allowed: ["editor", "admin"],
    refusal: /may not edit other people's articles/,
  },
  { move: "publish", from: "review", allowed: ["editor", "admin"], refusal: /may not publish articles/ },
  { move: "schedule", from: "review", allowed: ["editor", "admin"], refusal: /may not schedule articles/ },
  {
    move: "unpublish",
    from: "published",
    allowed: ["editor", "admin"],
    refusal: /may not unpublish articles/,
  },
  { move: "delete", from: "draft", allowed: ["editor", "admin"], refusal: /may not delete articles/ },
];

const ROLES: Role[] = ["contributor", "translator", "editor", "admin"];

/** The message of a newsroom error page, as the person reads it. */
const errorOf = (html: string) => parsePage(html).querySelector("p.error")?.textContent ?? "";

function scheduleField(): string {
  // Tomorrow at 09:30 in London: a wall-clock time, as the datetime-local field sends it.
  const tomorrow = new Date(Date.now() + 24 * 3_600_000).toISOString().slice(0, 10);
  return `${tomorrow}T09:30`;
}

for (const database of testDatabases()) {
  describe(`the newsroom workflow over HTTP on ${database.name}`, () => {
    let demo: DemoApp;
    let users: Record<Role, NewsroomSession>;

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      users = await signInEveryRole(demo.app, demo.database.db);
    });
    after(() => demo.close());

    const db = () => demo.database.db;
    const admin = () => ({ id: users.admin.user.id, role: "admin" as const, editions: [] });
    const articleIn = async (status: ArticleStatus) =>
      moveTo(db(), admin(), await createDraft(db(), users.contributor.user.id), status);
    const statusOf = async (id: number) =>
      (await db().selectFrom("articles").select("status").where("id", "=", id).executeTakeFirst())?.status;
    const fields = (move: Move): Record<string, string> =>
      move === "schedule"
        ? { at: scheduleField() }
        : move === "unpublish" || move === "delete"
          ? { confirm: "yes" }
          : {};

    for (const { move, from, allowed, refusal } of MATRIX) {
      for (const role of ROLES) {
        const may = allowed.includes(role);
        test(`${may ? "lets" : "refuses"} a ${role} ${move} an article that is ${from}`, async () => {
          const article = await articleIn(from);
          const response = await users[role].post(
            `/newsroom/articles/${article.id}/workflow/${move}`,
            fields(move),
          );
          if (may) {
            assert.equal(response.statusCode, 303, response.body.slice(0, 400));
          } else {
            assert.equal(response.statusCode, 403);
            assert.match(errorOf(response.body), refusal);
            assert.equal(
              await statusOf(article.id),
              from === "published" ? "published" : from,
              "nothing changed",
            );
          }
        });
      }
    }

    test("refuses a contributor sending someone else's draft to review", async () => {
      const article = await createDraft(db(), users.editor.user.id);
      const response = await users.contributor.post(`/newsroom/articles/${article.id}/workflow/submit`);
      assert.equal(response.statusCode, 403);
      assert.match(errorOf(response.body), /only if they are their own drafts; this article is someone else/);
    });

    test("refuses a move that does not start from the article's status, saying why", async () => {
      const article = await articleIn("draft");
      const response = await users.editor.post(`/newsroom/articles/${article.id}/workflow/unpublish`, {
        confirm: "yes",
      });
      assert.equal(response.statusCode, 409);
      assert.match(errorOf(response.body), /This article is draft; it cannot be unpublished from there/);
    });

    test("shows each role only the buttons it may use", async () => {
      const article = await articleIn("review");
      const buttons = async (role: Role) => {
        const page = await users[role].get(`/newsroom/articles/${article.id}/workflow`);
        assert.equal(page.statusCode, 200);
        const document = parsePage(page.body);
        return [...document.querySelectorAll(".workflow-panel button")].map((b) => b.textContent?.trim());
      };
      assert.deepEqual(await buttons("contributor"), []);
      // The contributor's article in review is not the translator's to read at all.
      const refused = await users.translator.get(`/newsroom/articles/${article.id}/workflow`);
      assert.equal(refused.statusCode, 403);
      assert.deepEqual(await buttons("editor"), ["Back to draft", "Publish now", "Delete", "Schedule"]);
      assert.deepEqual(await buttons("admin"), ["Back to draft", "Publish now", "Delete", "Schedule"]);
    });

    test("schedules at a time typed in the edition's time zone, and readers see it only from then", async () => {
      const article = await articleIn("review");
      const local = scheduleField();
      const response = await users.editor.post(`/newsroom/articles/${article.id}/workflow/schedule`, {
        at: local,
      });
      assert.equal(response.statusCode, 303);
      const row = await db()
        .selectFrom("articles")
        .selectAll()
        .where("id", "=", article.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "scheduled");
      assert.equal(row.publishedAt, zonedLocalToIso("at", local, "Europe/London"));
      const edition = demo.config.editions.find((e) => e.code === "en");
      assert.ok(edition);
      const reader = await demo.app.inject(readerPath(demo.config.publicUrl, edition, row));
      assert.equal(reader.statusCode, 404, "not before its time");
      const page = await users.editor.get(`/newsroom/articles/${article.id}/workflow`);
      assert.match(page.body, /Scheduled/);
      assert.match(page.body, /name="at" value="[^"]*T09:30"/);
      const past = await users.editor.post(`/newsroom/articles/${article.id}/workflow/schedule`, {
        at: "2020-01-01T10:00",
      });
      assert.equal(past.statusCode, 400);
      assert.match(errorOf(past.body), /the time to publish at has passed/);
    });

    test("Unpublish and Delete ask first, on a page that says what they do, and act only once confirmed", async () => {
      const article = await articleIn("published");
      const panel = parsePage((await users.editor.get(`/newsroom/articles/${article.id}/workflow`)).body);
      const unpublishForm = panel.querySelector(
        `form[action="/newsroom/articles/${article.id}/workflow/unpublish"]`,
      );
      assert.equal(unpublishForm?.getAttribute("method"), "get", "the button opens the confirmation");
      const unconfirmed = await users.editor.post(`/newsroom/articles/${article.id}/workflow/unpublish`);
      assert.equal(unconfirmed.statusCode, 303);
      assert.equal(unconfirmed.headers.location, `/newsroom/articles/${article.id}/workflow/unpublish`);
      assert.equal(await statusOf(article.id), "published", "nothing happened without the confirmation");
      const confirm = await users.editor.get(`/newsroom/articles/${article.id}/workflow/unpublish`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Readers will no longer see it/);
      assert.match(confirm.body, /Yes, unpublish/);
      const done = await users.editor.post(`/newsroom/articles/${article.id}/workflow/unpublish`, {
        confirm: "yes",
      });
      assert.equal(done.headers.location, `/newsroom/articles/${article.id}/workflow?done=unpublish`);
      assert.equal(await statusOf(article.id), "unpublished");
      const after = await users.editor.get(String(done.headers.location));
      assert.match(after.body, /To undo it, publish it again below/);
      // A role that may not delete is sent back to the panel rather than shown the question.
      const refused = await users.contributor.get(`/newsroom/articles/${article.id}/workflow/delete`);
      assert.ok([303, 403, 404].includes(refused.statusCode), String(refused.statusCode));
    });

    test("records sending to review and back to draft in the audit log, with the status left", async () => {
      const article = await createDraft(db(), users.contributor.user.id);
      assert.equal(
        (await users.contributor.post(`/newsroom/articles/${article.id}/workflow/submit`)).statusCode,
        303,
      );
      assert.equal(
        (await users.editor.post(`/newsroom/articles/${article.id}/workflow/return`)).statusCode,
        303,
      );
      const entries = await db()
        .selectFrom("auditLog")
        .select(["action", "actorUserId", "details", "ip"])
        .where("subjectType", "=", "article")
        .where("subjectId", "=", String(article.id))
        .orderBy("id")
        .execute();
      assert.deepEqual(
        entries.map((entry) => [entry.action, entry.actorUserId, JSON.parse(entry.details).from]),
        [
          ["article.submitForReview", users.contributor.user.id, "draft"],
          ["article.returnToDraft", users.editor.user.id, "review"],
        ],
      );
      assert.ok(
        entries.every((entry) => entry.ip),
        "with the address it came from",
      );
    });

    test("records publish, schedule, unpublish and delete in the audit log, visible to admins", async () => {
      const article = await articleIn("review");
      await users.editor.post(`/newsroom/articles/${article.id}/workflow/schedule`, { at: scheduleField() });
      await users.editor.post(`/newsroom/articles/${article.id}/workflow/publish`);
      await users.editor.post(`/newsroom/articles/${article.id}/workflow/unpublish`, { confirm: "yes" });
      await users.admin.post(`/newsroom/articles/${article.id}/workflow/delete`, { confirm: "yes" });
      const entries = await db()
        .selectFrom("auditLog")
        .select(["action", "actorUserId", "details"])
        .where("subjectType", "=", "article")
        .where("subjectId", "=", String(article.id))
        // Sending it to review (how the test got it there) is audited too: see the test above.
        .where("action", "!=", "article.submitForReview")
        .orderBy("id")
        .execute();
      assert.deepEqual(
        entries.map((entry) => [entry.action, entry.actorUserId]),
        [
          ["article.schedule", users.editor.user.id],
          ["article.publish", users.editor.user.id],
          ["article.unpublish", users.editor.user.id],
          ["article.delete", users.admin.user.id],
        ],
      );
      assert.equal(JSON.parse(entries[3]?.details ?? "{}").title, article.title);
      const log = await users.admin.get("/newsroom/audit");
      assert.match(log.body, /article\.delete/);
      assert.match(log.body, /article\.publish/);
      assert.equal((await users.editor.get("/newsroom/audit")).statusCode, 403);
    });

    test("deleting a published article unpublishes it first, then deletes it", async () => {
      const article = await articleIn("published");
      const edition = demo.config.editions.find((e) => e.code === "en");
      assert.ok(edition);
      const published = await db()
        .selectFrom("articles")
        .selectAll()
        .where("id", "=", article.id)
        .executeTakeFirstOrThrow();
      const path = readerPath(demo.config.publicUrl, edition, published);
      assert.equal((await demo.app.inject(path)).statusCode, 200);
      const response = await users.editor.post(`/newsroom/articles/${article.id}/workflow/delete`, {
        confirm: "yes",
      });
      assert.equal(response.statusCode, 303);
      assert.equal(await statusOf(article.id), undefined);
      assert.notEqual((await demo.app.inject(path)).statusCode, 200, "readers no longer get it");
      const actions = await db()
        .selectFrom("auditLog")
        .select("action")
        .where("subjectId", "=", String(article.id))
        .where("subjectType", "=", "article")
        .orderBy("id")
        .execute();
      assert.deepEqual(
        actions.map((a) => a.action),
        ["article.publish", "article.unpublish", "article.delete"],
      );
    });

    test("publishing shows the article to readers at once, dropping the cached front page", async () => {
      const edition = demo.config.editions.find((e) => e.code === "en");
      assert.ok(edition);
      const article = await articleIn("review");
      const front = await demo.app.inject("/en/");
      assert.equal(front.statusCode, 200);
      assert.doesNotMatch(front.body, new RegExp(article.title));
      await demo.app.inject("/en/");
      assert.ok(
        demo.app.pageCache?.keys().some((key) => key.endsWith("/en/")),
        "the front page is in the page cache",
      );
      const response = await users.editor.post(`/newsroom/articles/${article.id}/workflow/publish`);
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, `/newsroom/articles/${article.id}/workflow?done=publish`);
      assert.ok(
        !demo.app.pageCache?.keys().some((key) => key.endsWith("/en/")),
        "the cached front page was dropped",
      );
      const row = await db()
        .selectFrom("articles")
        .selectAll()
        .where("id", "=", article.id)
        .executeTakeFirstOrThrow();
      const page = await demo.app.inject(readerPath(demo.config.publicUrl, edition, row));
      assert.equal(page.statusCode, 200);
      assert.match((await demo.app.inject("/en/")).body, new RegExp(article.title));
    });

    test("lists articles in review, oldest first, with who wrote them", async () => {
      const first = await articleIn("review");
      const second = await articleIn("review");
      const queue = await users.editor.get("/newsroom/review");
      assert.equal(queue.statusCode, 200);
      const at = (article: ArticleRow) => queue.body.indexOf(article.title);
      assert.ok(at(first) > 0 && at(second) > at(first), "both listed, the older first");
      assert.match(queue.body, /Test contributor/);
    });
  });
}
