import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import type { Actor } from "../accounts/authorization/policy.ts";
import type { Role } from "../accounts/authorization/roles.ts";
import type { Db } from "../db/database.ts";
import type { ArticleRow } from "../db/schema.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { ArticleService } from "./article-service.ts";
import {
  ArticleNotPublishedError,
  CORRECTION_MAX_LENGTH,
  CorrectionService,
  listCorrections,
} from "./corrections.ts";
import { StoryService } from "./story-service.ts";

const TEXT = "An earlier version of this article gave the wrong date for the ceasefire.";

for (const database of testDatabases()) {
  describe(`corrections on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let articles: ArticleService;
    let corrections: CorrectionService;
    let announced: ContentChange[];
    const actors = {} as Record<Role, Actor>;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      const events = new ContentEvents();
      announced = [];
      events.subscribe((change) => {
        announced.push(change);
      });
      articles = new ArticleService(db, events);
      corrections = new CorrectionService(db, events);
      for (const role of ["contributor", "translator", "editor", "admin"] as const) {
        const user = await createTestUser(db, role);
        actors[role] = { id: user.id, role, editions: user.editions };
      }
    });
    afterEach(() => handle.close());

    async function article(publish: boolean | "scheduled"): Promise<ArticleRow> {
      const story = await new StoryService(db).createStory({ originalEdition: "en" });
      const created = await articles.createArticle({
        storyId: story.id,
        edition: "en",
        title: `Ceasefire holds ${Math.random().toString(36).slice(2)}`,
        body: bodyFromParagraphs(["The ceasefire held through the night."]),
      });
      if (publish === true) {
        return articles.publishArticle(created.id, { at: new Date(Date.now() - 3_600_000) });
      }
      if (publish === "scheduled") {
        return articles.publishArticle(created.id, { at: new Date(Date.now() + 3_600_000) });
      }
      return created;
    }

    async function updatedAt(id: number): Promise<string> {
      const row = await db.selectFrom("articles").select("updatedAt").where("id", "=", id).executeTakeFirst();
      return row?.updatedAt ?? "";
    }

    test("an editor appends a dated correction; the article's date of change moves and it is announced", async () => {
      const published = await article(true);
      const before = await updatedAt(published.id);
      announced = [];
      const added = await corrections.add(actors.editor, published.id, `  ${TEXT}\n\n  Sorry.  `);
      assert.equal(added.text, `${TEXT} Sorry.`, "one paragraph of plain text");
      assert.ok(added.correctedAt > before);
      assert.equal(await updatedAt(published.id), added.correctedAt);
      assert.deepEqual(
        (await listCorrections(db, published.id)).map((c) => c.text),
        [`${TEXT} Sorry.`],
      );
      assert.equal(announced.length, 1);
      assert.deepEqual(announced[0]?.reasons, ["article.corrected"]);
      assert.deepEqual(announced[0]?.articleIds, [published.id]);
      const audit = await db
        .selectFrom("auditLog")
        .selectAll()
        .where("action", "=", "article.correct")
        .executeTakeFirstOrThrow();
      assert.equal(audit.actorUserId, actors.editor.id);
      assert.equal(String(audit.subjectId), String(published.id));
      assert.match(String(audit.details), /wrong date for the ceasefire/);
    });

    test("corrections are listed oldest first, whoever added them", async () => {
      const published = await article(true);
      await corrections.add(actors.editor, published.id, "First correction.");
      await corrections.add(actors.admin, published.id, "Second correction.");
      assert.deepEqual(
        (await listCorrections(db, published.id)).map((c) => c.text),
        ["First correction.", "Second correction."],
      );
    });

    test("contributors and translators are refused with a 403, and nothing is stored", async () => {
      const published = await article(true);
      for (const role of ["contributor", "translator"] as const) {
        await assert.rejects(corrections.add(actors[role], published.id, TEXT), (error: unknown) => {
          assert.ok(error instanceof ForbiddenError);
          assert.equal(error.status, 403);
          assert.match(error.message, /may not publish corrections/);
          return true;
        });
      }
      assert.deepEqual(await listCorrections(db, published.id), []);
    });

    test("a draft or an article scheduled for later takes no correction: a 400 that says why", async () => {
      for (const which of [false, "scheduled"] as const) {
        const unpublished = await article(which);
        const before = await updatedAt(unpublished.id);
        await assert.rejects(corrections.add(actors.editor, unpublished.id, TEXT), (error: unknown) => {
          assert.ok(error instanceof ArticleNotPublishedError);
          assert.equal(error.status, 400);
          assert.match(error.message, /Only a published article takes corrections/);
          return true;
        });
        assert.deepEqual(await listCorrections(db, unpublished.id), []);
        assert.equal(await updatedAt(unpublished.id), before);
      }
    });

    test("an empty or overlong correction is a 400 naming the field, and the article is untouched", async () => {
      const published = await article(true);
      const before = await updatedAt(published.id);
      for (const text of ["", "   \n  ", "x".repeat(CORRECTION_MAX_LENGTH + 1)]) {
        await assert.rejects(corrections.add(actors.editor, published.id, text), (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          assert.equal(error.status, 400);
          assert.equal(error.details.field, "correction");
          return true;
        });
      }
      assert.deepEqual(await listCorrections(db, published.id), []);
      assert.equal(await updatedAt(published.id), before);
    });

    test("a correction added by mistake is withdrawn by an editor, audited with its text", async () => {
      const published = await article(true);
      const added = await corrections.add(actors.editor, published.id, TEXT);
      await assert.rejects(
        corrections.withdraw(actors.contributor, published.id, added.id),
        (error: unknown) => error instanceof ForbiddenError,
      );
      await assert.rejects(
        corrections.withdraw(actors.editor, published.id + 1000, added.id),
        (error: unknown) => error instanceof NotFoundError,
      );
      announced = [];
      await corrections.withdraw(actors.admin, published.id, added.id);
      assert.deepEqual(await listCorrections(db, published.id), []);
      assert.deepEqual(announced[0]?.reasons, ["article.correctionWithdrawn"]);
      const audit = await db
        .selectFrom("auditLog")
        .selectAll()
        .where("action", "=", "article.withdrawCorrection")
        .executeTakeFirstOrThrow();
      assert.match(String(audit.details), /wrong date for the ceasefire/);
    });

    test("deleting an article deletes its corrections", async () => {
      const published = await article(true);
      await corrections.add(actors.editor, published.id, TEXT);
      await db.deleteFrom("articles").where("id", "=", published.id).execute();
      const left = await db.selectFrom("articleCorrections").select("id").execute();
      assert.deepEqual(left, []);
    });
  });
}
