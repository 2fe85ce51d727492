import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { rm } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { parsePage } from "../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../test/support/newsroom.ts";
import { AccessTokenService } from "../accounts/access-token-service.ts";
import { buildApp } from "../app.ts";
import { ArticleService } from "../articles/article-service.ts";
import {
  type CommentsDemo,
  commentForm,
  postForm,
  startCommentsDemo,
} from "../comments/comment-test-support.ts";
import { ValidationError } from "../shared/errors.ts";
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, WebhookSender } from "./webhook-sender.ts";
import { WebhookService } from "./webhook-service.ts";
import { type ReceivedDelivery, TestReceiver } from "./webhook-test-support.ts";

/** What a receiver does to check a delivery: the README's five lines. */
function verified(delivery: ReceivedDelivery, secret: string): boolean {
  const expected = `sha256=${createHmac("sha256", secret).update(delivery.body).digest("hex")}`;
  return delivery.headers["x-tribune-signature"] === expected;
}

function bodyOf(delivery: ReceivedDelivery | undefined): {
  id: string;
  event: string;
  data: Record<string, unknown>;
} {
  assert.ok(delivery, "a delivery");
  return JSON.parse(delivery.body);
}

for (const database of testDatabases()) {
  describe(`webhooks on ${database.name}`, () => {
    let demo: CommentsDemo;
    let admin: NewsroomSession;
    const receiver = new TestReceiver();
    // The sender's time runs with the real one, moved forward past a retry's delay when told.
    let offsetMs = 0;
    const clock = () => new Date(Date.now() + offsetMs);
    let secret = "";
    let hookId = 0;
    let articles: ArticleService;

    before(async () => {
      await receiver.start();
      demo = await startCommentsDemo(
        database,
        {
          WEBHOOKS_ALLOW_PRIVATE: "true",
          COMMENT_POLICY_EN: "open",
          COMMENT_POLICY_ES: "premoderate-all",
        },
        { clock },
      );
      admin = await signInAs(demo.app, demo.database.db, "admin");
      articles = new ArticleService(demo.database.db, demo.app.contentEvents);
    });
    after(async () => {
      await receiver.stop();
      await demo?.close();
    });

    const deliveryRows = () =>
      demo.database.db
        .selectFrom("webhookDeliveries")
        .selectAll()
        .where("webhookId", "=", hookId)
        .orderBy("id")
        .execute();

    test("an admin registers a hook in the newsroom and sees its secret once", async () => {
      await admin.get("/newsroom/webhooks");
      const created = await admin.post("/newsroom/webhooks", {
        url: receiver.url,
        events: ["article.published", "article.updated", "article.unpublished", "comment.posted"],
        active: "yes",
      });
      assert.equal(created.statusCode, 201);
      secret = parsePage(created.body).querySelector("code.secret")?.textContent ?? "";
      assert.match(secret, /^whsec_[0-9a-f]{64}$/);
      const row = await demo.database.db.selectFrom("webhooks").selectAll().executeTakeFirstOrThrow();
      hookId = row.id;
      assert.equal(row.url, receiver.url);
      const page = await admin.get(`/newsroom/webhooks/${hookId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes(secret), "the secret is not shown again");
      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select(["action", "details"])
        .where("action", "=", "webhook.create")
        .executeTakeFirstOrThrow();
      assert.ok(!audit.details.includes(secret), "the audit log keeps no secret");
    });

    test("editors and translators may not see or change hooks", async () => {
      const editor = await signInAs(demo.app, demo.database.db, "editor");
      assert.equal((await editor.get("/newsroom/webhooks")).statusCode, 403);
      await admin.get("/newsroom/webhooks");
      const refused = await editor.post(`/newsroom/webhooks/${hookId}/delete`, { confirm: "yes" });
      assert.equal(refused.statusCode, 403);
      assert.equal((await deliveryRows()).length, 0);
    });

    test("update, unpublish, publish and a comment arrive signed, in order, with their data", async () => {
      const article = await demo.article("en");
      await articles.updateArticle(article.id, { title: "A title changed for the webhook" });
      await articles.unpublishArticle(article.id);
      await articles.publishArticle(article.id);
      const posted = await postForm(demo.app, article.threadPath, commentForm({ text: "Webhooks!" }));
      assert.equal(posted.statusCode, 303);
      await receiver.until(4);

      assert.deepEqual(
        receiver.received.map((delivery) => delivery.headers["x-tribune-event"]),
        ["article.updated", "article.unpublished", "article.published", "comment.posted"],
      );
      for (const delivery of receiver.received) {
        assert.ok(verified(delivery, secret), "the signature verifies with the hook's secret");
        assert.equal(delivery.headers["content-type"], "application/json");
        assert.match(String(delivery.headers["x-tribune-delivery"]), /^[0-9a-f-]{36}$/);
        assert.match(String(delivery.headers["x-tribune-timestamp"]), /^\d{10}$/);
        assert.ok(!verified(delivery, `${secret}x`), "another secret does not verify");
      }
      const updated = bodyOf(receiver.of("article.updated")[0]);
      assert.equal(updated.event, "article.updated");
      assert.equal(updated.data.articleId, article.id);
      assert.equal(typeof updated.data.storyId, "number");
      assert.equal(updated.data.edition, "en");
      assert.equal(updated.data.title, "A title changed for the webhook");
      assert.match(String(updated.data.url), new RegExp(`^http://tribune\\.test${article.path}$`));
      assert.equal(bodyOf(receiver.of("article.unpublished")[0]).data.url, null);
      const comment = bodyOf(receiver.of("comment.posted")[0]);
      assert.equal(comment.data.text, "Webhooks!");
      assert.equal(comment.data.articleId, article.id);

      // The receiver has the deliveries; the sender's round records them after its answer.
      assert.equal(await demo.app.webhookSender?.sendDue(), 0);
      const log = parsePage((await admin.get(`/newsroom/webhooks/${hookId}`)).body);
      const lines = log.querySelectorAll("tr[data-delivery]");
      assert.equal(lines.length, 4);
      assert.match(lines[0]?.textContent ?? "", /comment\.posted.*delivered.*HTTP 204/);
    });

    test("edits readers cannot see and a comment waiting for moderation send nothing", async () => {
      const article = await demo.article("en");
      await articles.unpublishArticle(article.id);
      const afterUnpublish = (await deliveryRows()).length;
      await articles.updateArticle(article.id, { title: "Edited while unpublished" });
      assert.equal((await deliveryRows()).length, afterUnpublish);
      await articles.publishArticle(article.id);
      const afterPublish = (await deliveryRows()).length;
      assert.equal(afterPublish, afterUnpublish + 1);

      const premoderated = await demo.article("es");
      const posted = await postForm(demo.app, premoderated.threadPath, commentForm());
      assert.equal(posted.statusCode, 303);
      const comment = await demo.database.db
        .selectFrom("comments")
        .select("status")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      assert.equal(comment.status, "pending");
      assert.equal((await deliveryRows()).length, afterPublish);
      await receiver.until(afterPublish);
    });

    test("a comment approved later, in the newsroom or through the API, is sent as posted once; approving it again is not", async () => {
      const premoderated = await demo.article("es");
      const posted = await postForm(
        demo.app,
        premoderated.threadPath,
        commentForm({ text: "Held, then approved." }),
      );
      assert.equal(posted.statusCode, 303);
      const { id } = await demo.database.db
        .selectFrom("comments")
        .select("id")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      const already = (await deliveryRows()).length;
      const moderate = async (commentId: number, action: string) => {
        await admin.get("/newsroom/comments/es");
        const response = await admin.post(`/newsroom/comments/item/${commentId}/${action}`);
        assert.equal(response.statusCode, 303);
      };
      await moderate(id, "approve");
      const rows = await deliveryRows();
      assert.deepEqual(
        rows.slice(already).map((row) => row.event),
        ["comment.posted"],
      );
      await receiver.until(already + 1);
      const sent = bodyOf(receiver.of("comment.posted").at(-1));
      assert.equal(sent.data.commentId, id);
      assert.equal(sent.data.text, "Held, then approved.");
      assert.equal(sent.data.articleId, premoderated.id);

      await moderate(id, "reject");
      await moderate(id, "approve");
      // A comment shown at once when posted (the first test's), hidden and shown again, was posted once.
      const shownAtOnce = await demo.database.db
        .selectFrom("comments")
        .select("id")
        .where("body", "=", "Webhooks!")
        .executeTakeFirstOrThrow();
      const afterPosting = (await deliveryRows()).length;
      assert.equal(afterPosting, already + 1);
      await moderate(shownAtOnce.id, "spam");
      await moderate(shownAtOnce.id, "approve");
      assert.equal((await deliveryRows()).length, afterPosting);
      await receiver.until(afterPosting);

      // The admin API approves through the same service: its approval is announced too.
      assert.equal(
        (await postForm(demo.app, premoderated.threadPath, commentForm({ text: "Approved by a script." })))
          .statusCode,
        303,
      );
      const held = await demo.database.db
        .selectFrom("comments")
        .select("id")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      const { token } = await new AccessTokenService(demo.database.db).create(
        admin.user.id,
        { name: "moderation script" },
        { actorUserId: null, via: "test" },
      );
      const approved = await demo.app.inject({
        method: "POST",
        url: `/api/v1/comments/${held.id}/approve`,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(approved.statusCode, 200, approved.body);
      await receiver.until(afterPosting + 1);
      assert.equal(bodyOf(receiver.of("comment.posted").at(-1)).data.text, "Approved by a script.");
    });

    test("a scheduled article is announced as published when its time comes, once", async () => {
      const article = await demo.article("en");
      const already = receiver.received.length;
      await articles.unpublishArticle(article.id);
      // The app's schedule watcher announces it when the time comes, in a unit of work of its own.
      await articles.publishArticle(article.id, { at: new Date(Date.now() + 1_500) });
      await receiver.until(already + 2);
      assert.deepEqual(
        receiver.received.slice(already).map((delivery) => delivery.headers["x-tribune-event"]),
        ["article.unpublished", "article.published"],
      );
      const published = bodyOf(receiver.received.at(-1));
      assert.equal(published.data.articleId, article.id);
      assert.equal(published.data.status, "scheduled");
      assert.equal(await demo.app.webhookSender?.sendDue(), 0);
      assert.equal((await deliveryRows()).length, receiver.received.length);
    });

    test("while the receiver is down, a delivery waits and is retried after its delay", async () => {
      // From here on the test drives the sender: each round is one call.
      await demo.app.webhookSender?.stop();
      const sender = demo.app.webhookSender as WebhookSender;
      const already = receiver.received.length;
      await receiver.stop();
      const article = await demo.article("en");
      await articles.updateArticle(article.id, { title: "Sent while the receiver was down" });
      assert.equal(await sender.sendDue(), 1);
      const [waiting] = (await deliveryRows()).filter((row) => row.status === "pending");
      assert.equal(waiting?.attempts, 1);
      assert.match(waiting?.lastError ?? "", /the request failed/);
      const log = parsePage((await admin.get(`/newsroom/webhooks/${hookId}`)).body);
      assert.match(log.querySelector("tr[data-delivery]")?.textContent ?? "", /article\.updated.*pending/);

      await receiver.start();
      assert.equal(await sender.sendDue(), 0, "not before its delay");
      offsetMs += RETRY_DELAYS_MS[0] + 1_000;
      assert.equal(await sender.sendDue(), 1);
      await receiver.until(already + 1);
      const arrived = bodyOf(receiver.received.at(-1));
      assert.equal(arrived.data.title, "Sent while the receiver was down");
      const row = (await deliveryRows()).find((line) => line.id === waiting?.id);
      assert.equal(row?.status, "delivered");
      assert.equal(row?.attempts, 2);
      assert.equal(row?.responseStatus, 204);
    });

    test("a receiver that keeps failing is given up after the last attempt, shown in the log", async () => {
      const sender = demo.app.webhookSender as WebhookSender;
      receiver.status = 500;
      const article = await demo.article("en");
      await articles.updateArticle(article.id, { title: "Never taken" });
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        assert.equal(await sender.sendDue(), 1);
        offsetMs += 13 * 3_600_000;
      }
      assert.equal(await sender.sendDue(), 0);
      receiver.status = 204;
      const last = (await deliveryRows()).at(-1);
      assert.equal(last?.status, "failed");
      assert.equal(last?.attempts, MAX_ATTEMPTS);
      assert.equal(last?.responseStatus, 500);
      const log = parsePage((await admin.get(`/newsroom/webhooks/${hookId}`)).body);
      assert.match(log.querySelector("tr[data-delivery]")?.textContent ?? "", /failed.*HTTP 500/);
    });

    test("bad input in the newsroom form is refused with a message, and nothing is stored", async () => {
      await admin.get("/newsroom/webhooks");
      const count = async () => (await demo.database.db.selectFrom("webhooks").select("id").execute()).length;
      const before = await count();
      for (const [fields, message] of [
        [{ url: "not an address", events: ["article.published"] }, /url: .*not an absolute URL/],
        [{ url: "ftp://example.org/hook", events: ["article.published"] }, /url: must be an http or https/],
        [{ url: receiver.url }, /events: choose at least one event/],
        [{ url: receiver.url, events: ["article.deleted"] }, /events: "article.deleted" is not an event/],
      ] as const) {
        const refused = await admin.post("/newsroom/webhooks", fields);
        assert.equal(refused.statusCode, 400);
        assert.match(parsePage(refused.body).querySelector(".error")?.textContent ?? "", message);
      }
      const edit = await admin.post(`/newsroom/webhooks/${hookId}`, { url: "", events: ["comment.posted"] });
      assert.equal(edit.statusCode, 400);
      assert.equal(await count(), before);
      const hook = await demo.database.db
        .selectFrom("webhooks")
        .selectAll()
        .where("id", "=", hookId)
        .executeTakeFirstOrThrow();
      assert.equal(hook.url, receiver.url);
      assert.equal((await admin.post("/newsroom/webhooks/abc", {})).statusCode, 400);
      assert.equal((await admin.get("/newsroom/webhooks/999999")).statusCode, 404);
    });

    test("loopback and private targets are refused at registration and at delivery unless allowed", async () => {
      const actor = { id: admin.user.id, role: "admin" as const, editions: [] };
      const strict = new WebhookService(demo.database.db, { allowPrivate: false });
      for (const url of [
        "http://127.0.0.1:8080/x",
        "http://10.1.2.3/x",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
        "http://localhost/x",
      ]) {
        await assert.rejects(
          strict.create(actor, { url, events: ["article.published"], active: true }),
          (error: unknown) => error instanceof ValidationError && /not a public address/.test(error.message),
          url,
        );
      }
      // A hook registered while private targets were allowed, sent by a process that does not allow them.
      const now = clock().toISOString();
      const [row] = await demo.database.db
        .insertInto("webhooks")
        .values({
          url: receiver.url,
          events: JSON.stringify(["article.published"]),
          secret: "s",
          active: 1,
          createdAt: now,
          createdByUserId: null,
          updatedAt: now,
        })
        .returning("id")
        .execute();
      await demo.database.db
        .insertInto("webhookDeliveries")
        .values({
          webhookId: row?.id ?? 0,
          deliveryId: crypto.randomUUID(),
          event: "article.published",
          payload: "{}",
          status: "pending",
          nextAttemptAt: now,
          createdAt: now,
        })
        .execute();
      const before = receiver.received.length;
      const strictSender = new WebhookSender({
        db: demo.database.db,
        allowPrivate: false,
        clock,
        onError: () => {},
      });
      assert.equal(await strictSender.sendDue(), 1);
      const refused = await demo.database.db
        .selectFrom("webhookDeliveries")
        .selectAll()
        .where("webhookId", "=", row?.id ?? 0)
        .executeTakeFirstOrThrow();
      assert.match(refused.lastError ?? "", /127\.0\.0\.1 is not a public address/);
      assert.equal(receiver.received.length, before);
      await demo.database.db
        .deleteFrom("webhookDeliveries")
        .where("webhookId", "=", row?.id ?? 0)
        .execute();
      await demo.database.db
        .deleteFrom("webhooks")
        .where("id", "=", row?.id ?? 0)
        .execute();
    });

    test("an admin edits a hook: an inactive one queues nothing, and the events it wants are kept", async () => {
      await admin.get(`/newsroom/webhooks/${hookId}`);
      const all = ["article.published", "article.updated", "article.unpublished", "comment.posted"];
      const paused = await admin.post(`/newsroom/webhooks/${hookId}`, { url: receiver.url, events: all });
      assert.equal(paused.statusCode, 303);
      assert.equal(paused.headers.location, `/newsroom/webhooks/${hookId}?done=saved`);
      const before = (await deliveryRows()).length;
      const article = await demo.article("en");
      await articles.updateArticle(article.id, { title: "Nobody is told" });
      assert.equal((await deliveryRows()).length, before);

      const narrowed = await admin.post(`/newsroom/webhooks/${hookId}`, {
        url: receiver.url,
        events: ["article.unpublished", "comment.posted"],
        active: "yes",
      });
      assert.equal(narrowed.statusCode, 303);
      await articles.updateArticle(article.id, { title: "Not wanted either" });
      assert.equal((await deliveryRows()).length, before);
      const page = parsePage((await admin.get(`/newsroom/webhooks/${hookId}`)).body);
      const ticked = [...page.querySelectorAll('input[name="events"]')]
        .filter((input) => input.hasAttribute("checked"))
        .map((input) => input.getAttribute("value"));
      assert.deepEqual(ticked, ["article.unpublished", "comment.posted"]);
      const restored = await admin.post(`/newsroom/webhooks/${hookId}`, {
        url: receiver.url,
        events: all,
        active: "yes",
      });
      assert.equal(restored.statusCode, 303);
      const audits = await demo.database.db
        .selectFrom("auditLog")
        .select("action")
        .where("action", "=", "webhook.update")
        .execute();
      assert.equal(audits.length, 3);
    });

    test("an admin deletes a hook after confirming; its log goes with it", async () => {
      await admin.get("/newsroom/webhooks");
      const created = await admin.post("/newsroom/webhooks", {
        url: receiver.url,
        events: ["comment.posted"],
        active: "yes",
      });
      assert.equal(created.statusCode, 201);
      const id = Number(/action="\/newsroom\/webhooks\/(\d+)"/.exec(created.body)?.[1]);
      const article = await demo.article("en");
      await postForm(demo.app, article.threadPath, commentForm({ text: "One more." }));
      const logged = await demo.database.db
        .selectFrom("webhookDeliveries")
        .select("id")
        .where("webhookId", "=", id)
        .execute();
      assert.equal(logged.length, 1);

      const confirm = await admin.get(`/newsroom/webhooks/${id}/delete`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Delete the webhook\?/);
      const unconfirmed = await admin.post(`/newsroom/webhooks/${id}/delete`, {});
      assert.equal(unconfirmed.statusCode, 303);
      assert.ok(
        await demo.database.db.selectFrom("webhooks").select("id").where("id", "=", id).executeTakeFirst(),
      );
      const deleted = await admin.post(`/newsroom/webhooks/${id}/delete`, { confirm: "yes" });
      assert.equal(deleted.statusCode, 303);
      assert.equal(deleted.headers.location, "/newsroom/webhooks?done=deleted");
      assert.equal(
        await demo.database.db.selectFrom("webhooks").select("id").where("id", "=", id).executeTakeFirst(),
        undefined,
      );
      const left = await demo.database.db
        .selectFrom("webhookDeliveries")
        .select("id")
        .where("webhookId", "=", id)
        .execute();
      assert.equal(left.length, 0);
      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select("subjectId")
        .where("action", "=", "webhook.delete")
        .executeTakeFirstOrThrow();
      assert.equal(audit.subjectId, String(id));
      // The main hook had the comment too: sent now, so that the next test starts with none waiting.
      const already = receiver.received.length;
      assert.equal(await (demo.app.webhookSender as WebhookSender).sendDue(), 1);
      await receiver.until(already + 1);
    });

    test("a delivery made while the receiver is down survives a restart and arrives when it is back", async () => {
      const sender = demo.app.webhookSender as WebhookSender;
      await receiver.stop();
      const article = await demo.article("en");
      await articles.unpublishArticle(article.id);
      assert.equal(await sender.sendDue(), 1);
      const waiting = (await deliveryRows()).filter((row) => row.status === "pending");
      assert.deepEqual(
        waiting.map((row) => [row.event, row.attempts]),
        [["article.unpublished", 1]],
      );
      // The process goes away; another starts on the same database once the receiver is back.
      await demo.app.close();
      await receiver.start();
      const already = receiver.received.length;
      offsetMs += RETRY_DELAYS_MS[0] + 1_000;
      const restarted = await buildApp({ config: demo.config, database: demo.database, clock });
      try {
        await receiver.until(already + 1);
        const arrived = receiver.received.at(-1);
        assert.ok(arrived && verified(arrived, secret));
        assert.equal(bodyOf(arrived).event, "article.unpublished");
        assert.equal(bodyOf(arrived).data.articleId, article.id);
      } finally {
        await restarted.close();
      }
      await demo.database.close();
      await rm(demo.config.dataDir, { recursive: true, force: true });
      demo = undefined as unknown as CommentsDemo;
    });
  });
}
