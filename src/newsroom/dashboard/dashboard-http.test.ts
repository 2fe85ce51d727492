import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { demoNewsroom } from "../../../test/support/demo-newsroom.ts";
import { parsePage } from "../../../test/support/html.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { nowIso } from "../../shared/validate.ts";
import { createDraft, moveTo } from "../workflow/workflow-test-support.ts";

for (const database of testDatabases()) {
  describe(`the dashboard and the article list, on ${database.name}`, () => {
    const site = demoNewsroom(database);
    const db = () => site.db;
    const panelCount = (page: ReturnType<typeof parsePage>, panel: string) =>
      Number(page.querySelector(`[data-panel="${panel}"] [data-count]`)?.getAttribute("data-count"));
    const editionCount = (page: ReturnType<typeof parsePage>, panel: string, edition: string) =>
      Number(page.querySelector(`[data-panel="${panel}"] [data-edition-count="${edition}"]`)?.textContent);

    test("the dashboard's counts are the database's", async () => {
      const contributorDraft = await createDraft(db(), site.users.contributor.user.id);
      await createDraft(db(), site.users.editor.user.id);
      await moveTo(
        db(),
        site.users.admin.user,
        await createDraft(db(), site.users.contributor.user.id),
        "review",
      );
      await moveTo(
        db(),
        site.users.admin.user,
        await createDraft(db(), site.users.editor.user.id),
        "scheduled",
      );
      const now = nowIso();
      const count = async (status: string, extra?: (id: number) => boolean) => {
        const rows = await db()
          .selectFrom("articles")
          .select(["id", "publishedAt"])
          .where("status", "=", status as "draft")
          .execute();
        return rows
          .filter((row) => (status === "scheduled" ? (row.publishedAt ?? "") > now : true))
          .filter((row) => extra?.(row.id) ?? true).length;
      };
      const ownedBy = async (userId: number) =>
        new Set(
          (
            await db()
              .selectFrom("articleRevisions")
              .select("articleId")
              .where("number", "=", 1)
              .where("savedByUserId", "=", userId)
              .execute()
          ).map((row) => row.articleId),
        );
      const editorOwns = await ownedBy(site.users.editor.user.id);
      const editorPage = parsePage((await site.users.editor.get("/newsroom")).body);
      assert.equal(panelCount(editorPage, "my-drafts"), await count("draft", (id) => editorOwns.has(id)));
      assert.equal(panelCount(editorPage, "review"), await count("review"));
      assert.equal(panelCount(editorPage, "scheduled"), await count("scheduled"));
      const waiting = await db().selectFrom("pendingEdits").select("id").execute();
      assert.equal(panelCount(editorPage, "pending-edits"), waiting.length);
      assert.ok(panelCount(editorPage, "review") >= 1 && panelCount(editorPage, "scheduled") >= 1);

      const contributorOwns = await ownedBy(site.users.contributor.user.id);
      const contributorPage = parsePage((await site.users.contributor.get("/newsroom")).body);
      assert.equal(
        panelCount(contributorPage, "my-drafts"),
        await count("draft", (id) => contributorOwns.has(id)),
      );
      assert.ok(
        [...contributorPage.querySelectorAll('[data-panel="my-drafts"] a')].some(
          (link) => link.getAttribute("href") === `/newsroom/articles/${contributorDraft.id}/edit`,
        ),
      );
      assert.equal(contributorPage.querySelector('[data-panel="comments"]'), null, "not a moderator");

      // Pending comments per edition, as the moderation queue counts them.
      for (const edition of site.demo.config.editions.map((e) => e.code)) {
        const pending = await db()
          .selectFrom("comments")
          .innerJoin("articles", "articles.id", "comments.articleId")
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .where("articles.edition", "=", edition)
          .where("comments.status", "=", "pending")
          .where((eb) =>
            eb.or([eb("comments.reviewReason", "is", null), eb("comments.reviewReason", "!=", "flagged")]),
          )
          .executeTakeFirstOrThrow();
        assert.equal(editionCount(editorPage, "comments", edition), Number(pending.count), edition);
      }
    });

    test("an outdated translation is counted under its edition, and a review note shows with its article", async () => {
      const before = editionCount(
        parsePage((await site.users.editor.get("/newsroom")).body),
        "outdated",
        "pt",
      );
      const original = await moveTo(
        db(),
        site.users.admin.user,
        await createDraft(db(), site.users.editor.user.id),
        "published",
      );
      const articles = new ArticleService(db());
      await articles.createArticle({
        storyId: original.storyId,
        edition: "pt",
        title: "Tradução",
        summary: null,
        body: JSON.parse(original.body),
        savedByUserId: site.users.translator.user.id,
      });
      await articles.updateArticle(
        original.id,
        { title: `${original.title} (updated)` },
        site.users.editor.user.id,
      );
      const after = editionCount(
        parsePage((await site.users.editor.get("/newsroom")).body),
        "outdated",
        "pt",
      );
      assert.equal(after, before + 1);

      const draft = await createDraft(db(), site.users.contributor.user.id, { title: "A story with a note" });
      await site.users.contributor.get(`/newsroom/articles/${draft.id}/workflow`);
      await site.users.contributor.post(`/newsroom/articles/${draft.id}/workflow/submit`, {
        note: "Checked twice.",
      });
      const review = parsePage((await site.users.editor.get("/newsroom")).body).querySelector(
        '[data-panel="review"]',
      );
      assert.match(review?.textContent ?? "", /A story with a note.*Test contributor:\s*Checked twice\./s);
    });

    test("the article list filters by status, edition and title words, and refuses what names nothing", async () => {
      const story = await createDraft(db(), site.users.editor.user.id, {
        title: "Zebra crossing reopens downtown",
      });
      const titles = async (query: string) =>
        [
          ...parsePage((await site.users.editor.get(`/newsroom/articles?${query}`)).body).querySelectorAll(
            "td.title-cell",
          ),
        ].map((cell) => cell.textContent?.trim());
      assert.deepEqual(await titles("q=zebra+DOWNTOWN"), ["Zebra crossing reopens downtown"]);
      assert.deepEqual(await titles("q=zebra&status=published"), []);
      assert.deepEqual(await titles("q=zebra&status=draft&edition=en"), ["Zebra crossing reopens downtown"]);
      assert.deepEqual(await titles("q=zebra&edition=pt"), []);
      assert.deepEqual(await titles("q=100%25"), [], "LIKE's wildcards are not wildcards here");
      for (const query of ["status=lost", "edition=xx", "authorId=abc", "from=yesterday", "page=0"]) {
        assert.equal((await site.users.editor.get(`/newsroom/articles?${query}`)).statusCode, 400, query);
      }
      assert.ok(story.id > 0);
    });

    test("bulk actions: publish several at once; delete asks first; each article is checked", async () => {
      const first = await moveTo(
        db(),
        site.users.admin.user,
        await createDraft(db(), site.users.contributor.user.id),
        "review",
      );
      const second = await moveTo(
        db(),
        site.users.admin.user,
        await createDraft(db(), site.users.contributor.user.id),
        "review",
      );
      const mine = await createDraft(db(), site.users.contributor.user.id);
      await site.users.editor.get("/newsroom/articles");
      const published = await site.users.editor.post("/newsroom/articles/bulk", {
        action: "publish",
        ids: [String(first.id), String(second.id)],
      });
      assert.equal(published.statusCode, 200);
      assert.match(
        parsePage(published.body).querySelector(".notice")?.textContent ?? "",
        /2 articles published\./,
      );
      const statuses = await db()
        .selectFrom("articles")
        .select("status")
        .where("id", "in", [first.id, second.id])
        .execute();
      assert.deepEqual(
        statuses.map((row) => row.status),
        ["published", "published"],
      );

      const question = await site.users.editor.post("/newsroom/articles/bulk", {
        action: "delete",
        ids: [String(first.id)],
      });
      assert.equal(question.statusCode, 200);
      assert.match(question.body, /Delete 1 article\?/);
      assert.equal(
        (await db().selectFrom("articles").select("id").where("id", "=", first.id).execute()).length,
        1,
      );
      const deleted = await site.users.editor.post("/newsroom/articles/bulk", {
        action: "delete",
        ids: [String(first.id)],
        confirm: "yes",
      });
      assert.match(deleted.body, /1 article deleted\./);
      assert.equal(
        (await db().selectFrom("articles").select("id").where("id", "=", first.id).execute()).length,
        0,
      );

      // A contributor is offered sending to review only; anything else is refused article by article.
      const list = parsePage((await site.users.contributor.get("/newsroom/articles")).body);
      assert.deepEqual(
        [...list.querySelectorAll("#bulk-action option")].map((option) => option.getAttribute("value")),
        ["", "submit"],
      );
      const refused = await site.users.contributor.post("/newsroom/articles/bulk", {
        action: "publish",
        ids: [String(mine.id)],
      });
      assert.match(refused.body, /0 articles published; 1 left as they were\./);
      assert.match(
        parsePage(refused.body).querySelector('[data-bulk="refused"]')?.textContent ?? "",
        /may not publish/,
      );
      const empty = await site.users.editor.post("/newsroom/articles/bulk", { action: "publish" });
      assert.equal(empty.statusCode, 400);
    });
  });
}
