import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import type { CommentStatus } from "../../db/schema.ts";
import {
  type CommentsDemo,
  commentForm,
  postForm,
  SECRET_EMAIL_DOMAIN,
  startCommentsDemo,
} from "../comment-test-support.ts";

for (const database of testDatabases()) {
  describe(`comment moderation on ${database.name}`, () => {
    let demo: CommentsDemo;
    let editor: NewsroomSession;
    let admin: NewsroomSession;
    let contributor: NewsroomSession;
    let threadPath = "";
    let n = 0;

    before(async () => {
      demo = await startCommentsDemo(database, { COMMENT_POLICY: "premoderate-all" });
      editor = await signInAs(demo.app, demo.database.db, "editor", { name: "Eddie Editor" });
      admin = await signInAs(demo.app, demo.database.db, "admin");
      contributor = await signInAs(demo.app, demo.database.db, "contributor");
      threadPath = (await demo.article("en")).threadPath;
    });
    after(() => demo.close());

    /** Posts a comment (held by the policy) and returns its id. */
    const held = async (fields: Record<string, string> = {}, headers: Record<string, string> = {}) => {
      n++;
      const posted = await postForm(
        demo.app,
        threadPath,
        commentForm({ email: `m${n}@${SECRET_EMAIL_DOMAIN}`, text: `Held comment ${n}.`, ...fields }),
        headers,
      );
      assert.equal(posted.statusCode, 303, posted.body.slice(0, 300));
      const row = await demo.database.db
        .selectFrom("comments")
        .select("id")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const statusOf = async (id: number): Promise<CommentStatus> =>
      (
        await demo.database.db
          .selectFrom("comments")
          .select("status")
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).status;
    const audit = (action: string) =>
      demo.database.db
        .selectFrom("auditLog")
        .selectAll()
        .where("action", "=", action)
        .orderBy("id", "desc")
        .execute();

    test("the queue lists held comments with one-click and bulk actions, the keyboard script, and no e-mail", async () => {
      const ids = [await held(), await held(), await held()];
      const page = await editor.get("/newsroom/comments/en");
      assert.equal(page.statusCode, 200);
      const document = parsePage(page.body);
      for (const id of ids) {
        const item = document.querySelector(`#q-${id}`);
        assert.ok(item, `comment ${id} is in the queue`);
        assert.ok(
          item.querySelector(".action-approve") &&
            item.querySelector(".action-reject") &&
            item.querySelector(".action-spam"),
        );
        assert.ok(item.querySelector(`input[name="ids"][value="${id}"]`));
      }
      assert.match(
        document.querySelector('nav[aria-label="Queues"]')?.textContent ?? "",
        /Pending \(\d+\)Flagged \(0\)Spam \(0\)/,
      );
      assert.ok(document.querySelector('script[src^="/assets/moderation."]'));
      assert.ok(!page.body.includes(SECRET_EMAIL_DOMAIN));
      assert.equal(
        document.querySelector('a[aria-current="page"][href="/newsroom/comments"]')?.textContent,
        "Comments",
      );
    });

    test("contributors and translators may not moderate", async () => {
      const page = await contributor.get("/newsroom/comments/en");
      assert.equal(page.statusCode, 403);
      const id = await held();
      const refused = await contributor.post(`/newsroom/comments/item/${id}/approve`);
      assert.equal(refused.statusCode, 403);
      assert.equal(await statusOf(id), "pending");
    });

    test("approving publishes the comment, is audited, purges the thread, and the queue comes back at the next one", async () => {
      const id = await held({ text: "Approve me, please." });
      const next = await held();
      const seen = demo.changes.length;
      await editor.get("/newsroom/comments/en");
      const response = await editor.post(`/newsroom/comments/item/${id}/approve`, {
        return: "/newsroom/comments/en?tab=pending",
        next: String(next),
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, `/newsroom/comments/en?tab=pending&done=approve#q-${next}`);
      assert.equal(await statusOf(id), "approved");
      const [entry] = await audit("comment.approve");
      assert.equal(entry?.subjectId, String(id));
      assert.equal(entry?.actorUserId, editor.user.id);
      assert.equal(JSON.parse(entry?.details ?? "{}").from, "pending");
      assert.ok(demo.changes.slice(seen).some((c) => c.reasons.includes("comments.changed")));
      assert.match((await demo.app.inject(threadPath)).body, /Approve me, please\./);
    });

    test("bulk actions reject or mark many at once, each audited", async () => {
      const ids = [await held(), await held(), await held()];
      await editor.get("/newsroom/comments/en");
      const response = await editor.post("/newsroom/comments/en/bulk", {
        ids: ids.slice(0, 2).map(String),
        action: "spam",
        return: "/newsroom/comments/en?tab=pending",
      });
      assert.equal(response.statusCode, 303);
      assert.deepEqual(await Promise.all(ids.map(statusOf)), ["spam", "spam", "pending"]);
      const entries = await audit("comment.spam");
      assert.deepEqual(
        entries
          .slice(0, 2)
          .map((e) => Number(e.subjectId))
          .sort(),
        ids.slice(0, 2).sort(),
      );
      assert.ok(entries.slice(0, 2).every((e) => JSON.parse(e.details).bulk === true));
      const spamTab = parsePage((await editor.get("/newsroom/comments/en?tab=spam")).body);
      assert.ok(spamTab.querySelector(`#q-${ids[0]}`) && spamTab.querySelector(`#q-${ids[1]}`));
      await editor.post("/newsroom/comments/en/bulk", { ids: [String(ids[2])], action: "reject" });
      assert.equal(await statusOf(ids[2] ?? 0), "rejected");
    });

    test("editing keeps a record of the old and new text, and readers see the comment marked as edited", async () => {
      const id = await held({ text: "Teh typo and a slur." });
      await editor.post(`/newsroom/comments/item/${id}/approve`);
      const form = await editor.get(`/newsroom/comments/item/${id}/edit`);
      assert.equal(parsePage(form.body).querySelector("textarea")?.textContent, "Teh typo and a slur.");
      const saved = await editor.post(`/newsroom/comments/item/${id}/edit`, {
        text: "The typo and [removed].",
      });
      assert.equal(saved.statusCode, 303);
      const [entry] = await audit("comment.edit");
      assert.deepEqual(JSON.parse(entry?.details ?? "{}").before, "Teh typo and a slur.");
      const thread = parsePage((await demo.app.inject(threadPath)).body);
      assert.equal(
        thread.querySelector(`#comment-${id} .comment-text`)?.textContent,
        "The typo and [removed].",
      );
      assert.match(
        thread.querySelector(`#comment-${id} .comment-edited`)?.textContent ?? "",
        /edited by a moderator/,
      );
      assert.equal((await editor.post(`/newsroom/comments/item/${id}/edit`, { text: "  " })).statusCode, 400);
    });

    test("a comment flagged enough goes to the flagged tab; approving it clears the flags", async () => {
      const id = await held({ text: "Controversial but fine." });
      await editor.post(`/newsroom/comments/item/${id}/approve`);
      for (const ip of ["192.0.2.11", "192.0.2.12", "192.0.2.13"]) {
        await demo.app.inject({
          method: "POST",
          url: `/en/comments/${id}/flag`,
          headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
          payload: "reason=abuse",
        });
      }
      assert.equal(await statusOf(id), "pending");
      const flagged = parsePage((await editor.get("/newsroom/comments/en?tab=flagged")).body);
      assert.match(
        flagged.querySelector(`#q-${id} .queue-status`)?.textContent ?? "",
        /flagged by readers · 3 flags/,
      );
      const pending = parsePage((await editor.get("/newsroom/comments/en?tab=pending")).body);
      assert.equal(pending.querySelector(`#q-${id}`), null);
      await editor.post(`/newsroom/comments/item/${id}/approve`);
      const row = await demo.database.db
        .selectFrom("comments")
        .select(["status", "flagsCount"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: "approved", flagsCount: 0 });
    });

    test("a commenter's history lists everything they posted, by e-mail hash", async () => {
      const first = await held({ email: `history@${SECRET_EMAIL_DOMAIN}`, text: "History one." });
      const second = await held({ email: `history@${SECRET_EMAIL_DOMAIN}`, text: "History two." });
      const queue = parsePage((await editor.get("/newsroom/comments/en")).body);
      const href =
        queue.querySelector(`#q-${first} a[href^="/newsroom/comments/commenter/"]`)?.getAttribute("href") ??
        "";
      const history = await editor.get(href);
      assert.equal(history.statusCode, 200);
      const document = parsePage(history.body);
      assert.ok(document.querySelector(`#q-${first}`) && document.querySelector(`#q-${second}`));
      assert.ok(!history.body.includes(SECRET_EMAIL_DOMAIN));
    });

    test("banning by e-mail or address refuses new comments until the ban is lifted, all audited", async () => {
      const id = await held({ email: `troll@${SECRET_EMAIL_DOMAIN}`, text: "Trolling." });
      await editor.get("/newsroom/comments/en");
      const banned = await editor.inject({
        method: "POST",
        url: `/newsroom/comments/bans?kind=email&fromComment=${id}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          _csrf: editor.csrfToken,
          return: "/newsroom/comments/en?tab=pending",
        }).toString(),
      });
      assert.equal(banned.statusCode, 303);
      const refused = await postForm(
        demo.app,
        threadPath,
        commentForm({ email: `troll@${SECRET_EMAIL_DOMAIN}`, text: "Again." }),
      );
      assert.equal(refused.statusCode, 403);
      assert.match(
        parsePage(refused.body).querySelector(".comment-error")?.textContent ?? "",
        /not accepted here/,
      );
      const [entry] = await audit("comment.ban");
      assert.equal(JSON.parse(entry?.details ?? "{}").kind, "email");
      assert.ok(!(entry?.details ?? "").includes("troll@"), "the audit log keeps no address");

      const byIp = await editor.post("/newsroom/comments/bans", {
        kind: "ip",
        value: "198.51.100.99",
        reason: "flooding",
        days: "7",
      });
      assert.equal(byIp.statusCode, 303);
      const fromIp = await postForm(
        demo.app,
        threadPath,
        commentForm({ email: `other@${SECRET_EMAIL_DOMAIN}`, text: "From a banned address." }),
        {
          "x-forwarded-for": "198.51.100.99",
        },
      );
      assert.equal(fromIp.statusCode, 403);
      assert.equal(
        (await editor.post("/newsroom/comments/bans", { kind: "ip", value: "not an ip" })).statusCode,
        400,
      );

      const bans = parsePage((await editor.get("/newsroom/comments/bans")).body);
      const lift = bans.querySelector('form[action$="/lift"]')?.getAttribute("action") ?? "";
      assert.equal((await editor.post(lift)).statusCode, 303);
      assert.equal((await audit("comment.unban")).length, 1);
    });

    test("closing a thread stops comments and hides the form; reopening brings them back", async () => {
      const article = await demo.article("en");
      const closed = await editor.post(`/newsroom/comments/articles/${article.id}/close`);
      assert.equal(closed.statusCode, 303);
      const page = parsePage((await demo.app.inject(threadPath)).body);
      assert.equal(page.querySelector("#comment-form"), null);
      assert.equal(page.querySelector(".comment-closed")?.textContent, "Comments on this story are closed.");
      assert.equal(
        (
          await postForm(
            demo.app,
            threadPath,
            commentForm({ email: `c@${SECRET_EMAIL_DOMAIN}`, text: "Too late." }),
          )
        ).statusCode,
        403,
      );
      await editor.post(`/newsroom/comments/articles/${article.id}/reopen`);
      assert.ok(parsePage((await demo.app.inject(threadPath)).body).querySelector("#comment-form"));
      assert.equal((await audit("comment.closeThread")).length, 1);
    });

    test("only administrators set an edition's policy, and it takes effect at once", async () => {
      await editor.get("/newsroom/comments/pt");
      assert.equal(
        (await editor.post("/newsroom/comments/pt/policy", { policy: "open", closeAfterDays: "" }))
          .statusCode,
        403,
      );
      await admin.get("/newsroom/comments/pt");
      assert.equal(
        (await admin.post("/newsroom/comments/pt/policy", { policy: "open", closeAfterDays: "30" }))
          .statusCode,
        303,
      );
      const pt = await demo.article("pt");
      const posted = await postForm(
        demo.app,
        pt.threadPath,
        commentForm({ email: `pt@${SECRET_EMAIL_DOMAIN}`, text: "Publicado na hora." }),
      );
      assert.match(String(posted.headers.location), /notice=posted/);
      const [entry] = await audit("comment.policy");
      assert.deepEqual(JSON.parse(entry?.details ?? "{}").after, { policy: "open", closeAfterDays: 30 });
    });

    test("moderation forms without the CSRF token are refused", async () => {
      const id = await held();
      const response = await editor.post(`/newsroom/comments/item/${id}/approve`, { _csrf: "forged" });
      assert.equal(response.statusCode, 403);
      assert.equal(await statusOf(id), "pending");
    });
  });
}
